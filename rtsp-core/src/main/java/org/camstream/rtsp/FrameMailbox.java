package org.camstream.rtsp;

import java.nio.ByteBuffer;

/**
 * The single-slot hand-over between the capture thread and the event loop.
 *
 * <p>Three preallocated {@link Frame}s circulate: at most one pending, at most one being delivered by
 * the loop, the rest free. {@link #offer} never waits: it copies into a free frame, or reclaims the
 * stale pending one (which is then dropped, newest frame wins for latency). The lock guards only
 * pointer swaps, never I/O or copies, so the producer cannot be stalled by a client.
 */
final class FrameMailbox {
    private final Object lock = new Object();
    private final Frame[] free = new Frame[3];
    private int freeCount;
    private Frame pending;
    private long nextSequence;

    FrameMailbox(int frameCapacity) {
        for (int i = 0; i < free.length; i++) {
            free[i] = new Frame(frameCapacity);
        }
        freeCount = free.length;
    }

    /** Result of {@link #offer}: whether the frame was queued and whether it displaced an older one. */
    enum OfferResult { QUEUED, QUEUED_REPLACING_OLDER, NO_BUFFER }

    /** Copies {@code src} (remaining bytes) into a free frame and publishes it. Any thread. */
    OfferResult offer(ByteBuffer src, long captureNanos) {
        Frame frame;
        boolean replaced = false;
        synchronized (lock) {
            if (freeCount > 0) {
                frame = free[--freeCount];
                free[freeCount] = null;
            } else if (pending != null) {
                frame = pending;
                pending = null;
                replaced = true;
            } else {
                return OfferResult.NO_BUFFER; // only with several producers racing; the frame is dropped
            }
        }
        int len = src.remaining();
        src.get(src.position(), frame.data, 0, len);
        frame.length = len;
        frame.captureNanos = captureNanos;
        synchronized (lock) {
            frame.sequence = nextSequence++;
            if (pending != null) {
                release(pending);
                replaced = true;
            }
            pending = frame;
        }
        return replaced ? OfferResult.QUEUED_REPLACING_OLDER : OfferResult.QUEUED;
    }

    /** Loop thread: takes the pending frame, or null. The caller must {@link #release} it when done. */
    Frame take() {
        synchronized (lock) {
            Frame f = pending;
            pending = null;
            return f;
        }
    }

    /** Returns a frame to the free pool. */
    void release(Frame frame) {
        synchronized (lock) {
            free[freeCount++] = frame;
        }
    }

    /** Drops the pending frame, if any (stop, or no client any more). Returns true if one was dropped. */
    boolean discardPending() {
        synchronized (lock) {
            if (pending == null) return false;
            free[freeCount++] = pending;
            pending = null;
            return true;
        }
    }
}
