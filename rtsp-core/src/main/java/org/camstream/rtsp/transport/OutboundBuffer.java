package org.camstream.rtsp.transport;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * The bytes waiting to go out on one TCP connection, in order: RTSP responses and, for interleaved
 * sessions, RTP/RTCP packets (RFC 2326 §10.12). Holds no memory while the socket takes everything:
 * chunks come from the server's {@link BufferPool} only when a write is short and go back as soon as
 * they are written, or at {@link #release()}. Bounded twice: by this connection's {@link #limit()} and
 * by the pool's budget. Thread: event loop only.
 *
 * <p>Media never takes the response allowance: queued bytes stay within the media limit whenever
 * media is added, so an answer to PAUSE or TEARDOWN always fits even behind a full media backlog
 * (a client that stopped reading media while it shuts down is answered, not cut off; RFC 2326
 * §10.12 carries both on one connection).
 *
 * <p>Each queued chunk keeps its unwritten bytes between position and limit.
 */
public final class OutboundBuffer {
    private final BufferPool pool;
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private int size;
    /** Bytes of responses this connection may queue besides its media. */
    private final int responseLimit;
    /** Bytes of media this connection may queue: 0 until {@link #raise}. */
    private int mediaLimit;
    /** Chunks the pool promised this connection, and how many of its chunks it holds now. */
    private int promised;
    private int held;

    /** @param responseLimit bytes of responses this connection may queue (and no media until {@link #raise}) */
    public OutboundBuffer(BufferPool pool, int responseLimit) {
        this.pool = pool;
        this.responseLimit = responseLimit;
    }

    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    /** All this connection may queue: its responses' allowance plus its media's. */
    public int limit() { return responseLimit + mediaLimit; }

    /** Chunks held now (for tests and the stats: zero while the socket keeps up). */
    public int chunksHeld() { return held; }

    /**
     * Lets media take up to {@code mediaBytes} (besides the responses' allowance) and takes a promise of {@code promiseChunks} chunks from the
     * pool (kept, not added, when one is held already). False, and nothing changed, when the pool's
     * budget cannot promise them.
     */
    public boolean raise(int mediaBytes, int promiseChunks) {
        if (promiseChunks > promised) {
            if (!pool.promise(promiseChunks - promised)) return false;
            promised = promiseChunks;
        }
        mediaLimit = Math.max(mediaLimit, mediaBytes);
        return true;
    }

    /** Back to responses only and no promise (the last interleaved session ended); queued bytes stay. */
    public void lower() {
        mediaLimit = 0;
        int untaken = Math.max(0, promised - held);
        pool.unpromise(untaken);
        promised = 0;
    }

    /**
     * Bytes that could be queued now: within the media limit (media) or the whole limit (responses),
     * the tail chunk's room and what the pool gives.
     */
    public int room(boolean media) {
        long shared = Math.max(0, pool.spare() - (media ? pool.sharedReserve() : 0));
        long chunksAvailable = Math.max(0, promised - held) + shared;
        long bytes = tailRoom() + chunksAvailable * pool.chunkSize();
        long cap = media ? mediaLimit : (long) responseLimit + mediaLimit;
        return (int) Math.max(0, Math.min(bytes, cap - size));
    }

    /** Appends {@code src[off, off+len)} whole, or nothing: false when {@link #room} is smaller. */
    public boolean put(byte[] src, int off, int len, boolean media) {
        if (len > room(media)) return false;
        while (len > 0) {
            ByteBuffer tail = tailWithRoom(media);
            int pos = tail.position();
            int end = tail.limit();
            int n = Math.min(len, tail.capacity() - end);
            ((Buffer) tail).limit(end + n);
            ((Buffer) tail).position(end);
            tail.put(src, off, n);
            ((Buffer) tail).position(pos);
            off += n;
            len -= n;
            size += n;
        }
        return true;
    }

    /** Appends {@code src}'s remaining bytes whole (advancing its position), or nothing: false when {@link #room} is smaller. */
    public boolean put(ByteBuffer src, boolean media) {
        if (src.remaining() > room(media)) return false;
        int srcLimit = src.limit();
        while (src.hasRemaining()) {
            ByteBuffer tail = tailWithRoom(media);
            int pos = tail.position();
            int end = tail.limit();
            int n = Math.min(src.remaining(), tail.capacity() - end);
            ((Buffer) tail).limit(end + n);
            ((Buffer) tail).position(end);
            ((Buffer) src).limit(src.position() + n);
            tail.put(src);
            ((Buffer) src).limit(srcLimit);
            ((Buffer) tail).position(pos);
            size += n;
        }
        return true;
    }

    /** Writes as much as the socket takes, returning written chunks to the pool. True when empty afterwards. */
    public boolean flushTo(WritableByteChannel channel) throws IOException {
        ByteBuffer head;
        while ((head = chunks.peekFirst()) != null) {
            int before = head.remaining();
            if (before > 0) {
                int written = channel.write(head);
                size -= written;
                if (head.hasRemaining()) return false;
            }
            releaseChunk(chunks.pollFirst());
        }
        return true;
    }

    /** Drops what is queued and gives every chunk and the promise back: the connection closed. */
    public void release() {
        ByteBuffer c;
        while ((c = chunks.pollFirst()) != null) releaseChunk(c);
        size = 0;
        lower();
    }

    private int tailRoom() {
        ByteBuffer tail = chunks.peekLast();
        return tail == null ? 0 : tail.capacity() - tail.limit();
    }

    private ByteBuffer tailWithRoom(boolean media) {
        ByteBuffer tail = chunks.peekLast();
        if (tail != null && tail.limit() < tail.capacity()) return tail;
        ByteBuffer chunk = held < promised ? pool.takePromised() : pool.takeShared(media);
        if (chunk == null) throw new IllegalStateException("buffer pool exhausted after room was checked");
        held++;
        ((Buffer) chunk).limit(0); // empty: nothing between position and limit
        chunks.addLast(chunk);
        return chunk;
    }

    private void releaseChunk(ByteBuffer chunk) {
        held--;
        pool.release(chunk, held < promised);
    }
}
