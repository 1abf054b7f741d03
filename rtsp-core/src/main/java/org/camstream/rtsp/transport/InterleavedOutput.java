package org.camstream.rtsp.transport;

import java.nio.ByteBuffer;

/**
 * The side of an RTSP connection that interleaved media is written into (RFC 2326 §10.12), as the
 * TCP sink sees it: its bounded outbound ring and the socket behind it. Implemented by the connection;
 * event-loop thread only.
 */
public interface InterleavedOutput {
    /** Bytes queued and not yet taken by the socket (responses and media). */
    int queuedBytes();

    /** Room left in the outbound ring. */
    int freeBytes();

    /**
     * Writes {@code media} (its remaining bytes; the position is advanced): straight to the socket when
     * nothing is queued before it, the rest into the ring, whose room the caller checked.
     */
    void writeMedia(ByteBuffer media);

    /** Queues {@code buf[off, off+len)} behind what is queued, whose room the caller checked, and flushes. */
    void queue(byte[] buf, int off, int len);

    /** A frame did not fit the backlog: the connection remembers since when, to cut off a reader that never catches up. */
    void mediaStalled();
}
