package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.camstream.conformance.server.Clients.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 Medium 7, done when "a real client (ffmpeg over TCP) is served within 1 s while 1,000
 * idle sockets from 250 loopback addresses (127.0.1.x-127.0.4.x) are connected". Before, 64 idle
 * sockets from anywhere made every new client get 503.
 *
 * <p>Each idle socket is bound to its own loopback address (Linux routes all of 127/8 to lo), four per
 * address, connected and silent; the request timeout is raised to 120 s so none is closed by it during
 * the test. With the default limits (1,024 connections) all 1,000 stay connected; with 256 the server
 * has to close the idle ones, oldest first, to make room, and the client is served all the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleSocketsConformanceTest {
    static final int ADDRESSES = 250;
    static final int PER_ADDRESS = 4;
    static final int FRAMES = 30;
    private static final System.Logger LOG = System.getLogger(IdleSocketsConformanceTest.class.getName());

    @ParameterizedTest(name = "maxConnections {0}")
    @ValueSource(ints = {0, 256}) // 0: the default
    void ffmpegOverTcpIsServedWithin1sWhile1000IdleSocketsAreConnected(int maxConnections) throws Exception {
        List<Socket> idle = new ArrayList<>();
        try (ServerFixture f = ServerFixture.start(ReferenceStream.of(320, 240), "idle-sockets-" + maxConnections,
                b -> maxConnections == 0 ? b.requestTimeoutSeconds(120)
                        : b.requestTimeoutSeconds(120).maxConnections(maxConnections))) {
            int port = f.server.port();
            long baselineNanos = describeRoundTrip(f.url()); // the same round trip before any idle socket
            long openStart = System.nanoTime();
            for (int a = 0; a < ADDRESSES; a++) {
                String local = "127.0." + (1 + a / 64) + "." + (1 + a % 64); // 127.0.1.1 .. 127.0.4.58
                for (int k = 0; k < PER_ADDRESS; k++) {
                    Socket s = new Socket();
                    idle.add(s);
                    s.bind(new InetSocketAddress(local, 0));
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                }
            }
            int expected = maxConnections == 0 ? ADDRESSES * PER_ADDRESS : maxConnections;
            await("the server holds " + expected + " idle connections; " + f.diagnostics(),
                    () -> f.server.stats().connections() == expected);
            long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart);

            long describeNanos = describeRoundTrip(f.url());
            assertThat(TimeUnit.NANOSECONDS.toMillis(describeNanos))
                    .as("connect + OPTIONS + DESCRIBE round trip (ms) with 1,000 idle sockets around")
                    .isLessThan(1000);

            long ffmpegStart = System.nanoTime();
            ClientProcess ffmpeg = f.client("ffmpeg-tcp", Clients.ffmpegFramemd5(f.url(), Transport.TCP, FRAMES));
            await("ffmpeg plays (its PLAY answered)", () -> f.server.stats().playingClients() == 1
                    || !ffmpeg.isAlive());
            long playingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ffmpegStart);
            await("ffmpeg decodes a first picture", () -> !FrameMd5.hashes(ffmpeg.stdout()).isEmpty()
                    || !ffmpeg.isAlive());
            long firstFrameMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ffmpegStart);
            int exit = ffmpeg.awaitExit(Duration.ofSeconds(30));

            List<String> decoded = FrameMd5.hashes(ffmpeg.stdout());
            f.clip.assertContiguousRunFromIdr(ffmpeg.name() + " [" + f.diagnostics() + "]", decoded, FRAMES);
            assertThat(Clients.mediaErrors(ffmpeg.stderr())).as("ffmpeg media errors").isEmpty();
            assertThat(exit).as("ffmpeg exit status; stderr:\n%s", ffmpeg.stderr()).isZero();
            assertThat(playingMillis).as("ffmpeg process start to its PLAY answered (ms): OPTIONS, DESCRIBE,"
                    + " SETUP, PLAY with 1,000 idle sockets around").isLessThan(1000);
            // The wait for the looping clip's next IDR (one GOP, 1 s) and ffmpeg's probing come on top.
            assertThat(firstFrameMillis).as("ffmpeg start to first decoded picture (ms)").isLessThan(5000);
            if (maxConnections == 0) {
                assertThat(f.server.stats().connections()).as("every idle socket still connected")
                        .isGreaterThanOrEqualTo(ADDRESSES * PER_ADDRESS);
            }
            LOG.log(System.Logger.Level.INFO, "maxConnections {0}: 1,000 idle sockets connected in {1} ms; "
                    + "DESCRIBE round trip {2} ms (without them {3} ms); ffmpeg playing after {4} ms, first picture"
                    + " after {5} ms; {6}", maxConnections == 0 ? "default" : maxConnections, openMillis,
                    String.format("%.1f", describeNanos / 1e6), String.format("%.1f", baselineNanos / 1e6),
                    playingMillis, firstFrameMillis, f.diagnostics());
            System.out.printf("IDLE-SOCKETS maxConnections=%s open=%d ms describe=%.1f ms (without idle sockets"
                    + " %.1f ms) playing=%d ms firstPicture=%d ms%n", maxConnections == 0 ? "default" : maxConnections,
                    openMillis, describeNanos / 1e6, baselineNanos / 1e6, playingMillis, firstFrameMillis);
        } finally {
            for (Socket s : idle) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    /** A fresh connection from 127.0.0.1: OPTIONS and DESCRIBE, both 200; the time from connect to the SDP. */
    private static long describeRoundTrip(String url) throws IOException {
        URI uri = URI.create(url);
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setSoTimeout(5000);
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(in)).startsWith("RTSP/1.0 200");
            out.write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(in);
            assertThat(head).startsWith("RTSP/1.0 200").contains("application/sdp");
            return System.nanoTime() - start;
        }
    }

    /** Status line and headers, up to the blank line (the DESCRIBE body is not needed). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed by the server after: " + sb);
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** Polls {@code condition} every 10 ms for up to 20 s of real time. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + ": not within 20 s");
            Thread.sleep(10);
        }
    }
}
