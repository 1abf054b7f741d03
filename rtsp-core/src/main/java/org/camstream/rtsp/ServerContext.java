package org.camstream.rtsp;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The state one server's event loop works on: configuration, sessions, connections, the stream's
 * parameter sets and the delivery path. Thread: event loop only (except the immutable fields and
 * {@link #counters}).
 */
final class ServerContext {
    private static final Logger LOG = System.getLogger(ServerContext.class.getName());

    final int width;
    final int height;
    final RtspServerOptions options;
    final ServerCounters counters;
    final SessionRegistry sessions;
    final ParameterSetCache parameterSets;
    final FrameDistributor distributor;
    final UdpSockets udp;
    /** Media bytes a TCP client may have queued: the configured backlog, but always room for one largest frame. */
    final int interleavedBacklogBytes;
    /** Null when the server needs no credentials. */
    final Authenticator authenticator;
    final List<RtspConnection> connections = new ArrayList<>();
    /** RFC 8866 §5.2: o= session id; the version changes when the parameter sets do. */
    final long sdpSessionId;
    private int sdpVersionCounter;
    private byte[] spsAtLastVersion;

    ServerContext(int width, int height, int maxFrameLength, RtspServerOptions options, ServerCounters counters,
                  UdpSockets udp, long sdpSessionId) {
        this.width = width;
        this.height = height;
        this.options = options;
        this.counters = counters;
        this.udp = udp;
        this.sdpSessionId = sdpSessionId;
        this.sessions = new SessionRegistry(options.maxClients());
        // A frame grows by its RTP headers (12 B per packet) and '$' framing (4 B per packet) on the wire.
        int largestFrameOnWire = maxFrameLength + (maxFrameLength / 100 + 2) * 16 + 4096;
        this.interleavedBacklogBytes = Math.max(options.tcpBacklogBytes(), largestFrameOnWire);
        this.parameterSets = new ParameterSetCache(width, height);
        this.authenticator = options.authenticationRequired()
                ? new Authenticator(options.realm(), options.users(), options.basicAuth(),
                        options.nonceLifetimeSeconds() * 1000L)
                : null;
        this.distributor = new FrameDistributor(options.maxPayloadSize(), parameterSets, options.keyframeRequest());
    }

    long sdpVersion() {
        if (parameterSets.sps() != spsAtLastVersion) {
            spsAtLastVersion = parameterSets.sps();
            sdpVersionCounter++;
        }
        return sdpVersionCounter;
    }

    void onPlayingCountChanged() {
        counters.playingClients = sessions.playingCount();
    }

    void endSession(Session session, String why) {
        sessions.remove(session);
        session.owner.sessions.remove(session);
        session.state = Session.State.READY;
        onPlayingCountChanged();
        LOG.log(Level.INFO, "session {0} ended ({1})", session.id, why);
    }

    /** Closes a connection and ends the sessions it created. Idempotent. */
    void closeConnection(RtspConnection conn) {
        if (conn.isClosed()) return;
        conn.closeSocket();
        connections.remove(conn);
        for (Session s : conn.sessions.toArray(new Session[0])) {
            endSession(s, "connection closed");
        }
        counters.connections = connections.size();
    }
}
