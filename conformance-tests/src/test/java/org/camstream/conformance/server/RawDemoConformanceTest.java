package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camstream.conformance.server.MultiClientConformanceTest.awaitCondition;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.camstream.conformance.server.Clients.Transport;
import org.camstream.examples.RawDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./demo raw}: raw I420 pictures from a pipe ({@code ffmpeg -re -f lavfi -i testsrc2 ...
 * -pix_fmt yuv420p -f rawvideo -}, three seconds at 10 fps, then a short picture before the end of
 * the input) are encoded by this project's encoder and served; ffmpeg plays it over TCP while it
 * runs. Checked: every whole picture was read and the short one ignored with a log line; the
 * client's pictures are a contiguous run, from an IDR to the last picture, of the decode of
 * everything the demo encoded (so nothing lost on the way); and that decode is the input (PSNR of
 * each picture against the raw picture it came from, above 30 dB and above the PSNR against its
 * neighbour: the planes were read in the right order, none skipped or repeated). The end of the
 * input ends the demo and the client with it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RawDemoConformanceTest {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FPS = 10;
    static final int PICTURES = 30;
    static final int SHORT_TAIL = 1000;

    @Test
    void rawPicturesFromAPipeAreEncodedAndServed() throws Exception {
        String ffmpeg = Tools.require(Tools.FFMPEG);
        int frameBytes = WIDTH * HEIGHT * 3 / 2;
        Path dir = ReferenceStream.newWorkDir("raw-demo");
        List<String> lavfi = List.of(ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi",
                "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS, "-frames:v",
                Integer.toString(PICTURES), "-pix_fmt", "yuv420p", "-f", "rawvideo");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        List<byte[]> encoded = Collections.synchronizedList(new ArrayList<>());
        List<Integer> inputIndex = Collections.synchronizedList(new ArrayList<>());
        AtomicLong pictures = new AtomicLong(-1);
        AtomicReference<Throwable> pumpFailure = new AtomicReference<>();
        Process producer = null;
        RawDemo demo = new RawDemo(WIDTH, HEIGHT, FPS, 1_000_000, "/live/main", 0,
                InetAddress.getLoopbackAddress(), log);
        try (ClientProcess input = ClientProcess.start("rawvideo", concat(lavfi, "input.yuv"), dir)) {
            assertThat(input.awaitExit(Duration.ofSeconds(30))).isZero();
            byte[] raw = Files.readAllBytes(dir.resolve("input.yuv"));
            assertThat(raw).hasSize(PICTURES * frameBytes);

            // The pipe: the same pictures at 10 fps (-re), then a cut-off picture, then the end.
            producer = new ProcessBuilder(concat(lavfi.subList(0, 3), "-re", lavfi.subList(3, lavfi.size()), "-"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            InputStream pipe = new SequenceInputStream(producer.getInputStream(),
                    new ByteArrayInputStream(new byte[SHORT_TAIL]));
            Thread pump = new Thread(() -> {
                try {
                    pictures.set(demo.pump(pipe, (picture, au, length, accepted) -> {
                        inputIndex.add((int) picture);
                        encoded.add(Arrays.copyOf(au, length));
                    }));
                } catch (Throwable t) {
                    pumpFailure.set(t);
                }
            }, "raw-demo-pump");
            pump.start();
            awaitCondition("first picture encoded (DESCRIBE needs its SPS/PPS)", Duration.ofSeconds(10),
                    () -> !encoded.isEmpty() || pumpFailure.get() != null);
            try (ClientProcess client = ClientProcess.start("ffmpeg-raw-demo", Clients.ffmpegFramemd5(
                    demo.stream().url(), Transport.TCP, MultiClientConformanceTest.FOREVER), dir)) {
                pump.join(30_000);
                assertThat(pumpFailure.get()).as("pump failure").isNull();
                assertThat(pictures.get()).as("whole pictures read").isEqualTo(PICTURES);
                String logText = logBytes.toString(StandardCharsets.UTF_8);
                assertThat(logText).as("demo log").contains("ignoring a short picture at the end of the input: "
                        + SHORT_TAIL + " of " + frameBytes + " bytes");

                List<String> reference = referenceDecode(ffmpeg, dir, encoded);
                assertThat(reference).as("pictures the demo encoded").hasSizeLessThanOrEqualTo(PICTURES);
                // The end of the input ends the demo: it stops the server once the last picture is out,
                // and the client, seeing the end of the stream, flushes its decoder and exits.
                demo.close();
                assertThat(client.waitFor(Duration.ofSeconds(15))).as("client exits after the demo ended; stderr:\n%s",
                        client.stderr()).isTrue();
                List<String> got = FrameMd5.hashes(client.stdout());
                assertThat(got).as("client pictures; demo log:\n%s\nstderr:\n%s", logText, client.stderr()).isNotEmpty();
                int first = reference.indexOf(got.get(0));
                assertThat(first).as("client's first picture among the encoded ones").isGreaterThanOrEqualTo(0);
                assertThat(AnnexB.split(encoded.get(first))).as("access unit %d starts the client's run", first)
                        .anyMatch(NalUnit::isIdr);
                // The client joins a fraction of a second after the first picture; a second of it is plenty.
                assertThat(reference.size() - first).as("pictures from the client's first IDR on")
                        .isGreaterThanOrEqualTo(FPS);
                assertThat(got).as("client run [%s]; reference %s", demo.stream().stats(), reference)
                        .isEqualTo(reference.subList(first, reference.size()));
                assertThat(Clients.mediaErrors(client.stderr())).as("client media errors").isEmpty();

                // Each picture encoded is its input picture: the planes were read in order, none skipped
                // or repeated (pictures before the first viewer are read and dropped unencoded).
                assertThat(inputIndex).as("input pictures encoded").hasSize(reference.size())
                        .isSorted().doesNotHaveDuplicates();
                assertThat(inputIndex.get(0)).isZero();
                assertThat(inputIndex.get(inputIndex.size() - 1)).isEqualTo(PICTURES - 1);
                byte[] decoded = decodeToRaw(ffmpeg, dir);
                assertThat(decoded).hasSize(reference.size() * frameBytes);
                for (int j = 0; j < reference.size(); j++) {
                    int k = inputIndex.get(j);
                    double own = psnr(decoded, j, raw, k, frameBytes);
                    assertThat(own).as("PSNR of encoded picture %d against its input %d", j, k).isGreaterThan(30);
                    int other = k + 1 < PICTURES ? k + 1 : k - 1;
                    assertThat(psnr(decoded, j, raw, other, frameBytes))
                            .as("PSNR of encoded picture %d (input %d) against input %d", j, k, other).isLessThan(own);
                }
            }
        } finally {
            if (producer != null) producer.destroyForcibly();
            demo.close();
            ReferenceStream.deleteTree(dir);
        }
    }

    /** framemd5 of the concatenation of {@code units}, decoded by ffmpeg (written to enc.h264 in {@code dir}). */
    private static List<String> referenceDecode(String ffmpeg, Path dir, List<byte[]> units) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        synchronized (units) {
            for (byte[] u : units) all.writeBytes(u);
        }
        Files.write(dir.resolve("enc.h264"), all.toByteArray());
        try (ClientProcess dec = ClientProcess.start("reference-decode", List.of(ffmpeg, "-hide_banner", "-nostdin",
                "-v", "error", "-i", "enc.h264", "-f", "framemd5", "-"), dir)) {
            assertThat(dec.awaitExit(Duration.ofSeconds(30))).as("decode: %s", dec.stderr()).isZero();
            return FrameMd5.hashes(dec.stdout());
        }
    }

    private static byte[] decodeToRaw(String ffmpeg, Path dir) throws Exception {
        try (ClientProcess dec = ClientProcess.start("decode-raw", List.of(ffmpeg, "-hide_banner", "-nostdin",
                "-v", "error", "-y", "-i", "enc.h264", "-pix_fmt", "yuv420p", "-f", "rawvideo", "decoded.yuv"), dir)) {
            assertThat(dec.awaitExit(Duration.ofSeconds(30))).as("decode: %s", dec.stderr()).isZero();
        }
        return Files.readAllBytes(dir.resolve("decoded.yuv"));
    }

    /** PSNR (dB) over all three planes of picture {@code a} of {@code x} against picture {@code b} of {@code y}. */
    static double psnr(byte[] x, int a, byte[] y, int b, int frameBytes) {
        double sse = 0;
        for (int i = 0; i < frameBytes; i++) {
            int d = (x[a * frameBytes + i] & 0xFF) - (y[b * frameBytes + i] & 0xFF);
            sse += d * d;
        }
        return sse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * frameBytes / sse);
    }

    private static List<String> concat(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(e -> out.add((String) e));
            } else {
                out.add((String) p);
            }
        }
        return out;
    }
}
