package org.camstream.rtsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.publish.PublishLog;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.runtime.Threads;
import org.camstream.rtsp.stream.FrameMailbox;
import org.camstream.rtsp.stream.ParameterSetCache;
import org.camstream.rtsp.publish.PublishPhase;
import org.camstream.rtsp.publish.PublishTarget;
import org.camstream.rtsp.publish.PublisherCounters;
import org.camstream.rtsp.publish.PublisherLoop;
import org.camstream.rtsp.publish.PublisherMachine;

/**
 * Publishes one live H.264 stream to an RTSP server that records it (ANNOUNCE/RECORD, RFC 2326
 * §10.3, §10.11): mediamtx, go2rtc, gst-rtsp-server, ffmpeg {@code -rtsp_flags listen}. The relay then
 * serves it to viewers, so the device carries one upload however many watch.
 *
 * <pre>{@code
 * try (RtspPublisher pub = new RtspPublisher("rtsp://cam:secret@relay:8554/cam", 640, 480,
 *         RtspPublisherOptions.builder().keyframeRequest(encoder::requestKeyframe).build())) {
 *     while (capturing) pub.send(encoder.encodeRgb565(camera.capture(), ByteOrder.BIG_ENDIAN));
 * }
 * }</pre>
 *
 * <p>{@link #send} behaves as {@link RtspServer#send}: it copies the access unit into a preallocated
 * buffer and returns at once; the publisher's own thread does the rest. That thread connects, answers
 * Digest/Basic challenges, follows redirects, keeps the session alive, and reconnects by itself with
 * exponential backoff and jitter when the relay restarts or the connection drops. Each session starts
 * at an IDR with SPS/PPS in-band (the keyframe callback asks the encoder for one); a slow uplink drops
 * whole frames and resumes at the next IDR. One encoder can feed a server and any number of
 * publishers: each copies what it is sent. Thread-safe.
 */
public final class RtspPublisher implements AutoCloseable {
    private final FrameMailbox mailbox;
    private final PublisherCounters counters = new PublisherCounters();
    private final PublisherLoop loop;
    private final Thread thread;
    private final int maxFrameLength;
    private final String uri;
    private final Object stopLock = new Object();
    private volatile boolean stopped;

    /** A publisher with default options (TCP, 30 fps). */
    public RtspPublisher(String url, int width, int height) {
        this(url, width, height, RtspPublisherOptions.defaults());
    }

    /**
     * Starts publishing to {@code url} ({@code rtsp://[user:password@]host[:port]/path}); returns at once.
     * The first connection is made once a frame with SPS and PPS has been sent.
     *
     * @throws IllegalArgumentException if the URL is not a usable rtsp:// URL
     */
    public RtspPublisher(String url, int width, int height, RtspPublisherOptions options) {
        Objects.requireNonNull(options, "options");
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("width and height must be 1..16384, got " + width + "x" + height);
        }
        PublishTarget target = PublishTarget.parse(url);
        if (options.user() != null) target = target.withCredentials(options.user(), options.password());
        this.uri = target.uri();
        this.maxFrameLength = options.maxFrameLength() == 0 ? width * height : options.maxFrameLength();
        this.mailbox = new FrameMailbox(maxFrameLength, options.queuedFrames());
        Log.Sink logSink = Loggers.sink(null); // the default logger (RtspServer.defaultLogger), read at each line
        PublishLog.use(logSink);
        PublisherMachine.Config config = new PublisherMachine.Config();
        config.tcp = options.transport() == RtspPublisherOptions.Transport.TCP;
        config.connectTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.connectTimeoutMillis());
        config.responseTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.responseTimeoutMillis());
        config.retryMinNanos = TimeUnit.MILLISECONDS.toNanos(options.retryMinMillis());
        config.retryMaxNanos = TimeUnit.MILLISECONDS.toNanos(options.retryMaxMillis());
        config.refusedRetryMinNanos = TimeUnit.MILLISECONDS.toNanos(options.refusedRetryMinMillis());
        config.refusedRetryMaxNanos = TimeUnit.MILLISECONDS.toNanos(options.refusedRetryMaxMillis());
        config.maxRedirects = options.maxRedirects();
        try {
            this.loop = new PublisherLoop(target, config, mailbox, new ParameterSetCache(width, height, new Log(logSink, RtspPublisher.class.getName())), counters,
                    options.keyframeRequest(), options.maxPayloadSize(), options.uplinkBufferBytes(), options.fps(),
                    Clock.SYSTEM, PublisherLoop.JDK, new SecureRandom());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the publisher", e);
        }
        this.thread = new Thread(loop, "camstream-publish-" + target.host() + ":" + target.port());
        thread.setDaemon(true);
        thread.start();
    }

    /** The URL published to, without credentials. */
    public String url() {
        return uri;
    }

    /** Queues one Annex-B access unit (start codes included). See {@link #send(ByteBuffer)}. */
    public boolean send(byte[] accessUnit) {
        Objects.requireNonNull(accessUnit, "accessUnit");
        if (!admit(accessUnit.length)) return false;
        return queued(mailbox.offer(accessUnit, 0, accessUnit.length, System.nanoTime()));
    }

    /**
     * Queues one Annex-B access unit (the buffer's remaining bytes; its position is not changed). Never
     * blocks and never throws for network trouble: returns false when the frame was not queued (empty or
     * larger than the maximum frame length). Whether it reaches the relay shows in {@link #stats()}.
     *
     * @throws IllegalStateException after {@link #stop()}
     */
    public boolean send(ByteBuffer accessUnit) {
        Objects.requireNonNull(accessUnit, "accessUnit");
        if (!admit(accessUnit.remaining())) return false;
        return queued(mailbox.offer(accessUnit, System.nanoTime()));
    }

    private boolean admit(int length) {
        if (stopped) throw new IllegalStateException("RTSP publisher stopped");
        if (length == 0 || length > maxFrameLength) {
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
        if (displaced > 0) counters.framesDropped.addAndGet(displaced);
        loop.wakeup();
        return true;
    }

    /** State, last error and counters right now. */
    public RtspPublisherStats stats() {
        return new RtspPublisherStats(state(counters.phase()), counters.lastError(), counters.reconnects.get(),
                counters.sessions.get(), counters.framesSent.get(), counters.framesDropped.get(),
                counters.bytesSent.get(), TimeUnit.NANOSECONDS.toMillis(counters.retryDelayNanos()));
    }

    private static RtspPublisherStats.State state(PublishPhase phase) {
        switch (phase) {
            case PUBLISHING:
                return RtspPublisherStats.State.PUBLISHING;
            case RETRYING:
                return RtspPublisherStats.State.RETRYING;
            case STOPPING:
            case STOPPED:
                return RtspPublisherStats.State.STOPPED;
            default:
                return RtspPublisherStats.State.CONNECTING;
        }
    }

    /**
     * Sends TEARDOWN if a session is up (waiting at most 2 s for its answer), closes the connection and
     * sockets and joins the publisher's thread. Idempotent; {@link #send} afterwards throws.
     */
    public void stop() {
        synchronized (stopLock) {
            if (stopped) return;
            stopped = true;
        }
        loop.requestStop();
        Threads.joinUninterruptibly(thread);
    }

    @Override
    public void close() {
        stop();
    }
}
