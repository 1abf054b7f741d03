package org.camstream.examples;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherOptions;
import org.camstream.rtsp.RtspPublisherStats;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;

/**
 * Pushes the test camera to a relay (mediamtx, go2rtc, gst-rtsp-server, ffmpeg listen) with RTSP
 * ANNOUNCE/RECORD; optionally serves the same encoded frames locally too (one encoder, two outlets).
 * Prints the publisher's state every 5 s; reconnects by itself when the relay goes away.
 *
 * <pre>
 * usage: PublishCameraDemo rtsp://[user:pass@]host:8554/cam [--transport tcp|udp] [--width 640] [--height 480]
 *                          [--fps 30] [--bitrate 1500000] [--serve-port 0 (off)] [--seconds 0]
 * </pre>
 */
public final class PublishCameraDemo {
    private PublishCameraDemo() { }

    public static void main(String[] argv) throws InterruptedException {
        if (argv.length == 0 || argv[0].startsWith("--")) {
            System.err.println("usage: ./demo publish rtsp://[user:pass@]host:8554/cam [--transport tcp|udp]"
                    + " [--width 640] [--height 480] [--fps 30] [--bitrate 1500000] [--serve-port 8554] [--seconds 0]");
            System.exit(2);
        }
        String url = argv[0];
        Args a = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        int width = a.integer("--width", 640);
        int height = a.integer("--height", 480);
        int fps = a.integer("--fps", 30);
        int bitrate = a.integer("--bitrate", 1_500_000);
        int servePort = a.integer("--serve-port", 0);
        long seconds = a.integer("--seconds", 0);
        RtspPublisherOptions.Transport transport =
                RtspPublisherOptions.Transport.valueOf(a.string("--transport", "tcp").toUpperCase(java.util.Locale.ROOT));

        TestPatternCamera camera = new TestPatternCamera(width, height);
        H264Encoder encoder = new H264Encoder(width, height,
                EncoderConfig.builder().fps(fps).gop(2 * fps).bitrate(bitrate).build());
        RtspPublisher publisher = new RtspPublisher(url, width, height, RtspPublisherOptions.builder()
                .transport(transport).fps(fps).keyframeRequest(encoder::requestKeyframe).build());
        RtspServer server = servePort > 0 ? new RtspServer(width, height, RtspServerOptions.builder()
                .fps(fps).port(servePort).keyframeRequest(encoder::requestKeyframe).build()) : null;
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mainThread.interrupt();
            try {
                mainThread.join(3000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }));
        System.out.println("Publishing " + width + "x" + height + " @ " + fps + " fps over " + transport + " to "
                + publisher.url() + (server != null ? "; also serving " + server.url() : ""));
        long frameNanos = TimeUnit.SECONDS.toNanos(1) / fps;
        long start = System.nanoTime();
        long next = start;
        long lastStatus = start;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] accessUnit = encoder.encodeRgb565(camera.capture(), ByteOrder.BIG_ENDIAN);
                publisher.send(accessUnit); // never blocks: drops while the relay is away or slow
                if (server != null) server.send(accessUnit);
                long now = System.nanoTime();
                if (now - lastStatus >= TimeUnit.SECONDS.toNanos(5)) {
                    lastStatus = now;
                    RtspPublisherStats s = publisher.stats();
                    System.out.printf("%s | sent %d | dropped %d | %.0f kB | reconnects %d%s%n", s.state(),
                            s.framesSent(), s.framesDropped(), s.bytesSent() / 1000.0, s.reconnects(),
                            s.lastError() == null ? "" : " | last error: " + s.lastError());
                }
                next += frameNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } else {
                    next = System.nanoTime();
                }
                if (seconds > 0 && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(seconds)) break;
            }
        } catch (InterruptedException e) {
            // Ctrl-C: fall through to stop
        } finally {
            publisher.stop(); // TEARDOWN
            if (server != null) server.stop();
            encoder.close();
        }
        System.out.println("stopped after " + camera.frameNumber() + " frames: " + publisher.stats());
    }
}
