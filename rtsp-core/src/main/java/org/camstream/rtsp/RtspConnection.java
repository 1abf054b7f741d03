package org.camstream.rtsp;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One RTSP control connection: reads and parses requests, hands them to the {@link RequestHandler},
 * writes responses and, for interleaved sessions, media (RFC 2326 §10.12).
 *
 * <p>Thread: event loop only. Owns its socket, parser and outbound buffer; closing the connection
 * ends the sessions it created (a client gone without TEARDOWN stops costing anything at once).
 */
final class RtspConnection {
    private static final Logger LOG = System.getLogger(RtspConnection.class.getName());
    /** Room kept beyond the media backlog so responses still fit when the media backlog is full. */
    private static final int RESPONSE_RESERVE = 64 * 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final RtspRequestParser parser;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(8 * 1024);
    private OutboundBuffer outbound;
    private final RequestHandler handler;
    final InetSocketAddress remote;
    final InetSocketAddress local;
    final List<Session> sessions = new ArrayList<>(1);
    private boolean closeAfterFlush;
    private boolean closed;
    long lastActivityNanos;
    /** When the parser started holding an unfinished request (0 = none): slowloris guard. */
    long partialRequestSinceNanos;
    /** When interleaved media first did not fit the backlog (0 = flowing): stalled-reader guard. */
    long stalledSinceNanos;

    RtspConnection(SocketChannel channel, SelectionKey key, RequestHandler handler, long nowNanos)
            throws IOException {
        this.channel = channel;
        this.key = key;
        this.handler = handler;
        this.parser = new RtspRequestParser(RtspRequestParser.Limits.defaults());
        this.outbound = new OutboundBuffer(RESPONSE_RESERVE);
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.lastActivityNanos = nowNanos;
    }

    OutboundBuffer outbound() {
        return outbound;
    }

    /**
     * Grows the outbound buffer to hold {@code backlogBytes} of interleaved media besides the response
     * reserve. Done at the first TCP SETUP, so connections that only use UDP stay small.
     */
    void enableInterleaved(int backlogBytes) {
        int capacity = backlogBytes + RESPONSE_RESERVE;
        if (outbound.capacity() >= capacity) return;
        OutboundBuffer bigger = new OutboundBuffer(capacity);
        outbound.moveTo(bigger);
        outbound = bigger;
    }

    boolean isClosed() {
        return closed;
    }

    /** Readable: parse and answer every complete request. */
    void onReadable(long nowNanos) {
        int n;
        try {
            readBuffer.clear();
            n = channel.read(readBuffer);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "read from {0} failed: {1}", remote, e.getMessage());
            handler.connectionClosed(this);
            return;
        }
        if (n < 0) {
            handler.connectionClosed(this);
            return;
        }
        lastActivityNanos = nowNanos;
        readBuffer.flip();
        parser.feed(readBuffer);
        try {
            RtspMessage message;
            while (!closeAfterFlush && (message = parser.next()) != null) {
                if (message instanceof RtspRequest request) {
                    handler.handle(this, request, nowNanos);
                } else if (message instanceof InterleavedFrame frame) {
                    handler.interleavedFrame(this, frame, nowNanos);
                }
                if (closed) return;
            }
        } catch (RtspParseException e) {
            // The byte stream can no longer be trusted: answer, then close (RFC 2326 §11).
            LOG.log(Level.DEBUG, "bad request from {0}: {1} {2}", remote, e.status(), e.getMessage());
            RtspResponse response = new RtspResponse(e.status());
            if (e.cseq() != null) response.header(RtspHeaders.CSEQ, e.cseq());
            send(response);
            closeAfterFlush = true;
        }
        if (parser.buffered() == 0) {
            partialRequestSinceNanos = 0;
        } else if (partialRequestSinceNanos == 0) {
            partialRequestSinceNanos = nowNanos;
        }
        flush();
    }

    /** Queues a response; a client that does not read its responses is disconnected. */
    void send(RtspResponse response) {
        if (closed) return;
        byte[] bytes = response.toBytes();
        if (bytes.length > outbound.free()) {
            LOG.log(Level.DEBUG, "{0} does not read its responses; closing", remote);
            handler.connectionClosed(this);
            return;
        }
        outbound.put(bytes, 0, bytes.length);
        requestFlush();
    }

    /** Marks the connection to be closed once everything queued has been written. */
    void closeAfterFlush() {
        closeAfterFlush = true;
        requestFlush();
    }

    void requestFlush() {
        flush();
    }

    /** Writable, or new output: write what the socket takes, then adjust the interest set. */
    void flush() {
        if (closed) return;
        boolean drained;
        try {
            drained = outbound.flushTo(channel);
        } catch (IOException e) {
            writeFailed(e);
            return;
        }
        if (drained && closeAfterFlush) {
            handler.connectionClosed(this);
            return;
        }
        afterWrite(drained);
    }

    /**
     * Interleaved media (RFC 2326 §10.12) from the shared wire buffer: written straight to the socket
     * when nothing is queued before it, so the common case copies nothing; what the socket does not
     * take, or everything when bytes are already queued (order matters), goes into the outbound
     * buffer, whose room the caller checked. {@code media}'s position is advanced.
     */
    void sendMedia(ByteBuffer media) {
        if (closed) return;
        if (outbound.isEmpty()) {
            try {
                channel.write(media);
            } catch (IOException e) {
                writeFailed(e);
                return;
            }
        }
        if (media.hasRemaining()) outbound.put(media);
        afterWrite(outbound.isEmpty());
    }

    private void writeFailed(IOException e) {
        LOG.log(Level.DEBUG, "write to {0} failed: {1}", remote, e.getMessage());
        handler.connectionClosed(this);
    }

    /** Wants OP_WRITE only while bytes wait: a socket is almost always writable, so it would spin. */
    private void afterWrite(boolean drained) {
        if (drained) stalledSinceNanos = 0;
        int ops = drained ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
        if (key.isValid() && key.interestOps() != ops) key.interestOps(ops);
    }

    /** Interleaved media did not fit: remember since when, so a reader that never catches up is cut off. */
    void markStalled(long nowNanos) {
        if (stalledSinceNanos == 0) stalledSinceNanos = nowNanos;
    }

    /** Closes the socket; called once by the handler, which also ends the sessions. */
    void closeSocket() {
        if (closed) return;
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close of {0} failed: {1}", remote, e.getMessage());
        }
        outbound.clear();
    }
}
