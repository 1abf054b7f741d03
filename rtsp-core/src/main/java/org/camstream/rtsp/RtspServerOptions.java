package org.camstream.rtsp;

import java.net.InetAddress;
import java.util.Objects;

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
    private final int maxPayloadSize;
    private final Runnable keyframeRequest;

    private RtspServerOptions(Builder b) {
        this.fps = b.fps;
        this.port = b.port;
        this.maxFrameLength = b.maxFrameLength;
        this.maxClients = b.maxClients;
        this.bindAddress = b.bindAddress;
        this.sessionTimeoutSeconds = b.sessionTimeoutSeconds;
        this.tcpBacklogBytes = b.tcpBacklogBytes;
        this.maxPayloadSize = b.maxPayloadSize;
        this.keyframeRequest = b.keyframeRequest;
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

    /** Bytes of media a TCP-interleaved client may have unsent before it drops frames to the next IDR. */
    public int tcpBacklogBytes() { return tcpBacklogBytes; }

    /** Largest RTP payload (RFC 6184 packets are split with FU-A above it). */
    public int maxPayloadSize() { return maxPayloadSize; }

    /**
     * Called on the server's loop thread when a client needs an IDR (a client starts playing, fell
     * behind, or sent RTCP PLI/FIR); wire it to {@code H264Encoder::requestKeyframe}. Must not block.
     */
    public Runnable keyframeRequest() { return keyframeRequest; }

    /** Builder with the documented defaults; every setter validates its argument. */
    public static final class Builder {
        private int fps = 30;
        private int port = 8554;
        private int maxFrameLength = 0;
        private int maxClients = 8;
        private InetAddress bindAddress = null;
        private int sessionTimeoutSeconds = 60;
        private int tcpBacklogBytes = 1 << 20;
        private int maxPayloadSize = org.camstream.rtp.H264Packetizer.DEFAULT_MAX_PAYLOAD_SIZE;
        private Runnable keyframeRequest = () -> { };

        private Builder() { }

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

        public Builder maxPayloadSize(int bytes) {
            if (bytes < 100 || bytes > 65000) throw new IllegalArgumentException("maxPayloadSize must be 100..65000, got " + bytes);
            this.maxPayloadSize = bytes;
            return this;
        }

        public Builder keyframeRequest(Runnable callback) {
            this.keyframeRequest = Objects.requireNonNull(callback, "keyframeRequest");
            return this;
        }

        public RtspServerOptions build() {
            return new RtspServerOptions(this);
        }
    }
}
