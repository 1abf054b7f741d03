package org.camstream.rtsp;

import java.util.Objects;

/**
 * How a {@link RtspPublisher} connects and what it tolerates. Immutable; build with {@link #builder()}.
 */
public final class RtspPublisherOptions {
    /** Lower transport for RTP (RFC 2326 §12.39). */
    public enum Transport {
        /** Interleaved on the RTSP connection (RFC 2326 §10.12): one TCP connection, works through NAT. */
        TCP,
        /** RTP/RTCP datagrams to the server's ports; lower latency on clean networks, fails behind most NATs. */
        UDP
    }

    private final Transport transport;
    private final String user;
    private final String password;
    private final Runnable keyframeRequest;
    private final int maxFrameLength;
    private final int queuedFrames;
    private final int uplinkBufferBytes;
    private final int maxPayloadSize;
    private final int fps;
    private final int connectTimeoutMillis;
    private final int responseTimeoutMillis;
    private final int retryMinMillis;
    private final int retryMaxMillis;
    private final int refusedRetryMinMillis;
    private final int refusedRetryMaxMillis;
    private final int maxRedirects;

    private RtspPublisherOptions(Builder b) {
        this.transport = b.transport;
        this.user = b.user;
        this.password = b.password;
        this.keyframeRequest = b.keyframeRequest;
        this.maxFrameLength = b.maxFrameLength;
        this.queuedFrames = b.queuedFrames;
        this.uplinkBufferBytes = b.uplinkBufferBytes;
        this.maxPayloadSize = b.maxPayloadSize;
        this.fps = b.fps;
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.responseTimeoutMillis = b.responseTimeoutMillis;
        this.retryMinMillis = b.retryMinMillis;
        this.retryMaxMillis = b.retryMaxMillis;
        this.refusedRetryMinMillis = b.refusedRetryMinMillis;
        this.refusedRetryMaxMillis = b.refusedRetryMaxMillis;
        this.maxRedirects = b.maxRedirects;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RtspPublisherOptions defaults() {
        return builder().build();
    }

    public Transport transport() { return transport; }

    /** User name that overrides the URL's, or null. */
    public String user() { return user; }

    String password() { return password; }

    /** Called (from the publisher's thread) when a session needs an IDR; wire it to the encoder's keyframe request. Must not block. */
    public Runnable keyframeRequest() { return keyframeRequest; }

    /** Largest access unit accepted; 0 means width x height bytes. */
    public int maxFrameLength() { return maxFrameLength; }

    /** Frames that may wait for the publisher's thread; the newest win. */
    public int queuedFrames() { return queuedFrames; }

    /** RTP bytes that may wait for a slow TCP uplink before frames are dropped (and resumed at an IDR). */
    public int uplinkBufferBytes() { return uplinkBufferBytes; }

    public int maxPayloadSize() { return maxPayloadSize; }

    /** Frame rate announced in the SDP (a=framerate), or 0 to leave it out. */
    public int fps() { return fps; }

    public int connectTimeoutMillis() { return connectTimeoutMillis; }

    public int responseTimeoutMillis() { return responseTimeoutMillis; }

    /** First wait after a connection failure; doubles per failure (with jitter) up to {@link #retryMaxMillis()}. */
    public int retryMinMillis() { return retryMinMillis; }

    public int retryMaxMillis() { return retryMaxMillis; }

    /** First wait after a refusal (4xx, wrong credentials), which another try soon would not change. */
    public int refusedRetryMinMillis() { return refusedRetryMinMillis; }

    public int refusedRetryMaxMillis() { return refusedRetryMaxMillis; }

    /** 3xx redirects followed in a row before giving up the attempt. */
    public int maxRedirects() { return maxRedirects; }

    /** Fluent builder; every setter checks its range. */
    public static final class Builder {
        private Transport transport = Transport.TCP;
        private String user;
        private String password;
        private Runnable keyframeRequest = () -> { };
        private int maxFrameLength;
        private int queuedFrames = 2;
        private int uplinkBufferBytes = 1 << 20;
        private int maxPayloadSize = 1400;
        private int fps = 30;
        private int connectTimeoutMillis = 5000;
        private int responseTimeoutMillis = 10_000;
        private int retryMinMillis = 500;
        private int retryMaxMillis = 30_000;
        private int refusedRetryMinMillis = 15_000;
        private int refusedRetryMaxMillis = 300_000;
        private int maxRedirects = 3;

        private Builder() {
        }

        public Builder transport(Transport t) {
            this.transport = Objects.requireNonNull(t, "transport");
            return this;
        }

        /** Credentials used when challenged (override any user:password in the URL). */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder keyframeRequest(Runnable callback) {
            this.keyframeRequest = Objects.requireNonNull(callback, "keyframeRequest");
            return this;
        }

        public Builder maxFrameLength(int bytes) {
            this.maxFrameLength = check(bytes, 0, 64 << 20, "maxFrameLength");
            return this;
        }

        public Builder queuedFrames(int n) {
            this.queuedFrames = check(n, 1, 64, "queuedFrames");
            return this;
        }

        public Builder uplinkBufferBytes(int bytes) {
            this.uplinkBufferBytes = check(bytes, 16 * 1024, 64 << 20, "uplinkBufferBytes");
            return this;
        }

        public Builder maxPayloadSize(int bytes) {
            this.maxPayloadSize = check(bytes, 16, 65_495, "maxPayloadSize");
            return this;
        }

        public Builder fps(int fps) {
            this.fps = check(fps, 0, 240, "fps");
            return this;
        }

        public Builder connectTimeoutMillis(int ms) {
            this.connectTimeoutMillis = check(ms, 1, 600_000, "connectTimeoutMillis");
            return this;
        }

        public Builder responseTimeoutMillis(int ms) {
            this.responseTimeoutMillis = check(ms, 1, 600_000, "responseTimeoutMillis");
            return this;
        }

        /** Backoff after connection failures: first wait and ceiling. */
        public Builder retry(int minMillis, int maxMillis) {
            this.retryMinMillis = check(minMillis, 1, 3_600_000, "retry min");
            this.retryMaxMillis = check(maxMillis, minMillis, 3_600_000, "retry max");
            return this;
        }

        /** Backoff after refusals (4xx, wrong credentials): first wait and ceiling. */
        public Builder refusedRetry(int minMillis, int maxMillis) {
            this.refusedRetryMinMillis = check(minMillis, 1, 3_600_000, "refused retry min");
            this.refusedRetryMaxMillis = check(maxMillis, minMillis, 3_600_000, "refused retry max");
            return this;
        }

        public Builder maxRedirects(int n) {
            this.maxRedirects = check(n, 0, 16, "maxRedirects");
            return this;
        }

        public RtspPublisherOptions build() {
            return new RtspPublisherOptions(this);
        }

        private static int check(int v, int min, int max, String what) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + v);
            }
            return v;
        }
    }
}
