package org.camstream.rtsp.server;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.camstream.rtsp.auth.Authenticator;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.session.SessionRegistry;
import org.camstream.rtsp.stream.Stream;
import org.camstream.rtsp.stream.StreamTable;
import org.camstream.rtsp.transport.UdpSockets;

/**
 * The state one server's event loop works on: configuration, the stream, sessions, connections and
 * the shared UDP sockets; and the two ends of life that touch several of them (a session ending, a
 * connection closing). Thread: event loop only (except the immutable fields and {@link #counters}).
 */
final class ServerContext {
    final ServerConfig config;
    final Clock clock;
    final Log log;
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
    /** RFC 8866 §5.2: o= session id. */
    final long sdpSessionId;

    ServerContext(ServerConfig config, StreamTable streams, Authenticator authenticator, UdpSockets udp,
                  long sdpSessionId) {
        this.config = config;
        this.clock = config.clock;
        this.log = new Log(config.logSink, ServerContext.class.getName());
        this.streams = streams;
        this.authenticator = authenticator;
        this.udp = udp;
        this.sdpSessionId = sdpSessionId;
        this.sessions = new SessionRegistry(config.maxClients);
        // A frame grows by its RTP headers (12 B per packet) and '$' framing (4 B per packet) on the wire.
        int largestFrameOnWire = config.maxFrameLength + (config.maxFrameLength / 100 + 2) * 16 + 4096;
        this.interleavedBacklogBytes = Math.max(config.tcpBacklogBytes, largestFrameOnWire);
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
