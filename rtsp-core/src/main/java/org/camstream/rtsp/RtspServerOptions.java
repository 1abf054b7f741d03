package org.camstream.rtsp;

import java.util.Collections;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.camstream.rtsp.runtime.ChannelFactory;
import org.camstream.rtsp.runtime.Clock;

/**
 * Settings of an {@link RtspServer}; immutable, built with {@link #builder()}.
 *
 * <p>Defaults mirror the MicroPython seed: 30 fps, port 8554, a frame limit of width*height bytes.
 */
public final class RtspServerOptions {
    private final int fps;
    private final int port;
    private final int maxFrameLength;
    private final int maxClients;
    private final InetAddress bindAddress;
    private final int sessionTimeoutSeconds;
    private final int tcpBacklogBytes;
    private final int tcpBacklogPoolBytes;
    private final int maxPayloadSize;
    private final Runnable keyframeRequest;
    private final int keyframeIntervalMillis;
    private final int maxConnections;
    private final int queuedFrames;
    private final int maxConnectionsPerAddress;
    private final int maxSessionsPerAddress;
    private final int requestTimeoutSeconds;
    private final int stalledClientTimeoutSeconds;
    private final Map<String, byte[]> users;
    private final boolean basicAuth;
    private final String realm;
    private final int nonceLifetimeSeconds;
    private final List<DigestAlgorithm> digestAlgorithms;
    private final RtspLogger logger;
    private final Clock clock;
    private final ChannelFactory channels;
    private final List<StreamSpec> streams;

    private RtspServerOptions(Builder b) {
        this.streams = Collections.unmodifiableList(new ArrayList<>(b.streams));
        this.logger = b.logger;
        this.clock = b.clock;
        this.channels = b.channels;
        this.maxConnections = b.maxConnections;
        this.queuedFrames = b.queuedFrames;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.maxSessionsPerAddress = b.maxSessionsPerAddress;
        this.requestTimeoutSeconds = b.requestTimeoutSeconds;
        this.stalledClientTimeoutSeconds = b.stalledClientTimeoutSeconds;
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(b.users));
        this.basicAuth = b.basicAuth;
        this.realm = b.realm;
        this.nonceLifetimeSeconds = b.nonceLifetimeSeconds;
        this.digestAlgorithms = Collections.unmodifiableList(new ArrayList<>(b.digestAlgorithms));
        this.fps = b.fps;
        this.port = b.port;
        this.maxFrameLength = b.maxFrameLength;
        this.maxClients = b.maxClients;
        this.bindAddress = b.bindAddress;
        this.sessionTimeoutSeconds = b.sessionTimeoutSeconds;
        this.tcpBacklogBytes = b.tcpBacklogBytes;
        this.tcpBacklogPoolBytes = b.tcpBacklogPoolBytes;
        this.maxPayloadSize = b.maxPayloadSize;
        this.keyframeRequest = b.keyframeRequest;
        this.keyframeIntervalMillis = b.keyframeIntervalMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RtspServerOptions defaults() {
        return builder().build();
    }

    /** Nominal frame rate, advertised in the SDP ({@code a=framerate}). */
    public int fps() { return fps; }

    /** TCP port for RTSP; 0 picks a free one (read it back with {@link RtspServer#port()}). */
    public int port() { return port; }

    /** Largest accepted access unit in bytes; 0 means width*height. */
    public int maxFrameLength() { return maxFrameLength; }

    /** Most sessions at once; a SETUP beyond it is answered 453 Not Enough Bandwidth. */
    public int maxClients() { return maxClients; }

    /** Local address to listen on; null listens on every interface. */
    public InetAddress bindAddress() { return bindAddress; }

    /** RFC 2326 §12.37: a session with no RTSP or RTCP activity for this long is torn down. */
    public int sessionTimeoutSeconds() { return sessionTimeoutSeconds; }

    /**
     * Bytes of media a TCP-interleaved client may have unsent before it drops frames to the next IDR
     * (raised to fit at least one frame of the maximum frame length).
     */
    public int tcpBacklogBytes() { return tcpBacklogBytes; }

    /**
     * The direct memory all connections together may use for bytes their sockets did not take at once
     * (responses and TCP media backlogs), allocated on demand in 16 KiB chunks and reused; the server's
     * off-heap bound (docs/reliability.md). A TCP SETUP that would find no room is answered 453.
     */
    public int tcpBacklogPoolBytes() { return tcpBacklogPoolBytes; }

    /** Largest RTP payload (RFC 6184 packets are split with FU-A above it). */
    public int maxPayloadSize() { return maxPayloadSize; }

    /**
     * Called on the server's loop thread when a client needs an IDR (a client starts playing, fell
     * behind, or sent RTCP PLI/FIR); wire it to {@code H264Encoder::requestKeyframe}. Must not block.
     * Called at most once per {@link #keyframeIntervalMillis()} per stream, however many clients ask.
     */
    public Runnable keyframeRequest() { return keyframeRequest; }

    /**
     * Shortest time between two calls of the keyframe callback, per stream (default 1000 ms; 0: no
     * limit). Requests are coalesced: however many clients ask (PLAY, loss, RTCP PLI/FIR, a stalled
     * reader resynchronising), the encoder is asked at most once per interval, and a request inside
     * the interval is forwarded when it ends unless an IDR went out meanwhile (RFC 4585 §6.3.1 and
     * RFC 5104 §4.3.1.2 allow a sender to throttle). A client joining waits at most this long plus one
     * frame for its first picture, beyond the encoder's own IDR period.
     */
    public int keyframeIntervalMillis() { return keyframeIntervalMillis; }

    /**
     * Frames {@code send()} may queue for the loop before the oldest is dropped (newest wins). 1, the
     * seed's behaviour, gives the lowest latency; a few more ride out moments when the loop thread is not
     * scheduled (a loaded machine) without every client waiting for the next IDR. Memory: (this + 2)
     * frame buffers of the maximum frame length.
     */
    public int queuedFrames() { return queuedFrames; }

    /**
     * Most open RTSP connections from one client address, so one host cannot take every slot. A new
     * connection beyond it closes that address's connection without a session that was idle longest;
     * only when each of them holds a session is it answered 503 and closed.
     */
    public int maxConnectionsPerAddress() { return maxConnectionsPerAddress; }

    /**
     * Most sessions the connections from one client address hold together (default 4), so one host
     * cannot take every one of {@link #maxClients()}; a SETUP beyond it is answered 453. Clients behind
     * one NAT address share it.
     */
    public int maxSessionsPerAddress() { return maxSessionsPerAddress; }

    /**
     * Most open RTSP connections (default 1024; each costs a socket and about 3 KiB of heap while idle).
     * A new connection beyond it closes the connection without a session that was idle longest (no
     * complete request for the longest time); only when every connection holds a session is it
     * answered 503 and closed.
     */
    public int maxConnections() { return maxConnections; }

    /** A connection that starts a request and does not finish it within this time is closed (slowloris). */
    public int requestTimeoutSeconds() { return requestTimeoutSeconds; }

    /** A TCP-interleaved client whose backlog stays full this long is disconnected. */
    public int stalledClientTimeoutSeconds() { return stalledClientTimeoutSeconds; }

    /** True when clients must authenticate (at least one user was given). */
    public boolean authenticationRequired() { return !users.isEmpty(); }

    /** Whether Basic authentication (password in clear text, RFC 7617) is offered besides Digest. */
    public boolean basicAuth() { return basicAuth; }

    /** The protection space named in challenges (RFC 7616 §3.3). */
    public String realm() { return realm; }

    /** How long a Digest nonce stays valid. */
    public int nonceLifetimeSeconds() { return nonceLifetimeSeconds; }

    /** The Digest algorithms offered, one challenge each in this order (default SHA-256, then MD5). */
    public List<DigestAlgorithm> digestAlgorithms() { return digestAlgorithms; }

    /** User names and UTF-8 passwords; package-private: secrets are not part of the public surface. */
    Map<String, byte[]> users() { return users; }

    /** This server's logger, or null to use {@link RtspServer#defaultLogger()} at each record. */
    public RtspLogger logger() { return logger; }

    /**
     * The streams declared with {@link Builder#stream(StreamSpec)}, served by {@link RtspServer#RtspServer(RtspServerOptions)};
     * empty for the single-stream server, which serves one stream at {@code /}.
     */
    public List<StreamSpec> streams() { return streams; }

    /** Test seam: the clocks the server reads (default the JDK's). */
    Clock clock() { return clock; }

    /** Test seam: where the server's sockets come from (default the JDK's). */
    ChannelFactory channelFactory() { return channels; }

    /** A Digest algorithm the server can offer (RFC 7616 §3.2). */
    public enum DigestAlgorithm {
        /** {@code algorithm=SHA-256}: the one RFC 7616 §3.2 asks for. */
        SHA_256,
        /**
         * {@code algorithm=MD5}: kept for backward compatibility (RFC 7616 §3.2, §5.13); ffmpeg and
         * GStreamer's rtspsrc know nothing else, so without it they cannot log in.
         */
        MD5
    }

    /** Builder with the documented defaults; every setter validates its argument. */
    public static final class Builder {
        private int fps = 30;
        private int port = 8554;
        private int maxFrameLength = 0;
        private int maxClients = 8;
        private InetAddress bindAddress = null;
        private int sessionTimeoutSeconds = 60;
        private int tcpBacklogBytes = 1 << 20;
        private int tcpBacklogPoolBytes = 8 << 20;
        private int maxPayloadSize = org.camstream.rtp.H264Packetizer.DEFAULT_MAX_PAYLOAD_SIZE;
        private Runnable keyframeRequest = () -> { };
        private int keyframeIntervalMillis = 1000;
        private int maxConnections = 1024;
        private int queuedFrames = 1;
        private int maxConnectionsPerAddress = 16;
        private int maxSessionsPerAddress = 4;
        private int requestTimeoutSeconds = 10;
        private int stalledClientTimeoutSeconds = 10;
        private final Map<String, byte[]> users = new LinkedHashMap<>();
        private boolean basicAuth;
        private String realm = "camstream";
        private int nonceLifetimeSeconds = 300;
        private List<DigestAlgorithm> digestAlgorithms = java.util.Arrays.asList(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
        private RtspLogger logger;
        private Clock clock = Clock.SYSTEM;
        private ChannelFactory channels = ChannelFactory.JDK;
        private final List<StreamSpec> streams = new ArrayList<>();

        private Builder() { }

        /**
         * Declares a stream (several may be); such options go to {@link RtspServer#RtspServer(RtspServerOptions)}.
         * {@code maxClients}, {@code maxConnections}, ... stay limits of the whole server.
         */
        public Builder stream(StreamSpec spec) {
            streams.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** This server's logger; without one the server uses {@link RtspServer#defaultLogger()}. */
        public Builder logger(RtspLogger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /** Test seam: a clock (a fake one in timing tests). */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Test seam: a channel factory. */
        Builder channelFactory(ChannelFactory channels) {
            this.channels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        public Builder queuedFrames(int n) {
            if (n < 1 || n > 64) throw new IllegalArgumentException("queuedFrames must be 1..64, got " + n);
            this.queuedFrames = n;
            return this;
        }

        public Builder maxConnectionsPerAddress(int n) {
            if (n < 1) throw new IllegalArgumentException("maxConnectionsPerAddress must be >= 1, got " + n);
            this.maxConnectionsPerAddress = n;
            return this;
        }

        public Builder maxSessionsPerAddress(int n) {
            if (n < 1) throw new IllegalArgumentException("maxSessionsPerAddress must be >= 1, got " + n);
            this.maxSessionsPerAddress = n;
            return this;
        }

        public Builder maxConnections(int n) {
            if (n < 1) throw new IllegalArgumentException("maxConnections must be >= 1, got " + n);
            this.maxConnections = n;
            return this;
        }

        public Builder requestTimeoutSeconds(int seconds) {
            if (seconds < 1) throw new IllegalArgumentException("requestTimeoutSeconds must be >= 1, got " + seconds);
            this.requestTimeoutSeconds = seconds;
            return this;
        }

        public Builder stalledClientTimeoutSeconds(int seconds) {
            if (seconds < 1) throw new IllegalArgumentException("stalledClientTimeoutSeconds must be >= 1, got " + seconds);
            this.stalledClientTimeoutSeconds = seconds;
            return this;
        }

        /**
         * Requires authentication and adds a user (RFC 7616 Digest; Basic too if {@link #basicAuth(boolean)}).
         * May be called for several users.
         */
        public Builder credentials(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || user.indexOf(':') >= 0 || user.indexOf('"') >= 0) {
                throw new IllegalArgumentException("user name must be non-empty without ':' or '\"'");
            }
            users.put(user, password.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Also offers Basic authentication; off by default because it sends the password in clear text. */
        public Builder basicAuth(boolean allow) {
            this.basicAuth = allow;
            return this;
        }

        public Builder realm(String realm) {
            Objects.requireNonNull(realm, "realm");
            if (realm.isEmpty() || realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("realm must be non-empty without quotes or backslashes");
            }
            this.realm = realm;
            return this;
        }

        public Builder nonceLifetimeSeconds(int seconds) {
            if (seconds < 1) throw new IllegalArgumentException("nonceLifetimeSeconds must be >= 1, got " + seconds);
            this.nonceLifetimeSeconds = seconds;
            return this;
        }

        /**
         * The Digest algorithms to offer, one challenge each in the given order (RFC 7616 §3.7: the
         * preferred first); at least one, none twice. An answer must use the algorithm of the challenge
         * whose nonce it carries. Default SHA-256 then MD5: MD5 last because ffmpeg answers the last
         * Digest challenge and, like GStreamer's rtspsrc, knows only MD5. {@code digestAlgorithms(SHA_256)}
         * turns MD5 off, and with it those clients (unless {@link #basicAuth(boolean)} lets them in).
         */
        public Builder digestAlgorithms(DigestAlgorithm... algorithms) {
            Objects.requireNonNull(algorithms, "algorithms");
            if (algorithms.length == 0) throw new IllegalArgumentException("digestAlgorithms needs at least one");
            List<DigestAlgorithm> list = new ArrayList<>(algorithms.length);
            for (DigestAlgorithm a : algorithms) {
                Objects.requireNonNull(a, "algorithm");
                if (list.contains(a)) throw new IllegalArgumentException("digestAlgorithms lists " + a + " twice");
                list.add(a);
            }
            this.digestAlgorithms = list;
            return this;
        }

        public Builder fps(int fps) {
            if (fps < 1 || fps > 240) throw new IllegalArgumentException("fps must be 1..240, got " + fps);
            this.fps = fps;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
            this.port = port;
            return this;
        }

        public Builder maxFrameLength(int maxFrameLength) {
            if (maxFrameLength < 0) throw new IllegalArgumentException("maxFrameLength must be >= 0, got " + maxFrameLength);
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        public Builder maxClients(int maxClients) {
            if (maxClients < 1) throw new IllegalArgumentException("maxClients must be >= 1, got " + maxClients);
            this.maxClients = maxClients;
            return this;
        }

        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder sessionTimeoutSeconds(int seconds) {
            if (seconds < 1) throw new IllegalArgumentException("sessionTimeoutSeconds must be >= 1, got " + seconds);
            this.sessionTimeoutSeconds = seconds;
            return this;
        }

        public Builder tcpBacklogBytes(int bytes) {
            if (bytes < 64 * 1024) throw new IllegalArgumentException("tcpBacklogBytes must be >= 65536, got " + bytes);
            this.tcpBacklogBytes = bytes;
            return this;
        }

        public Builder tcpBacklogPoolBytes(int bytes) {
            if (bytes < 256 * 1024) throw new IllegalArgumentException("tcpBacklogPoolBytes must be >= 262144, got " + bytes);
            this.tcpBacklogPoolBytes = bytes;
            return this;
        }

        public Builder maxPayloadSize(int bytes) {
            if (bytes < 100 || bytes > 65000) throw new IllegalArgumentException("maxPayloadSize must be 100..65000, got " + bytes);
            this.maxPayloadSize = bytes;
            return this;
        }

        public Builder keyframeRequest(Runnable callback) {
            this.keyframeRequest = Objects.requireNonNull(callback, "keyframeRequest");
            return this;
        }

        /** See {@link RtspServerOptions#keyframeIntervalMillis()}: 0..60000 ms. */
        public Builder keyframeIntervalMillis(int millis) {
            if (millis < 0 || millis > 60_000) {
                throw new IllegalArgumentException("keyframeIntervalMillis must be 0..60000, got " + millis);
            }
            this.keyframeIntervalMillis = millis;
            return this;
        }

        public RtspServerOptions build() {
            return new RtspServerOptions(this);
        }
    }
}
