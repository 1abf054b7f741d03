package org.camstream.rtsp.transport;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The server's one budget of direct memory for bytes the sockets did not take at once: fixed-size
 * chunks, allocated lazily up to {@link #maxChunks()} and then reused for the life of the server, never
 * freed to the GC. So off-heap use is at most {@code chunkSize × maxChunks} whatever the churn of
 * connections (a direct buffer per connection is freed only by a GC, which a server that makes almost
 * no garbage rarely runs).
 *
 * <p>Promises: a TCP-interleaved session reserves a few chunks at SETUP ({@link #promise}), so it can
 * always finish an RTP packet the socket cut in the middle (RFC 2326 §10.12 framing must never break);
 * chunks beyond what is promised are shared, first come, and media must leave {@link #sharedReserve}
 * of them for responses. Thread: event loop only.
 */
public final class BufferPool {
    private final int chunkSize;
    private final int maxChunks;
    private final int sharedReserve;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int allocated;
    /** Chunks promised to connections and not taken by them now. */
    private int promisedUntaken;

    /**
     * @param sharedReserve shared chunks media may not take, kept for responses
     */
    public BufferPool(int chunkSize, int maxChunks, int sharedReserve) {
        if (chunkSize < 1 || maxChunks < 1 || sharedReserve < 0) {
            throw new IllegalArgumentException("chunkSize " + chunkSize + ", maxChunks " + maxChunks);
        }
        this.chunkSize = chunkSize;
        this.maxChunks = maxChunks;
        this.sharedReserve = sharedReserve;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int maxChunks() {
        return maxChunks;
    }

    /** Shared chunks media leaves for responses. */
    public int sharedReserve() {
        return sharedReserve;
    }

    /** Chunks handed out now. */
    public int inUse() {
        return allocated - free.size();
    }

    /** Chunks ever allocated (the direct memory held is this × {@link #chunkSize()}). */
    public int allocated() {
        return allocated;
    }

    /** Chunks neither handed out nor promised. */
    public int spare() {
        return maxChunks - inUse() - promisedUntaken;
    }

    /** Reserves {@code n} chunks for one connection; false (nothing reserved) when the budget has no room. */
    public boolean promise(int n) {
        if (spare() < n) return false;
        promisedUntaken += n;
        return true;
    }

    /** Gives back a promise of {@code untaken} chunks not taken (the taken ones come back by {@link #release}). */
    public void unpromise(int untaken) {
        promisedUntaken -= untaken;
    }

    /** A promised chunk: always succeeds while the promise is not used up (the caller counts). */
    ByteBuffer takePromised() {
        promisedUntaken--;
        return take();
    }

    /**
     * A shared chunk, or null when none is spare; {@code media} must leave the reserve for responses.
     */
    ByteBuffer takeShared(boolean media) {
        if (spare() <= (media ? sharedReserve : 0)) return null;
        return take();
    }

    /** Returns a chunk; {@code toPromise} when it goes back to its connection's promise. */
    void release(ByteBuffer chunk, boolean toPromise) {
        ((Buffer) chunk).clear();
        free.push(chunk);
        if (toPromise) promisedUntaken++;
    }

    private ByteBuffer take() {
        ByteBuffer b = free.poll();
        if (b != null) return b;
        allocated++;
        return ByteBuffer.allocateDirect(chunkSize);
    }
}
