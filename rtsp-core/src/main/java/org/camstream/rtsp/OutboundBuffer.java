package org.camstream.rtsp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A fixed-size ring of bytes waiting to go out on one TCP connection: RTSP responses and, for
 * interleaved sessions, RTP/RTCP packets (RFC 2326 §10.12). Bounded by construction, so a client that
 * stops reading costs at most its capacity. Direct memory: the socket writes from it without the JDK's
 * temporary copy. Thread: event loop only.
 */
final class OutboundBuffer {
    private final ByteBuffer ring;
    private final ByteBuffer view;
    private final int capacity;
    private int head;
    private int size;

    OutboundBuffer(int capacity) {
        this.capacity = capacity;
        this.ring = ByteBuffer.allocateDirect(capacity);
        this.view = ring.duplicate();
    }

    int size() { return size; }

    int capacity() { return capacity; }

    /** Moves the queued bytes, in order, into {@code other} (which must have room) and empties this one. */
    void moveTo(OutboundBuffer other) {
        byte[] chunk = new byte[size];
        for (int i = 0; i < size; i++) chunk[i] = ring.get((head + i) % capacity);
        other.put(chunk, 0, chunk.length);
        clear();
    }

    int free() { return capacity - size; }

    boolean isEmpty() { return size == 0; }

    /** Appends {@code len} bytes; the caller checked {@link #free()}. */
    void put(byte[] src, int off, int len) {
        if (len > free()) throw new IllegalStateException("outbound buffer overflow: " + len + " > " + free());
        int tail = (head + size) % capacity;
        int first = Math.min(len, capacity - tail);
        ring.put(tail, src, off, first);
        if (first < len) {
            ring.put(0, src, off + first, len - first);
        }
        size += len;
    }

    /** Appends {@code src}'s remaining bytes and advances its position; the caller checked {@link #free()}. */
    void put(ByteBuffer src) {
        int len = src.remaining();
        if (len > free()) throw new IllegalStateException("outbound buffer overflow: " + len + " > " + free());
        int tail = (head + size) % capacity;
        int first = Math.min(len, capacity - tail);
        ring.put(tail, src, src.position(), first);
        if (first < len) {
            ring.put(0, src, src.position() + first, len - first);
        }
        src.position(src.position() + len);
        size += len;
    }

    /** Writes as much as the socket takes. Returns true when the buffer is empty afterwards. */
    boolean flushTo(WritableByteChannel channel) throws IOException {
        while (size > 0) {
            int end = Math.min(capacity, head + size);
            view.limit(end).position(head);
            int written = channel.write(view);
            if (written <= 0) return false;
            head = (head + written) % capacity;
            size -= written;
        }
        head = 0; // empty: restart at 0 so small responses stay contiguous
        return true;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
