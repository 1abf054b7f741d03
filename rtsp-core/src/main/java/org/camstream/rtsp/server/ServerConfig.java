package org.camstream.rtsp.server;

import java.net.InetAddress;
import org.camstream.rtsp.runtime.ChannelFactory;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.runtime.LogLimiter;

/**
 * What the event loop needs of the server's settings, and its seams (clock, channels, log). Built by
 * the public API from its options, so no internal layer depends on the API package. Immutable.
 */
public final class ServerConfig {
    public final InetAddress bindAddress;
    public final int port;
    public final int maxFrameLength;
    public final int maxClients;
    public final int maxConnections;
    public final int maxConnectionsPerAddress;
    public final int sessionTimeoutSeconds;
    /** A session that has not played this long after its SETUP ends. */
    public final int setupTimeoutSeconds;
    /** Sessions one connection may hold (SETUP beyond it: 453). */
    public final int maxSessionsPerConnection;
    /** Sessions the connections from one client address may hold together (SETUP beyond it: 453). */
    public final int maxSessionsPerAddress;
    public final int requestTimeoutSeconds;
    public final int stalledClientTimeoutSeconds;
    /** Media bytes a TCP client may have queued, before raising it to fit one largest frame. */
    public final int tcpBacklogBytes;
    /** The direct-memory budget of every connection's queued bytes together (the {@code BufferPool}). */
    public final int tcpBacklogPoolBytes;
    /** Largest RTP payload: an interleaved packet on the wire is at most this + 16 bytes. */
    public final int maxPayloadSize;
    public final Clock clock;
    public final ChannelFactory channels;
    public final Log.Sink logSink;
    /** Shared by every logger of the server (repeated lines are rate-limited); null: the server makes one. */
    public final LogLimiter logLimiter;

    private ServerConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.maxFrameLength = b.maxFrameLength;
        this.maxClients = b.maxClients;
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.sessionTimeoutSeconds = b.sessionTimeoutSeconds;
        this.setupTimeoutSeconds = b.setupTimeoutSeconds;
        this.maxSessionsPerConnection = b.maxSessionsPerConnection;
        this.maxSessionsPerAddress = b.maxSessionsPerAddress;
        this.requestTimeoutSeconds = b.requestTimeoutSeconds;
        this.stalledClientTimeoutSeconds = b.stalledClientTimeoutSeconds;
        this.tcpBacklogBytes = b.tcpBacklogBytes;
        this.tcpBacklogPoolBytes = b.tcpBacklogPoolBytes;
        this.maxPayloadSize = b.maxPayloadSize;
        this.clock = b.clock;
        this.channels = b.channels;
        this.logSink = b.logSink;
        this.logLimiter = b.logLimiter;
    }

    /** Mutable fields, checked by the API's option builder; {@link #build()} freezes them. */
    public static final class Builder {
        public InetAddress bindAddress;
        public int port;
        public int maxFrameLength;
        public int maxClients;
        public int maxConnections;
        public int maxConnectionsPerAddress;
        public int sessionTimeoutSeconds;
        public int setupTimeoutSeconds = 15;
        public int maxSessionsPerConnection = 4;
        public int maxSessionsPerAddress = 4;
        public int requestTimeoutSeconds;
        public int stalledClientTimeoutSeconds;
        public int tcpBacklogBytes;
        public int tcpBacklogPoolBytes = 8 << 20;
        public int maxPayloadSize = 1400;
        public Clock clock = Clock.SYSTEM;
        public ChannelFactory channels = ChannelFactory.JDK;
        public Log.Sink logSink = Log.SILENT;
        public LogLimiter logLimiter;

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
