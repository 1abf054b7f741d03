package org.camstream.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.camstream.rtsp.RtspStream;
import org.camstream.rtsp.StreamSpec;

/**
 * Serves raw I420 pictures read from standard input (a webcam through ffmpeg, any program writing
 * {@code yuv420p} rawvideo), encoded with this project's H.264 encoder, at one path and at {@code /}.
 * The end of the input ends it; a last picture cut short by the end is logged and ignored.
 *
 * <pre>
 * usage: RawDemo --width W --height H [--fps 30] [--path /live/main] [--port 8554] [--bitrate 2000000]
 *   ffmpeg -f v4l2 -i /dev/video0 -pix_fmt yuv420p -f rawvideo - | ./demo raw --width 640 --height 480
 * </pre>
 *
 * <p>Pictures are encoded only while someone watches (after the first, which gives DESCRIBE its
 * SPS/PPS); the rest are read and dropped, so the producer is never blocked. A joining viewer asks
 * the encoder for an IDR. {@link #pump} runs on one thread; {@link #close()} from any.
 */
public final class RawDemo implements AutoCloseable {
    /** Sees each encoded access unit, the input picture it encodes (0-based) and whether the server took it (for tests). */
    public interface Observer {
        void sent(long picture, byte[] accessUnit, int length, boolean accepted);
    }

    private final int width;
    private final int height;
    private final int fps;
    private final PrintStream log;
    private final H264Encoder encoder;
    private final RtspServer server;
    private final RtspStream stream;
    private final AtomicBoolean watched = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Starts serving at {@code path} (and {@code /}) on {@code port} (0: any free port), bound to
     * {@code bind} (null: all interfaces); messages go to {@code log}.
     */
    public RawDemo(int width, int height, int fps, int bitrate, String path, int port, InetAddress bind,
                   PrintStream log) {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("I420 needs an even width and height, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.log = log;
        this.encoder = new H264Encoder(width, height,
                EncoderConfig.builder().fps(fps).gop(2 * fps).bitrate(bitrate).build());
        StreamSpec.Builder spec = StreamSpec.builder(path).size(width, height).fps(fps)
                .maxFrameLength(Math.max(width * height, 1 << 20)) // as PipeDemo; larger access units are counted as oversize
                .keyframeRequest(encoder::requestKeyframe)
                .onViewers(() -> watched.set(true), () -> watched.set(false));
        if (!path.equals("/")) spec.aliases("/");
        RtspServerOptions.Builder options = RtspServerOptions.builder().port(port).queuedFrames(4).stream(spec.build());
        if (bind != null) options.bindAddress(bind);
        RtspServer s;
        try {
            s = new RtspServer(options.build());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        this.server = s;
        this.stream = server.stream(path);
    }

    public static void main(String[] args) throws IOException {
        Args a = new Args(args);
        int width = a.integer("--width", 0);
        int height = a.integer("--height", 0);
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            System.err.println("usage: ./demo raw --width W --height H [--fps 30] [--path /live/main] [--port 8554]"
                    + " [--bitrate 2000000]   (W and H even; W*H*3/2 bytes of yuv420p per picture on stdin)");
            System.exit(2);
        }
        try (RawDemo demo = new RawDemo(width, height, a.integer("--fps", 30), a.integer("--bitrate", 2_000_000),
                a.string("--path", "/live/main"), a.integer("--port", 8554), null, System.err)) {
            demo.pump(System.in, null);
        }
    }

    public RtspStream stream() {
        return stream;
    }

    public RtspServer server() {
        return server;
    }

    /**
     * Reads pictures from {@code in} until it ends, encoding and sending them; returns the number of
     * whole pictures read. {@code observer} (may be null) sees every access unit encoded.
     */
    public long pump(InputStream in, Observer observer) throws IOException {
        RawFrameReader reader = new RawFrameReader(in, width, height);
        log.println("Reading " + width + "x" + height + " I420 (" + reader.frameBytes() + " bytes a picture) from"
                + " standard input; serving " + stream.url() + " (and " + server.url() + ")");
        byte[] out = new byte[encoder.maxAccessUnitSize()];
        ByteBuffer view = ByteBuffer.wrap(out);
        long pictures = 0;
        long encoded = 0;
        while (reader.next()) {
            pictures++;
            if (encoded > 0 && !watched.get()) continue; // nobody watches: drop it unencoded
            int length = encoder.encodeI420(reader.y(), reader.u(), reader.v(), out, 0);
            encoded++;
            view.clear();
            view.limit(length);
            boolean accepted = stream.send(view);
            if (observer != null) observer.sent(pictures - 1, out, length, accepted);
        }
        if (reader.shortTail() >= 0) {
            log.println("ignoring a short picture at the end of the input: " + reader.shortTail() + " of "
                    + reader.frameBytes() + " bytes");
        }
        log.println("end of input after " + pictures + " pictures (" + encoded + " encoded); " + stream.stats());
        return pictures;
    }

    /** Stops the server (after two frame periods, so the last picture goes out) and the encoder. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            TimeUnit.MILLISECONDS.sleep(2000L / Math.max(1, fps));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop();
            encoder.close();
        }
    }
}
