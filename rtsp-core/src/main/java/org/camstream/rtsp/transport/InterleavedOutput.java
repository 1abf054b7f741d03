package org.camstream.rtsp.transport;

import java.nio.ByteBuffer;

/**
 * The side of an RTSP connection that interleaved media is written into (RFC 2326 §10.12), as the
 * TCP sink sees it: its {@link OutboundBuffer} and the socket behind it. Implemented by the
 * connection; event-loop thread only.
 */
public interface InterleavedOutput {
    /** Bytes queued and not yet taken by the socket (responses and media). */
    int queuedBytes();

    /**
     * Writes {@code media} straight to the socket when nothing is queued before it (order matters),
     * advancing its position; returns the bytes the socket took (0 when bytes are queued, or the
     * connection is closed).
     */
    int writeDirect(ByteBuffer media);

    /** Media bytes that could be queued now (limit, pool budget and this connection's promise). */
    int mediaRoom();

    /** Queues {@code media}'s remaining bytes, which must fit {@link #mediaRoom()}, and flushes. */
    void queueMedia(ByteBuffer media);

    /** Queues {@code buf[off, off+len)} if there is room (best effort: RTCP), and flushes. */
    void queueIfRoom(byte[] buf, int off, int len);

    /** A frame did not go out whole: the connection remembers since when, to cut off a reader that never catches up. */
    void mediaStalled();
}
