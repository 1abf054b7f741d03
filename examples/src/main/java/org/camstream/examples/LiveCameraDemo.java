package org.camstream.examples;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.camstream.rtsp.RtspServerStats;
import org.camstream.rtsp.RtspStream;
import org.camstream.rtsp.StreamSpec;

/**
 * The seed's camera script in Java: capture (a moving RGB565 test pattern), encode (this project's
 * H.264 encoder), {@code send} to the RTSP server, {@code stop} in {@code finally}. Serves an NVR-style
 * main stream at {@code /live/main} (also {@code /}, {@code /stream1}, {@code /Streaming/Channels/101})
 * and a sub stream at {@code /live/sub} ({@code /stream2}, {@code /Streaming/Channels/102}); each is
 * encoded only while someone watches it (viewer callbacks). Prints the URLs and a status line every
 * few seconds.
 *
 * <pre>
 * usage: LiveCameraDemo [--width 1280] [--height 720] [--fps 30] [--sub-width 320] [--sub-height 240]
 *                       [--sub-fps 5] [--port 8554] [--bitrate 3000000] [--seconds 0]
 * </pre>
 */
public final class LiveCameraDemo {
    private LiveCameraDemo() { }

    public static void main(String[] args) throws InterruptedException {
        Args a = new Args(args);
        int width = a.integer("--width", 1280);
        int height = a.integer("--height", 720);
        int fps = a.integer("--fps", 30);
        int subWidth = a.integer("--sub-width", 320);
        int subHeight = a.integer("--sub-height", 240);
        int subFps = Math.min(fps, a.integer("--sub-fps", 5));
        int port = a.integer("--port", 8554);
        int bitrate = a.integer("--bitrate", 3_000_000);
        long seconds = a.integer("--seconds", 0); // 0 = until Ctrl-C

        TestPatternCamera camera = new TestPatternCamera(width, height);
        TestPatternCamera subCamera = new TestPatternCamera(subWidth, subHeight);
        H264Encoder encoder = new H264Encoder(width, height,
                EncoderConfig.builder().fps(fps).gop(2 * fps).bitrate(bitrate).build());
        H264Encoder subEncoder = new H264Encoder(subWidth, subHeight,
                EncoderConfig.builder().fps(subFps).gop(2 * subFps).bitrate(Math.max(100_000, bitrate / 10)).build());
        AtomicBoolean mainWatched = new AtomicBoolean();
        AtomicBoolean subWatched = new AtomicBoolean();
        RtspServer server = new RtspServer(RtspServerOptions.builder().port(port)
                .stream(StreamSpec.builder("/live/main").aliases("/", "/stream1", "/Streaming/Channels/101")
                        .size(width, height).fps(fps).keyframeRequest(encoder::requestKeyframe)
                        .onViewers(() -> mainWatched.set(true), () -> mainWatched.set(false)).build())
                .stream(StreamSpec.builder("/live/sub").aliases("/stream2", "/Streaming/Channels/102")
                        .size(subWidth, subHeight).fps(subFps).keyframeRequest(subEncoder::requestKeyframe)
                        .onViewers(() -> subWatched.set(true), () -> subWatched.set(false)).build())
                .build());
        RtspStream main = server.stream("/live/main");
        RtspStream sub = server.stream("/live/sub");
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mainThread.interrupt();
            try {
                mainThread.join(2000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }));
        System.out.println("Main stream " + width + "x" + height + " @ " + fps + " fps: " + main.url()
                + "  (also " + server.url() + ")");
        System.out.println("Sub stream  " + subWidth + "x" + subHeight + " @ " + subFps + " fps: " + sub.url());
        System.out.println("Open rtsp://<this-host>:" + server.port() + "/live/main, e.g.  ffplay -rtsp_transport tcp "
                + main.url());
        StatusLine status = new StatusLine(server, main, sub, mainWatched, subWatched);
        long frameNanos = TimeUnit.SECONDS.toNanos(1) / fps;
        int subEvery = Math.max(1, fps / subFps);
        long start = System.nanoTime();
        long next = start;
        long tick = 0;
        try {
            // The first frame of each stream is encoded anyway, so DESCRIBE has its SPS/PPS.
            boolean mainPrimed = false;
            boolean subPrimed = false;
            while (!Thread.currentThread().isInterrupted()) {
                if (mainWatched.get() || !mainPrimed) {
                    byte[] accessUnit = encoder.encodeRgb565(camera.capture(), ByteOrder.BIG_ENDIAN);
                    main.send(accessUnit);
                    status.frameEncoded(accessUnit.length);
                    mainPrimed = true;
                }
                if (tick++ % subEvery == 0 && (subWatched.get() || !subPrimed)) {
                    sub.send(subEncoder.encodeRgb565(subCamera.capture(), ByteOrder.BIG_ENDIAN));
                    subPrimed = true;
                }
                status.tick();
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
            subEncoder.close();
        }
        System.out.println("stopped after " + camera.frameNumber() + " main and " + subCamera.frameNumber()
                + " sub frames");
    }

    /** Prints per-stream viewers (and whether it encodes), fps, kb/s and drops every 5 s. */
    static final class StatusLine {
        private static final long PERIOD = TimeUnit.SECONDS.toNanos(5);
        private final RtspServer server;
        private final RtspStream main;
        private final RtspStream sub;
        private final AtomicBoolean mainWatched;
        private final AtomicBoolean subWatched;
        private long windowStart = System.nanoTime();
        private long frames;
        private long bytes;
        private long droppedAtStart;

        StatusLine(RtspServer server, RtspStream main, RtspStream sub, AtomicBoolean mainWatched,
                   AtomicBoolean subWatched) {
            this.server = server;
            this.main = main;
            this.sub = sub;
            this.mainWatched = mainWatched;
            this.subWatched = subWatched;
        }

        void frameEncoded(int length) {
            frames++;
            bytes += length;
        }

        void tick() {
            long now = System.nanoTime();
            if (now - windowStart < PERIOD) return;
            double secs = (now - windowStart) / 1e9;
            RtspServerStats s = server.stats();
            System.out.printf("main: %d viewers, %s | sub: %d viewers, %s | main %.1f fps %.0f kb/s | connections %d"
                            + " | dropped %d | sent %d%n",
                    main.playingClients(), mainWatched.get() ? "encoding" : "idle (not encoding)",
                    sub.playingClients(), subWatched.get() ? "encoding" : "idle (not encoding)",
                    frames / secs, bytes * 8 / secs / 1000, s.connections(),
                    s.framesDropped() - droppedAtStart, s.framesSent());
            windowStart = now;
            frames = 0;
            bytes = 0;
            droppedAtStart = s.framesDropped();
        }
    }
}
