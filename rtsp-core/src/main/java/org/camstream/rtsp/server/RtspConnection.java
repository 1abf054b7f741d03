package org.camstream.rtsp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.camstream.rtsp.auth.Authenticator;
import org.camstream.rtsp.auth.ConnectionNonces;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.transport.BufferPool;
import org.camstream.rtsp.transport.InterleavedOutput;
import org.camstream.rtsp.transport.OutboundBuffer;
import org.camstream.rtsp.wire.InterleavedFrame;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspHeaders;
import org.camstream.rtsp.wire.RtspMessage;
import org.camstream.rtsp.wire.RtspRequest;
import org.camstream.rtsp.wire.RtspRequestParser;
import org.camstream.rtsp.wire.RtspResponse;

/**
 * One RTSP control connection: reads and parses requests and hands them to its {@link Listener},
 * writes responses and, for interleaved sessions, media (RFC 2326 §10.12).
 *
 * <p>Thread: event loop only. Owns its socket, parser and outbound buffer, and the list of sessions it
 * created. {@link #close} is the one way it ends: it closes the socket and tells the listener, once,
 * which then ends those sessions (a client gone without TEARDOWN stops costing anything at once).
 */
public final class RtspConnection implements InterleavedOutput {
    /** What a connection reports, on the loop thread. */
    public interface Listener {
        void request(RtspConnection connection, RtspRequest request, long nowNanos);

        void interleaved(RtspConnection connection, InterleavedFrame frame, long nowNanos);

        /** The connection closed (for whatever reason); called exactly once. */
        void closed(RtspConnection connection);
    }

    /** Responses a client may leave unread (in pool chunks) before it is disconnected. */
    static final int RESPONSE_LIMIT = 64 * 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final RtspRequestParser parser;
    /** The loop's one read buffer, shared by every connection: the parser copies what it keeps. */
    private final ByteBuffer readBuffer;
    private final OutboundBuffer outbound;
    private final Listener listener;
    private final Clock clock;
    private final Log log;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final List<Session> sessions = new ArrayList<>(1);
    private boolean closeAfterFlush;
    private boolean closed;
    /** A request is answered later (a DESCRIBE waiting for the stream's parameter sets). */
    private boolean holding;
    private long lastActivityNanos;
    private final long openedNanos;
    /** Whether a complete request arrived yet: a connection that sends none in time is closed. */
    private boolean requestSeen;
    /** When the parser started holding an unfinished request (0 = none): slowloris guard. */
    private long partialRequestSinceNanos;
    /** When interleaved media first did not fit the backlog (0 = flowing): stalled-reader guard. */
    private long stalledSinceNanos;
    /** This connection's Digest nonces (RFC 7616 §3.4), made at its first authenticated request. */
    private ConnectionNonces digestNonces;

    RtspConnection(SocketChannel channel, SelectionKey key, Listener listener, Clock clock, Log log, long nowNanos,
                   ByteBuffer readBuffer, BufferPool pool) throws IOException {
        this.channel = channel;
        this.key = key;
        this.listener = listener;
        this.clock = clock;
        this.log = log;
        this.parser = new RtspRequestParser(RtspRequestParser.Limits.defaults());
        this.readBuffer = readBuffer;
        this.outbound = new OutboundBuffer(pool, RESPONSE_LIMIT);
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.lastActivityNanos = nowNanos;
        this.openedNanos = nowNanos;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public InetSocketAddress local() {
        return local;
    }

    /** The Digest nonce state of this connection, which lives and dies with it (issue 10 Medium 6). */
    ConnectionNonces digestNonces(Authenticator authenticator) {
        if (digestNonces == null) digestNonces = authenticator.newConnection();
        return digestNonces;
    }

    // ---- the sessions this connection created ------------------------------------------------------

    void adopt(Session session) {
        sessions.add(session);
    }

    void forget(Session session) {
        if (!sessions.remove(session)) return;
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).sink().interleaved()) return;
        }
        if (session.sink() != null && session.sink().interleaved()) disableInterleaved();
    }

    int sessionCount() {
        return sessions.size();
    }

    boolean owns(Session session) {
        return sessions.contains(session);
    }

    /** A copy: ending a session removes it from the list. */
    Session[] sessions() {
        return sessions.toArray(new Session[0]);
    }

    /**
     * Lets the outbound queue hold {@code backlogBytes} of interleaved media besides responses, with
     * {@code promiseChunks} of the pool promised to it. Done at a TCP SETUP, so connections that only
     * use UDP stay small; false when the pool's budget has no room (the SETUP is refused).
     */
    boolean enableInterleaved(int backlogBytes, int promiseChunks) {
        return outbound.raise(backlogBytes, promiseChunks);
    }

    /** The last interleaved session ended (TEARDOWN): the promise goes back to the pool. */
    void disableInterleaved() {
        outbound.lower();
    }

    /** Pool chunks this connection holds now: zero while its socket takes everything. */
    int chunksHeld() {
        return outbound.chunksHeld();
    }

    // ---- a request answered later -----------------------------------------------------------------

    /** The request just handed over is answered later, by {@link #release}; until then no later one is handled. */
    void hold() {
        holding = true;
    }

    /** The held request was answered: the requests that came after it are handled now. */
    void release(long nowNanos) {
        holding = false;
        if (closed) return;
        processInput(nowNanos);
    }

    boolean isClosed() {
        return closed;
    }

    // ---- input ------------------------------------------------------------------------------------

    /** Readable: parse and hand over every complete message. */
    void onReadable(long nowNanos) {
        int n;
        try {
            ((Buffer) readBuffer).clear();
            n = channel.read(readBuffer);
        } catch (IOException e) {
            close("read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            close("closed by the client");
            return;
        }
        ((Buffer) readBuffer).flip();
        parser.feed(readBuffer);
        processInput(nowNanos);
    }

    /**
     * Hands over every complete message the parser holds, unless a request waits for its answer
     * ({@link #hold}): RTSP answers in request order (RFC 2326 §9.1, pipelining), so the rest waits.
     */
    private void processInput(long nowNanos) {
        try {
            RtspMessage message;
            while (!closeAfterFlush && !holding && (message = parser.next()) != null) {
                if (message instanceof RtspRequest) {
                    requestCompleted(nowNanos);
                    listener.request(this, (RtspRequest) message, nowNanos);
                } else if (message instanceof InterleavedFrame) {
                    listener.interleaved(this, (InterleavedFrame) message, nowNanos);
                }
                if (closed) return;
            }
        } catch (RtspException.Malformed e) {
            // The byte stream can no longer be trusted: answer, then close (RFC 2326 §11).
            log.debug("bad request from {0}: {1} {2}", remote, e.status(), e.getMessage());
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

    /**
     * Only a complete request is activity (RFC 2326 §12.37 speaks of RTSP commands): stray bytes such
     * as a CRLF every few seconds keep neither the connection nor its sessions (issue 10 High 3).
     * On an interleaved session any request of its connection shows the client lives; its RTCP is
     * counted where it is read.
     */
    private void requestCompleted(long nowNanos) {
        lastActivityNanos = nowNanos;
        requestSeen = true;
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            if (s.sink().interleaved()) s.touch(nowNanos);
        }
    }

    // ---- output -----------------------------------------------------------------------------------

    /** Queues a response; a client that does not read its responses is disconnected. */
    void send(RtspResponse response) {
        if (closed) return;
        ByteBuffer bytes = ByteBuffer.wrap(response.toBytes());
        if (outbound.isEmpty()) {
            try {
                channel.write(bytes);
            } catch (IOException e) {
                close("write failed: " + e.getMessage());
                return;
            }
        }
        if (bytes.hasRemaining() && !outbound.put(bytes, false)) {
            close("does not read its responses");
            return;
        }
        flush();
    }

    /** Writable, or new output: write what the socket takes, then adjust the interest set. */
    void flush() {
        if (closed) return;
        boolean drained;
        try {
            drained = outbound.flushTo(channel);
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
            return;
        }
        if (drained && closeAfterFlush) {
            close("answered an unreadable request");
            return;
        }
        afterWrite(drained);
    }

    @Override
    public int queuedBytes() {
        return outbound.size();
    }

    @Override
    public int writeDirect(ByteBuffer media) {
        if (closed || !outbound.isEmpty()) return 0;
        try {
            return channel.write(media);
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
            return 0;
        }
    }

    @Override
    public int mediaRoom() {
        return closed ? 0 : outbound.room(true);
    }

    @Override
    public void queueMedia(ByteBuffer media) {
        if (closed) return;
        if (!outbound.put(media, true)) throw new IllegalStateException("media queued beyond its room");
        afterWrite(false);
    }

    @Override
    public void queueIfRoom(byte[] buf, int off, int len) {
        if (closed) return;
        if (outbound.put(buf, off, len, true)) flush();
    }

    @Override
    public void mediaStalled() {
        if (stalledSinceNanos == 0) stalledSinceNanos = clock.nanoTime();
    }

    /** Wants OP_WRITE only while bytes wait: a socket is almost always writable, so it would spin. */
    private void afterWrite(boolean drained) {
        if (drained) stalledSinceNanos = 0;
        int ops = drained ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
        if (key.isValid() && key.interestOps() != ops) key.interestOps(ops);
    }

    // ---- limits and the end -------------------------------------------------------------------------

    /**
     * Why this connection must be closed now, or null: a request started and not finished within
     * {@code requestTimeout} (slowloris), media not read for {@code stalledTimeout}, or no session and
     * no traffic for {@code idleTimeout}.
     */
    String misbehaviour(long nowNanos, long requestTimeout, long stalledTimeout, long idleTimeout) {
        if (partialRequestSinceNanos != 0 && nowNanos - partialRequestSinceNanos > requestTimeout) {
            return "request not completed in time";
        }
        if (!requestSeen && nowNanos - openedNanos > requestTimeout) {
            return "no request in time";
        }
        if (stalledSinceNanos != 0 && nowNanos - stalledSinceNanos > stalledTimeout) {
            return "not reading its media";
        }
        if (sessions.isEmpty() && nowNanos - lastActivityNanos > idleTimeout) {
            return "idle";
        }
        return null;
    }

    /** When the last complete request arrived, or the connection opened: eviction picks the oldest. */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** True while the parser holds the start of a request (for tests of the request timeout). */
    boolean holdsPartialRequest() {
        return partialRequestSinceNanos != 0;
    }

    /** Since when interleaved media has not fit the backlog, or 0 while it flows. */
    long stalledSinceNanos() {
        return stalledSinceNanos;
    }

    /** Closes the socket and reports it to the listener; later calls do nothing. */
    void close(String why) {
        if (closed) return;
        closed = true;
        log.debug("connection from {0} closed: {1}", remote, why);
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("close of {0} failed: {1}", remote, e.getMessage());
        }
        outbound.release();
        listener.closed(this);
    }
}
