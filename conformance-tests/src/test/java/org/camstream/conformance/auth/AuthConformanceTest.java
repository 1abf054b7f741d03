package org.camstream.conformance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against a server that requires credentials (RFC 2326 §12.5 with RFC 7616 Digest /
 * RFC 7617 Basic): ffmpeg with {@code rtsp://user:pass@host/} and GStreamer's rtspsrc with
 * {@code user-id}/{@code user-pw} must authenticate and decode; wrong passwords must decode nothing.
 * The stream comes from this project's encoder, so the test needs nothing but the clients.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthConformanceTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final int FRAMES = 30;

    private RtspServer server;
    private Thread feeder;
    private volatile boolean feeding = true;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        H264Encoder encoder = new H264Encoder(W, H, EncoderConfig.builder().fps(30).gop(15).bitrate(400_000).build());
        server = new RtspServer(W, H, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .credentials("alice", "s3cret").basicAuth(true)
                .keyframeRequest(encoder::requestKeyframe).build());
        feeder = new Thread(() -> {
            byte[] y = new byte[W * H];
            byte[] u = new byte[W * H / 4];
            byte[] v = new byte[W * H / 4];
            long next = System.nanoTime();
            for (int n = 0; feeding; n++) {
                for (int i = 0; i < y.length; i++) y[i] = (byte) ((i % W + n * 3) ^ (i / W));
                java.util.Arrays.fill(u, (byte) (n * 5));
                java.util.Arrays.fill(v, (byte) (255 - n * 5));
                server.send(encoder.encodeI420(y, u, v));
                next += 33_333_333L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            encoder.close();
        }, "auth-test-feeder");
        feeder.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        feeding = false;
        feeder.join(5000);
        server.stop();
    }

    private String url(String userInfo) {
        return "rtsp://" + userInfo + "127.0.0.1:" + server.port() + "/";
    }

    @Test
    void ffmpegWithDigestCredentialsDecodes() throws Exception {
        Result r = run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-rtsp_transport", "tcp",
                "-i", url("alice:s3cret@"), "-frames:v", String.valueOf(FRAMES), "-f", "framemd5", "-"), 60);
        assertThat(frameLines(r.stdout)).as(r.stderr).isEqualTo(FRAMES);
    }

    @Test
    void ffmpegWithWrongPasswordDecodesNothing() throws Exception {
        Result r = run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-rtsp_transport", "tcp",
                "-i", url("alice:wrong@"), "-frames:v", String.valueOf(FRAMES), "-f", "framemd5", "-"), 60);
        assertThat(frameLines(r.stdout)).isZero();
        assertThat(r.stderr).contains("401");
        assertThat(r.exitCode).isNotZero();
    }

    @Test
    void gstreamerWithCredentialsDecodes() throws Exception {
        Path out = dir.resolve("gst.yuv");
        Result r = run(List.of("gst-launch-1.0", "-q", "rtspsrc", "location=" + url(""), "user-id=alice",
                "user-pw=s3cret", "protocols=tcp", "latency=0", "!", "rtph264depay", "!", "h264parse", "!",
                "avdec_h264", "!", "identity", "eos-after=" + FRAMES, "!", "videoconvert", "!",
                "video/x-raw,format=I420", "!", "filesink", "location=" + out), 60);
        long frameBytes = W * H * 3L / 2;
        assertThat(Files.exists(out)).as(r.stderr).isTrue();
        assertThat(Files.size(out) / frameBytes).as(r.stderr).isGreaterThanOrEqualTo(FRAMES - 1);
    }

    @Test
    void gstreamerWithWrongPasswordDecodesNothing() throws Exception {
        Path out = dir.resolve("gst-denied.yuv");
        Result r = run(List.of("gst-launch-1.0", "-q", "rtspsrc", "location=" + url(""), "user-id=alice",
                "user-pw=wrong", "protocols=tcp", "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!",
                "filesink", "location=" + out), 30);
        assertThat(Files.exists(out) ? Files.size(out) : 0L).as(r.stderr).isZero();
        assertThat(r.exitCode).isNotZero();
    }

    private static long frameLines(String framemd5) {
        return framemd5.lines().filter(l -> l.startsWith("0,")).count();
    }

    private record Result(int exitCode, String stdout, String stderr) { }

    private Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path stdout = dir.resolve("out-" + System.nanoTime());
        Path stderr = dir.resolve("err-" + System.nanoTime());
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed (CI installs it: .ci/run)", e);
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        return new Result(p.isAlive() ? -1 : p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
