package org.camstream.rtsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One stream a server offers: its path and aliases, picture size, frame rate, frame limit, client
 * limit and callbacks. Immutable; built with {@link #builder(String)} and declared with
 * {@link RtspServerOptions.Builder#stream(StreamSpec)}; the server gives back an {@link RtspStream}
 * to send its frames to.
 *
 * <pre>{@code
 * RtspServerOptions options = RtspServerOptions.builder()
 *     .stream(StreamSpec.builder("/main").aliases("/", "/stream1", "/Streaming/Channels/101").size(1280, 720).build())
 *     .stream(StreamSpec.builder("/sub").aliases("/stream2", "/Streaming/Channels/102").size(320, 240).fps(5).build())
 *     .build();
 * }</pre>
 */
public final class StreamSpec {
    private final String path;
    private final List<String> aliases;
    private final int width;
    private final int height;
    private final int fps;
    private final int maxFrameLength;
    private final int maxClients;
    private final Runnable keyframeRequest;
    private final Runnable firstViewerPlaying;
    private final Runnable lastViewerLeft;

    private StreamSpec(Builder b) {
        this.path = b.path;
        this.aliases = Collections.unmodifiableList(new ArrayList<>(b.aliases));
        this.width = b.width;
        this.height = b.height;
        this.fps = b.fps;
        this.maxFrameLength = b.maxFrameLength;
        this.maxClients = b.maxClients;
        this.keyframeRequest = b.keyframeRequest;
        this.firstViewerPlaying = b.firstViewerPlaying;
        this.lastViewerLeft = b.lastViewerLeft;
    }

    /** A stream at {@code path}, e.g. {@code /live/main}; {@code /} is the root. */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** The path the stream is known by (its URL and RTCP name). */
    public String path() { return path; }

    /** Further paths that serve the same stream, e.g. {@code /stream1}. */
    public List<String> aliases() { return aliases; }

    public int width() { return width; }

    public int height() { return height; }

    /** Nominal frame rate, advertised in the SDP ({@code a=framerate}). */
    public int fps() { return fps; }

    /** Largest accepted access unit in bytes; 0 means width*height. */
    public int maxFrameLength() { return maxFrameLength; }

    /** Most sessions on this stream; 0: only the server's {@link RtspServerOptions#maxClients()} applies. */
    public int maxClients() { return maxClients; }

    /** Called on the loop thread when a client of this stream needs an IDR; must not block. */
    public Runnable keyframeRequest() { return keyframeRequest; }

    /** Called on the loop thread when the first client starts playing this stream; must not block. */
    public Runnable firstViewerPlaying() { return firstViewerPlaying; }

    /** Called on the loop thread when the last playing client stops (or leaves); must not block. */
    public Runnable lastViewerLeft() { return lastViewerLeft; }

    @Override
    public String toString() {
        return "StreamSpec[" + path + (aliases.isEmpty() ? "" : " " + aliases) + ", " + width + "x" + height
                + "@" + fps + "]";
    }

    /** Builder; every setter validates its argument. Size is required. */
    public static final class Builder {
        private final String path;
        private final List<String> aliases = new ArrayList<>();
        private int width;
        private int height;
        private int fps = 30;
        private int maxFrameLength;
        private int maxClients;
        private Runnable keyframeRequest = () -> { };
        private Runnable firstViewerPlaying = () -> { };
        private Runnable lastViewerLeft = () -> { };

        private Builder(String path) {
            this.path = checkPath(path);
        }

        /** Paths that serve this stream too (what users of Tapo, Hikvision, ... NVR setups type). */
        public Builder aliases(String... paths) {
            for (String p : paths) aliases.add(checkPath(p));
            return this;
        }

        public Builder size(int width, int height) {
            if (width < 1 || height < 1 || width > 16384 || height > 16384) {
                throw new IllegalArgumentException("width and height must be 1..16384, got " + width + "x" + height);
            }
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder fps(int fps) {
            if (fps < 1 || fps > 240) throw new IllegalArgumentException("fps must be 1..240, got " + fps);
            this.fps = fps;
            return this;
        }

        public Builder maxFrameLength(int bytes) {
            if (bytes < 0) throw new IllegalArgumentException("maxFrameLength must be >= 0, got " + bytes);
            this.maxFrameLength = bytes;
            return this;
        }

        public Builder maxClients(int n) {
            if (n < 0) throw new IllegalArgumentException("maxClients must be >= 0, got " + n);
            this.maxClients = n;
            return this;
        }

        public Builder keyframeRequest(Runnable callback) {
            this.keyframeRequest = Objects.requireNonNull(callback, "keyframeRequest");
            return this;
        }

        /**
         * Callbacks for "someone watches" and "nobody watches any more", so a camera can stop capturing
         * and encoding while nobody plays. Each fires once per transition, on the server's loop thread.
         */
        public Builder onViewers(Runnable firstViewerPlaying, Runnable lastViewerLeft) {
            this.firstViewerPlaying = Objects.requireNonNull(firstViewerPlaying, "firstViewerPlaying");
            this.lastViewerLeft = Objects.requireNonNull(lastViewerLeft, "lastViewerLeft");
            return this;
        }

        public StreamSpec build() {
            if (width == 0) throw new IllegalStateException("size(width, height) of stream " + path + " not set");
            return new StreamSpec(this);
        }

        /**
         * A path: starts with '/', printable ASCII without spaces, '?', '#', '%' (RFC 3986 §3.3), no
         * segment named like the track's control URL, which the server appends (RFC 2326 §C.1.1).
         */
        private static String checkPath(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.length() > 256) {
                throw new IllegalArgumentException("path must start with '/' (at most 256 characters): " + path);
            }
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c <= ' ' || c >= 127 || c == '?' || c == '#' || c == '%' || c == '\\') {
                    throw new IllegalArgumentException("path may hold only printable ASCII without ?#%\\: " + path);
                }
            }
            for (String seg : path.split("/")) {
                if (seg.startsWith("trackID=") || seg.equals("..")) {
                    throw new IllegalArgumentException("path segment " + seg + " is reserved: " + path);
                }
            }
            return path;
        }
    }
}
