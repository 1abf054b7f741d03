package org.camstream.rtsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * An RTSP 1.0 server (RFC 2326) for one live H.264 stream at {@code rtsp://host:port/}.
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
    private static final Logger LOG = System.getLogger(RtspServer.class.getName());
    private static final int NAL_SPS = 7;

    private final int width;
    private final int height;
    private final int maxFrameLength;
    private final ServerCounters counters = new ServerCounters();
    private final FrameMailbox mailbox;
    private final EventLoop loop;
    private final Thread thread;
    private final int port;
    private final InetAddress bindAddress;
    private final Object stopLock = new Object();
    private volatile boolean stopped;

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
        Objects.requireNonNull(options, "options");
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("width and height must be 1..16384, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.maxFrameLength = options.maxFrameLength() == 0 ? width * height : options.maxFrameLength();
        this.mailbox = new FrameMailbox(maxFrameLength, options.queuedFrames());
        this.bindAddress = options.bindAddress();
        ServerSocketChannel listener = null;
        Selector selector = null;
        UdpSockets udp = null;
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            try {
                listener.bind(new InetSocketAddress(bindAddress, options.port()), 64);
            } catch (BindException e) {
                BindException named = new BindException("RTSP port " + options.port() + " on "
                        + (bindAddress == null ? "all interfaces" : bindAddress.getHostAddress())
                        + " is not available: " + e.getMessage());
                named.initCause(e);
                throw named;
            }
            listener.configureBlocking(false);
            this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            udp = UdpSockets.open(bindAddress);
            selector = Selector.open();
        } catch (IOException e) {
            closeQuietly(listener);
            if (udp != null) udp.close();
            closeQuietly(selector);
            throw new UncheckedIOException(e.getMessage(), e);
        }
        ServerContext context = new ServerContext(width, height, maxFrameLength, options, counters, udp,
                new SecureRandom().nextLong() >>> 1);
        this.loop = new EventLoop(selector, listener, context, mailbox);
        this.thread = new Thread(loop, "camstream-rtsp-" + port);
        thread.setDaemon(true);
        thread.start();
        LOG.log(Level.INFO, "RTSP server listening on {0} (RTP/RTCP on UDP {1})", url(), udp.rtpPort() + "-" + udp.rtcpPort());
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

    /** Queues one Annex-B access unit (start codes included). See {@link #send(ByteBuffer)}. */
    public boolean send(byte[] accessUnit) {
        Objects.requireNonNull(accessUnit, "accessUnit");
        if (!admit(accessUnit.length, accessUnit.length == 0 ? -1 : firstNalType(accessUnit))) return false;
        return queued(mailbox.offer(accessUnit, 0, accessUnit.length, System.nanoTime()));
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
        Objects.requireNonNull(accessUnit, "accessUnit");
        int len = accessUnit.remaining();
        if (!admit(len, len == 0 ? -1 : firstNalType(accessUnit))) return false;
        return queued(mailbox.offer(accessUnit, System.nanoTime()));
    }

    /** The checks every frame passes before it is copied; counts what it refuses. */
    private boolean admit(int length, int firstNalType) {
        if (stopped) throw new IllegalStateException("RTSP server stopped");
        if (length > maxFrameLength) {
            counters.framesOversize.incrementAndGet();
            return false;
        }
        if (length == 0 || counters.playingClients == 0 && firstNalType != NAL_SPS) {
            counters.framesDropped.incrementAndGet();
            return false;
        }
        return true;
    }

    private boolean queued(int displaced) {
        if (displaced == FrameMailbox.NO_BUFFER) {
            counters.framesDropped.incrementAndGet();
            return false;
        }
        counters.framesAccepted.incrementAndGet();
        if (displaced > 0) counters.framesDropped.addAndGet(displaced);
        loop.frameQueued();
        return true;
    }

    /** Type of the first NAL unit after the first start code (H.264 §B.1.1), or -1; looks at 64 bytes at most. */
    private static int firstNalType(ByteBuffer au) {
        if (au.hasArray()) return firstNalType(au.array(), au.arrayOffset() + au.position(), au.remaining());
        int p = au.position();
        int end = Math.min(au.limit(), p + 64);
        for (int i = p; i + 3 < end; i++) {
            if (au.get(i) == 0 && au.get(i + 1) == 0 && au.get(i + 2) == 1) return au.get(i + 3) & 0x1F;
        }
        return -1;
    }

    private static int firstNalType(byte[] au) {
        return firstNalType(au, 0, au.length);
    }

    private static int firstNalType(byte[] au, int off, int len) {
        int end = off + Math.min(len, 64);
        for (int i = off; i + 3 < end; i++) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) return au[i + 3] & 0x1F;
        }
        return -1;
    }

    /** The server's counters right now. */
    public RtspServerStats stats() {
        return counters.snapshot();
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
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "RTSP server on port {0} stopped", String.valueOf(port));
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // already failing; the original exception is reported
        }
    }
}
