package org.camstream.rtsp.transport;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A fixed-size ring of bytes waiting to go out on one TCP connection: RTSP responses and, for
 * interleaved sessions, RTP/RTCP packets (RFC 2326 §10.12). Bounded by construction, so a client that
 * stops reading costs at most its capacity. Direct memory: the socket writes from it without the JDK's
 * temporary copy. Thread: event loop only.
 */
public final class OutboundBuffer {
    private final ByteBuffer ring;
    private final ByteBuffer view;
    /** Second view for appends (Java 11 has no absolute bulk put): position = where bytes go. */
    private final ByteBuffer writer;
    private final int capacity;
    private int head;
    private int size;

    public OutboundBuffer(int capacity) {
        this.capacity = capacity;
        this.ring = ByteBuffer.allocateDirect(capacity);
        this.view = ring.duplicate();
        this.writer = ring.duplicate();
    }

    public int size() { return size; }

    public int capacity() { return capacity; }

    /** Moves the queued bytes, in order, into {@code other} (which must have room) and empties this one. */
    public void moveTo(OutboundBuffer other) {
        byte[] chunk = new byte[size];
        for (int i = 0; i < size; i++) chunk[i] = ring.get((head + i) % capacity);
        other.put(chunk, 0, chunk.length);
        clear();
    }

    public int free() { return capacity - size; }

    public boolean isEmpty() { return size == 0; }

    /** Appends {@code len} bytes; the caller checked {@link #free()}. */
    public void put(byte[] src, int off, int len) {
        if (len > free()) throw new IllegalStateException("outbound buffer overflow: " + len + " > " + free());
        int tail = (head + size) % capacity;
        int first = Math.min(len, capacity - tail);
        ((Buffer) writer).clear();
        ((Buffer) writer).position(tail);
        writer.put(src, off, first);
        if (first < len) {
            ((Buffer) writer).position(0);
            writer.put(src, off + first, len - first);
        }
        size += len;
    }

    /** Appends {@code src}'s remaining bytes and advances its position; the caller checked {@link #free()}. */
    public void put(ByteBuffer src) {
        int len = src.remaining();
        if (len > free()) throw new IllegalStateException("outbound buffer overflow: " + len + " > " + free());
        int tail = (head + size) % capacity;
        int first = Math.min(len, capacity - tail);
        int srcLimit = src.limit();
        ((Buffer) writer).clear();
        ((Buffer) writer).position(tail);
        ((Buffer) src).limit(src.position() + first);
        writer.put(src); // advances src by first
        ((Buffer) src).limit(srcLimit);
        if (first < len) {
            ((Buffer) writer).position(0);
            writer.put(src); // the rest
        }
        size += len;
    }

    /** Writes as much as the socket takes. Returns true when the buffer is empty afterwards. */
    public boolean flushTo(WritableByteChannel channel) throws IOException {
        while (size > 0) {
            int end = Math.min(capacity, head + size);
            ((Buffer) view).limit(end).position(head);
            int written = channel.write(view);
            if (written <= 0) return false;
            head = (head + written) % capacity;
            size -= written;
        }
        head = 0; // empty: restart at 0 so small responses stay contiguous
        return true;
    }

    public void clear() {
        head = 0;
        size = 0;
    }
}
