package org.camstream.rtsp.server;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.camstream.rtsp.auth.Authenticator;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.runtime.LogLimiter;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.session.SessionRegistry;
import org.camstream.rtsp.stream.Stream;
import org.camstream.rtsp.stream.StreamTable;
import org.camstream.rtsp.transport.BufferPool;
import org.camstream.rtsp.transport.UdpSockets;
import org.camstream.rtsp.wire.InterleavedFrame;

/**
 * The state one server's event loop works on: configuration, the stream, sessions, connections and
 * the shared UDP sockets; and the two ends of life that touch several of them (a session ending, a
 * connection closing). Thread: event loop only (except the immutable fields and {@link #counters}).
 */
final class ServerContext {
    static final int READ_BUFFER_BYTES = 16 * 1024;
    static final int CHUNK_BYTES = 16 * 1024;
    /** Shared chunks media leaves for responses (RFC 2326 §10: a client must still get its answers). */
    static final int RESPONSE_RESERVE_CHUNKS = 4;
    final ServerConfig config;
    final Clock clock;
    final Log log;
    /** Every logger of the server shares it (issue 10 Low 14); the loop's timer reports what it suppressed. */
    final LogLimiter logLimiter;
    final ServerCounters counters = new ServerCounters();
    final SessionRegistry sessions;
    final StreamTable streams;
    /** The stream each live session was set up for. */
    private final Map<Session, Stream> streamOf = new IdentityHashMap<>();
    final UdpSockets udp;
    /** Media bytes a TCP client may have queued: the configured backlog, but always room for one largest frame. */
    final int interleavedBacklogBytes;
    /** Null when the server needs no credentials. */
    final Authenticator authenticator;
    final List<RtspConnection> connections = new ArrayList<>();
    /** Every connection's queued bytes come from here: the server's whole budget of them, in direct memory. */
    final BufferPool pool;
    /** Chunks promised to a connection at its first TCP SETUP: enough to finish any one RTP packet the socket cut. */
    final int interleavedPromiseChunks;
    /** The loop's one read buffer (the parser copies what it keeps), so an idle connection holds none. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** Test seam: sees every request before it is handled (fault injection); null in production. */
    volatile java.util.function.Consumer<org.camstream.rtsp.wire.RtspRequest> requestHook;
    /** RFC 8866 §5.2: o= session id. */
    final long sdpSessionId;

    ServerContext(ServerConfig config, StreamTable streams, Authenticator authenticator, UdpSockets udp,
                  long sdpSessionId) {
        this.config = config;
        this.clock = config.clock;
        this.logLimiter = config.logLimiter != null ? config.logLimiter : new LogLimiter(config.clock);
        this.log = new Log(config.logSink, ServerContext.class.getName(), logLimiter);
        this.streams = streams;
        this.authenticator = authenticator;
        this.udp = udp;
        this.sdpSessionId = sdpSessionId;
        this.sessions = new SessionRegistry(config.maxClients);
        // A frame grows by its RTP headers (12 B per packet) and '$' framing (4 B per packet) on the wire.
        int largestFrameOnWire = config.maxFrameLength + (config.maxFrameLength / 100 + 2) * 16 + 4096;
        this.interleavedBacklogBytes = Math.max(config.tcpBacklogBytes, largestFrameOnWire);
        int largestPacketOnWire = config.maxPayloadSize + 16 + InterleavedFrame.HEADER_BYTES;
        this.interleavedPromiseChunks = (largestPacketOnWire + CHUNK_BYTES - 1) / CHUNK_BYTES;
        int chunks = Math.max(config.tcpBacklogPoolBytes / CHUNK_BYTES, RESPONSE_RESERVE_CHUNKS + interleavedPromiseChunks);
        this.pool = new BufferPool(CHUNK_BYTES, chunks, RESPONSE_RESERVE_CHUNKS);
    }

    /** The stream {@code session} was set up for. */
    Stream streamOf(Session session) {
        return streamOf.get(session);
    }

    /** A new session watches {@code stream}. */
    void addSession(Session session, Stream stream) {
        sessions.add(session);
        streamOf.put(session, stream);
        stream.addViewer(session);
    }

    /** A session started or stopped playing. */
    void playingChanged(Session session) {
        streamOf(session).viewersChanged();
        counters.playingClients(sessions.playingCount());
    }

    /** Ends a session (TEARDOWN, timeout, its connection closed) and forgets it everywhere. Idempotent. */
    void endSession(Session session, String why) {
        if (sessions.get(session.id()) != session) return;
        session.end();
        sessions.remove(session);
        Stream stream = streamOf.remove(session);
        if (stream != null) stream.removeViewer(session);
        for (int i = 0; i < connections.size(); i++) connections.get(i).forget(session);
        counters.playingClients(sessions.playingCount());
        log.info("session {0} ended ({1})", session.id(), why);
    }

    /** Connections from {@code address} (the per-address connection limit). */
    int connectionsFrom(InetAddress address) {
        int n = 0;
        for (int i = 0; i < connections.size(); i++) {
            if (connections.get(i).remote().getAddress().equals(address)) n++;
        }
        return n;
    }

    /** Sessions the connections from {@code address} hold together (issue 10 High 3: a per-address cap). */
    int sessionsFrom(InetAddress address) {
        int n = 0;
        for (int i = 0; i < connections.size(); i++) {
            RtspConnection c = connections.get(i);
            if (c.remote().getAddress().equals(address)) n += c.sessionCount();
        }
        return n;
    }

    void connectionOpened(RtspConnection conn) {
        connections.add(conn);
        counters.connections(connections.size());
    }

    /** The connection reported its close: ends the sessions it created. */
    void connectionClosed(RtspConnection conn) {
        connections.remove(conn);
        for (Session s : conn.sessions()) {
            conn.forget(s);
            endSession(s, "connection closed");
        }
        counters.connections(connections.size());
    }
}
