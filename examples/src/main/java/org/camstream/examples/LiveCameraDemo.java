package org.camstream.examples;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.camstream.rtsp.RtspServerStats;

/**
 * The seed's camera script in Java: capture (a moving RGB565 test pattern), encode (this project's
 * H.264 encoder), {@code send} to the RTSP server, {@code stop} in {@code finally}. Prints the URL
 * to open and a status line every few seconds.
 *
 * <pre>
 * usage: LiveCameraDemo [--width 640] [--height 480] [--fps 30] [--port 8554] [--bitrate 1500000] [--seconds 0]
 * </pre>
 */
public final class LiveCameraDemo {
    private LiveCameraDemo() { }

    public static void main(String[] args) throws InterruptedException {
        Args a = new Args(args);
        int width = a.integer("--width", 640);
        int height = a.integer("--height", 480);
        int fps = a.integer("--fps", 30);
        int port = a.integer("--port", 8554);
        int bitrate = a.integer("--bitrate", 1_500_000);
        long seconds = a.integer("--seconds", 0); // 0 = until Ctrl-C

        TestPatternCamera camera = new TestPatternCamera(width, height);
        H264Encoder encoder = new H264Encoder(width, height,
                EncoderConfig.builder().fps(fps).gop(2 * fps).bitrate(bitrate).build());
        RtspServer server = new RtspServer(width, height, RtspServerOptions.builder()
                .fps(fps).port(port).keyframeRequest(encoder::requestKeyframe).build());
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mainThread.interrupt();
            try {
                mainThread.join(2000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }));
        System.out.println("Streaming " + width + "x" + height + " @ " + fps + " fps. Open "
                + "rtsp://<this-host>:" + server.port() + "/  (locally: " + server.url() + ")");
        System.out.println("e.g.  ffplay -rtsp_transport tcp " + server.url());
        StatusLine status = new StatusLine(server);
        long frameNanos = TimeUnit.SECONDS.toNanos(1) / fps;
        long start = System.nanoTime();
        long next = start;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] rgb565 = camera.capture();
                byte[] accessUnit = encoder.encodeRgb565(rgb565, ByteOrder.BIG_ENDIAN);
                server.send(accessUnit);
                status.frameEncoded(accessUnit.length);
                next += frameNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } else {
                    next = System.nanoTime(); // running late: do not try to catch up with a burst
                }
                if (seconds > 0 && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(seconds)) break;
            }
        } catch (InterruptedException e) {
            // Ctrl-C: fall through to stop
        } finally {
            server.stop();
            encoder.close();
        }
        System.out.println("stopped after " + camera.frameNumber() + " frames");
    }

    /** Prints clients, fps, kb/s and drops every 5 s. */
    static final class StatusLine {
        private static final long PERIOD = TimeUnit.SECONDS.toNanos(5);
        private final RtspServer server;
        private long windowStart = System.nanoTime();
        private long frames;
        private long bytes;
        private long droppedAtStart;

        StatusLine(RtspServer server) {
            this.server = server;
        }

        void frameEncoded(int length) {
            frames++;
            bytes += length;
            long now = System.nanoTime();
            if (now - windowStart < PERIOD) return;
            double secs = (now - windowStart) / 1e9;
            RtspServerStats s = server.stats();
            System.out.printf("clients %d (connections %d) | %.1f fps | %.0f kb/s | dropped %d | sent %d%n",
                    s.playingClients(), s.connections(), frames / secs, bytes * 8 / secs / 1000,
                    s.framesDropped() - droppedAtStart, s.framesSent());
            windowStart = now;
            frames = 0;
            bytes = 0;
            droppedAtStart = s.framesDropped();
        }
    }
}
