package org.camstream.rtsp.stream;

import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * The hand-over between the capture thread and the event loop: a bounded FIFO of pending frames.
 *
 * <p>{@code depth + 2} preallocated {@link Frame}s circulate: at most {@code depth} pending, one being
 * delivered by the loop, one being filled by a producer, the rest free. {@link #offer} never waits: it
 * copies into a free frame, or reclaims the oldest pending one (which is then dropped: the newest frames
 * win, for latency). The lock guards only pointer moves, never I/O or copies, so a client can never
 * stall the producer. The default depth of 1 is the seed's "one queued frame"; a deeper queue rides
 * out scheduler hiccups of the loop thread on a loaded machine at the cost of that much latency.
 */
public final class FrameMailbox {
    private final Object lock = new Object();
    private final Frame[] free;
    private int freeCount;
    private final Frame[] pending;
    private int pendingHead;
    /**
     * Written under the lock; volatile so that the loop's frequent "anything pending?" checks (it polls
     * while a frame is due) read it without taking the lock a producer may need at that moment.
     */
    private volatile int pendingCount;
    private long nextSequence;

    public FrameMailbox(int frameCapacity, int depth) {
        if (depth < 1) throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        this.pending = new Frame[depth];
        this.free = new Frame[depth + 2];
        for (int i = 0; i < free.length; i++) {
            free[i] = new Frame(frameCapacity);
        }
        freeCount = free.length;
    }

    /** {@link #offer} result when no buffer was free (only with several producers racing): frame dropped. */
    public static final int NO_BUFFER = -1;

    /**
     * Copies {@code src}'s remaining bytes (its position unchanged afterwards) into a free frame and
     * queues it. Any thread. Returns how many older pending frames this one displaced (they are
     * dropped), or {@link #NO_BUFFER}.
     */
    public int offer(ByteBuffer src, long captureNanos) {
        return offer(src, null, 0, src.remaining(), captureNanos);
    }

    /** Copies {@code src[off, off+len)} into a free frame and queues it. Any thread. */
    public int offer(byte[] src, int off, int len, long captureNanos) {
        return offer(null, src, off, len, captureNanos);
    }

    /** One of {@code buffer} / {@code array} is the source: two entry points, no wrapper object per frame. */
    private int offer(ByteBuffer buffer, byte[] array, int off, int len, long captureNanos) {
        Frame frame;
        // Counted, not flagged: with racing producers one offer can reclaim a pending frame and then
        // also evict another when the queue refilled meanwhile; each is a dropped frame.
        int displaced = 0;
        synchronized (lock) {
            if (freeCount > 0) {
                frame = free[--freeCount];
                free[freeCount] = null;
            } else if (pendingCount > 0) {
                frame = pollOldest();
                displaced++;
            } else {
                return NO_BUFFER;
            }
        }
        if (array != null) {
            System.arraycopy(array, off, frame.data, 0, len);
        } else if (buffer.hasArray()) {
            System.arraycopy(buffer.array(), buffer.arrayOffset() + buffer.position(), frame.data, 0, len);
        } else {
            // Java 11 has no absolute bulk get: read relatively and put the position back.
            int position = buffer.position();
            buffer.get(frame.data, 0, len);
            ((Buffer) buffer).position(position);
        }
        frame.length = len;
        frame.captureNanos = captureNanos;
        synchronized (lock) {
            frame.sequence = nextSequence++;
            if (pendingCount == pending.length) {
                release(pollOldest());
                displaced++;
            }
            pending[(pendingHead + pendingCount) % pending.length] = frame;
            pendingCount++;
        }
        return displaced;
    }

    /**
     * Any thread: the next frame's sequence skips one, as if a frame had been lost, so the loop sends
     * its viewers back to waiting for an IDR (an access unit the input had to drop).
     */
    void skipSequence() {
        synchronized (lock) {
            nextSequence++;
        }
    }

    /** Loop thread: takes the oldest pending frame, or null. The caller must {@link #release} it when done. */
    public Frame take() {
        if (pendingCount == 0) return null; // lock-free when empty: most polls find nothing
        synchronized (lock) {
            return pendingCount == 0 ? null : pollOldest();
        }
    }

    private Frame pollOldest() {
        Frame f = pending[pendingHead];
        pending[pendingHead] = null;
        pendingHead = (pendingHead + 1) % pending.length;
        pendingCount--;
        return f;
    }

    /** True when no frame is pending. Any thread; a volatile read, no lock. */
    public boolean isEmpty() {
        return pendingCount == 0;
    }

    /** Returns a frame to the free pool. */
    public void release(Frame frame) {
        synchronized (lock) {
            free[freeCount++] = frame;
        }
    }

    /** Drops every pending frame (stop). Returns how many were dropped. */
    public int discardPending() {
        synchronized (lock) {
            int n = pendingCount;
            while (pendingCount > 0) free[freeCount++] = pollOldest();
            return n;
        }
    }
}
