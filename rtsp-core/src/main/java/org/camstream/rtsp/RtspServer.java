package org.camstream.rtsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.auth.Authenticator;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.runtime.LogLimiter;
import org.camstream.rtsp.runtime.Threads;
import org.camstream.rtsp.server.EventLoop;
import org.camstream.rtsp.server.ServerConfig;
import org.camstream.rtsp.stream.Stream;
import org.camstream.rtsp.stream.StreamCounters;
import org.camstream.rtsp.stream.StreamTable;
import org.camstream.rtsp.stream.ViewerListener;

/**
 * An RTSP 1.0 server (RFC 2326) for one live H.264 stream at {@code rtsp://host:port/}, or for several
 * streams at named paths ({@link #RtspServer(RtspServerOptions)} with {@link StreamSpec}s, e.g. a main
 * and a sub stream for an NVR).
 *
 * <pre>{@code
 * try (RtspServer server = new RtspServer(640, 480)) {
 *     while (capturing) server.send(encoder.encodeRgb565(camera.capture(), ByteOrder.BIG_ENDIAN));
 * }
 * }</pre>
 *
 * <p>{@link #send} hands one Annex-B access unit to the server's single event-loop thread and returns
 * at once: it copies the frame into a preallocated buffer (one queued frame by default, like the seed;
 * see {@link RtspServerOptions#queuedFrames()}), never waits for a client, and drops the frame when
 * nobody plays. The loop packetizes it (RFC 6184) and delivers it to every
 * playing client over UDP or TCP. Thread-safe: {@code send} may be called from any thread.
 */
public final class RtspServer implements AutoCloseable {
    private final int width;
    private final int height;
    private final Log log;
    private final Stream stream;
    private final List<RtspStream> streams;
    private final EventLoop loop;
    private final Thread thread;
    private final int port;
    private final InetAddress bindAddress;
    private final Object stopLock = new Object();
    private volatile boolean stopped;

    /**
     * Sets the logger of every server whose options set none, from now on (running servers too).
     * Initially {@code System.Logger} when the JVM has it, else {@link RtspLogger#SILENT}.
     */
    public static void setDefaultLogger(RtspLogger logger) {
        Loggers.defaultLogger = Objects.requireNonNull(logger, "logger");
    }

    /** The logger of servers whose options set none; see {@link #setDefaultLogger}. */
    public static RtspLogger defaultLogger() {
        return Loggers.defaultLogger;
    }

    /** A server with default options (port 8554, 30 fps); it listens once constructed. */
    public RtspServer(int width, int height) {
        this(width, height, RtspServerOptions.defaults());
    }

    /**
     * Binds and starts the server.
     *
     * @throws UncheckedIOException wrapping a {@link BindException} naming the port when it is in use
     */
    public RtspServer(int width, int height, RtspServerOptions options) {
        this(single(width, height, Objects.requireNonNull(options, "options")), options);
    }

    /**
     * A server for the streams the options declare ({@link RtspServerOptions.Builder#stream}), each at
     * its path and aliases; {@link #stream(String)} gives each one's {@link RtspStream}. Binds and starts.
     *
     * @throws IllegalArgumentException when no stream is declared or two claim the same path
     * @throws UncheckedIOException wrapping a {@link BindException} naming the port when it is in use
     */
    public RtspServer(RtspServerOptions options) {
        this(declared(Objects.requireNonNull(options, "options")), options);
    }

    private static List<StreamSpec> single(int width, int height, RtspServerOptions options) {
        if (!options.streams().isEmpty()) {
            throw new IllegalArgumentException("options declare streams: use new RtspServer(options)");
        }
        StreamSpec spec = StreamSpec.builder("/").size(width, height).fps(options.fps())
                .maxFrameLength(options.maxFrameLength()).keyframeRequest(options.keyframeRequest()).build();
        return Collections.singletonList(spec);
    }

    private static List<StreamSpec> declared(RtspServerOptions options) {
        if (options.streams().isEmpty()) throw new IllegalArgumentException("options declare no stream");
        return options.streams();
    }

    private RtspServer(List<StreamSpec> specs, RtspServerOptions options) {
        StreamSpec first = specs.get(0);
        this.width = first.width();
        this.height = first.height();
        this.bindAddress = options.bindAddress();
        Log.Sink sink = Loggers.sink(options.logger());
        LogLimiter logLimiter = new LogLimiter(options.clock()); // issue 10 Low 14: one per server
        this.log = new Log(sink, RtspServer.class.getName(), logLimiter);
        long sdpSessionId = new SecureRandom().nextLong() >>> 1;
        Stream[] internal = new Stream[specs.size()];
        String[][] paths = new String[specs.size()][];
        int maxFrameLength = 0;
        for (int i = 0; i < internal.length; i++) {
            StreamSpec spec = specs.get(i);
            int frameLimit = spec.maxFrameLength() == 0 ? spec.width() * spec.height() : spec.maxFrameLength();
            maxFrameLength = Math.max(maxFrameLength, frameLimit);
            String cname = "camstream@" + sdpSessionId + (i == 0 ? "" : "/" + i);
            internal[i] = new Stream(spec.path(), spec.width(), spec.height(), spec.fps(), frameLimit,
                    options.queuedFrames(), options.maxPayloadSize(), spec.keyframeRequest(), cname, options.clock(),
                    log, spec.maxClients() == 0 ? Integer.MAX_VALUE : spec.maxClients(), listener(spec),
                    TimeUnit.MILLISECONDS.toNanos(options.keyframeIntervalMillis()));
            paths[i] = new String[spec.aliases().size() + 1];
            paths[i][0] = spec.path();
            for (int a = 0; a < spec.aliases().size(); a++) paths[i][a + 1] = spec.aliases().get(a);
        }
        StreamTable table = new StreamTable(internal, paths);
        this.stream = internal[0];
        ServerConfig.Builder config = new ServerConfig.Builder();
        config.bindAddress = bindAddress;
        config.port = options.port();
        config.maxFrameLength = maxFrameLength;
        config.maxClients = options.maxClients();
        config.maxConnections = options.maxConnections();
        config.maxConnectionsPerAddress = options.maxConnectionsPerAddress();
        config.maxSessionsPerAddress = options.maxSessionsPerAddress();
        config.sessionTimeoutSeconds = options.sessionTimeoutSeconds();
        config.requestTimeoutSeconds = options.requestTimeoutSeconds();
        config.stalledClientTimeoutSeconds = options.stalledClientTimeoutSeconds();
        config.tcpBacklogBytes = options.tcpBacklogBytes();
        config.tcpBacklogPoolBytes = options.tcpBacklogPoolBytes();
        config.maxPayloadSize = options.maxPayloadSize();
        config.clock = options.clock();
        config.channels = options.channelFactory();
        config.logSink = sink;
        config.logLimiter = logLimiter;
        Authenticator authenticator = options.authenticationRequired()
                ? new Authenticator(options.realm(), options.users(), options.basicAuth(),
                        options.nonceLifetimeSeconds() * 1000L, digestAlgorithms(options))
                : null;
        try {
            this.loop = EventLoop.open(config.build(), table, authenticator, sdpSessionId);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        this.port = loop.port();
        List<RtspStream> handles = new ArrayList<>();
        for (int i = 0; i < internal.length; i++) {
            handles.add(new RtspStream(internal[i], specs.get(i), loop, url(), () -> stopped));
        }
        this.streams = Collections.unmodifiableList(handles);
        this.thread = new Thread(loop, "camstream-rtsp-" + port);
        thread.setDaemon(true);
        thread.start();
        log.info("RTSP server listening on {0} (RTP/RTCP on UDP {1})", url(),
                loop.rtpPort() + "-" + (loop.rtpPort() + 1));
        for (RtspStream s : streams) log.info("stream {0} at {1} {2}", s.path(), s.url(), s.aliases());
    }

    /** The options' Digest algorithms as the internal auth package names them, in the same order. */
    private static List<org.camstream.rtsp.auth.DigestAlgorithm> digestAlgorithms(RtspServerOptions options) {
        List<org.camstream.rtsp.auth.DigestAlgorithm> list = new ArrayList<>();
        for (RtspServerOptions.DigestAlgorithm a : options.digestAlgorithms()) {
            list.add(org.camstream.rtsp.auth.DigestAlgorithm.valueOf(a.name()));
        }
        return list;
    }

    private static ViewerListener listener(StreamSpec spec) {
        Runnable first = spec.firstViewerPlaying();
        Runnable last = spec.lastViewerLeft();
        return new ViewerListener() {
            @Override
            public void firstViewerPlaying() {
                first.run();
            }

            @Override
            public void lastViewerLeft() {
                last.run();
            }
        };
    }

    /** The streams this server serves, in declaration order (one, at {@code /}, for the single-stream server). */
    public List<RtspStream> streams() {
        return streams;
    }

    /**
     * The stream at {@code path} or one of its aliases (as declared, e.g. {@code /live/sub}).
     *
     * @throws IllegalArgumentException when no stream has that path
     */
    public RtspStream stream(String path) {
        Stream s = loop.streams().find(StreamTable.normalise(path));
        for (RtspStream h : streams) if (h.internal() == s) return h;
        throw new IllegalArgumentException("no stream at " + path);
    }

    /** The TCP port the server listens on (the real one when the options asked for port 0). */
    public int port() {
        return port;
    }

    /** The URL to open, e.g. {@code rtsp://127.0.0.1:8554/}; uses the loopback address when bound to all interfaces. */
    public String url() {
        InetAddress a = bindAddress == null || bindAddress.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bindAddress;
        String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "rtsp://" + host + ":" + port + "/";
    }

    public int width() { return width; }

    public int height() { return height; }

    /**
     * Queues one Annex-B access unit (start codes included) on the first stream (the only one of the
     * single-stream server). See {@link #send(ByteBuffer)}.
     */
    public boolean send(byte[] accessUnit) {
        return streams.get(0).send(accessUnit);
    }

    /**
     * Queues one Annex-B access unit (the buffer's remaining bytes; its position is not changed).
     * Never blocks. Returns false when the frame was not queued: larger than the maximum frame length
     * (counted as oversize), or nobody is playing (dropped). Frames that start with an SPS are still
     * queued when nobody plays, so the SDP can describe the stream.
     *
     * @throws IllegalStateException after {@link #stop()}
     */
    public boolean send(ByteBuffer accessUnit) {
        return streams.get(0).send(accessUnit);
    }

    /** The server's counters right now: the frame counters summed over its streams (see {@link RtspStream#stats()}). */
    public RtspServerStats stats() {
        StreamCounters[] counters = new StreamCounters[streams.size()];
        for (int i = 0; i < counters.length; i++) counters[i] = streams.get(i).internal().counters();
        return RtspServerStats.of(counters, loop.counters().connections(), loop.counters().playingClients(),
                loop.failure());
    }

    /** Test seam: runs {@code task} on the loop thread after what was queued before; see {@link EventLoop#execute}. */
    void execute(Runnable task) {
        loop.execute(task);
    }

    /**
     * Stops the server: closes the listener, every connection and the RTP sockets, joins the loop
     * thread and frees queued frames. Idempotent; {@link #send} afterwards throws.
     */
    public void stop() {
        synchronized (stopLock) {
            if (stopped) return;
            stopped = true;
        }
        loop.shutdown();
        Threads.joinUninterruptibly(thread);
        log.info("RTSP server on port {0} stopped", String.valueOf(port));
    }

    @Override
    public void close() {
        stop();
    }
}
