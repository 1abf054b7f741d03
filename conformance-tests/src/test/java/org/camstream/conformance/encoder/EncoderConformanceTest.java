package org.camstream.conformance.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.camstream.h264.EncoderConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #3 item 5: streams of the camstream encoder decode under ffmpeg's strict checks, ffmpeg's
 * output equals the encoder's reconstruction byte for byte on every frame, and ffprobe reports
 * Constrained Baseline, the size, the level (H.264 Table A-1) and I/P picture types at the GOP interval.
 */
class EncoderConformanceTest {
    private static final System.Logger LOG = System.getLogger(EncoderConformanceTest.class.getName());

    @TempDir
    Path dir;

    /**
     * Clips: name, lavfi graph, extra filter, width, height, frames, gop, bitrate, expected level_idc,
     * a PSNR floor (a sanity bound, low for the noise clip whose noise is not coded at this bitrate).
     * Expected levels from Table A-1 by hand: 320x240@30 = 300 MBs, 9000 MB/s: level 1.3 by MaxMBPS,
     * but 1 Mb/s exceeds its MaxBR 768 kb/s x 1200/1000, so level 2; 640x480@30 = 1200 MBs,
     * 36000 MB/s: level 3; 1280x720@30 = 3600 MBs, 108000 MB/s: level 3.1; 330x250 = 21x16 = 336 MBs,
     * 10080 MB/s at 600 kb/s: level 1.3.
     */
    static Stream<Arguments> clips() {
        return Stream.of(
                Arguments.of("testsrc2-320x240", "testsrc2=size=320x240:rate=30", null, 320, 240, 60, 30, 1_000_000, 20, 35.0),
                Arguments.of("mandelbrot-640x480", "mandelbrot=size=640x480:rate=30", null, 640, 480, 24, 12, 2_000_000, 30, 30.0),
                Arguments.of("pan-320x240", "testsrc=size=800x600:rate=30", "crop=320:240:'n*5':'n*3'", 320, 240, 45, 15,
                        1_000_000, 20, 35.0),
                Arguments.of("noise-330x250", "testsrc2=size=330x250:rate=30", "noise=alls=24:allf=t", 330, 250, 30, 10,
                        600_000, 13, 20.0),
                Arguments.of("testsrc2-1280x720", "testsrc2=size=1280x720:rate=30", null, 1280, 720, 16, 8, 4_000_000, 31, 35.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void decodesBitExactWithExpectedStreamProperties(String name, String graph, String filter, int w, int h, int frames,
            int gop, int bitrate, int expectedLevel, double minPsnr) throws Exception {
        byte[] src = Ffmpeg.lavfiI420(dir, graph, frames, filter);
        assertThat(src).hasSize(frames * EncodedClip.frameSize(w, h));
        EncodedClip clip = EncodedClip.encode(dir, name,
                src, w, h, EncoderConfig.builder().fps(30).gop(gop).bitrate(bitrate).build());

        // strict decode
        Path decoded = dir.resolve(name + ".yuv");
        Ffmpeg.runOk(dir, null, "ffmpeg", "-nostdin", "-v", "error", "-err_detect", "explode+bitstream+buffer", "-xerror",
                "-i", clip.h264.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y", decoded.toString());
        byte[] dec = Files.readAllBytes(decoded);
        int fs = EncodedClip.frameSize(w, h);
        assertThat(dec.length).as("decoded frame count").isEqualTo(frames * fs);
        for (int i = 0; i < frames; i++) {
            int f = i;
            assertThat(java.util.Arrays.equals(dec, i * fs, (i + 1) * fs, clip.reconstruction, i * fs, (i + 1) * fs))
                    .as(() -> name + ": ffmpeg output differs from the encoder reconstruction in frame " + f
                            + firstDifference(dec, clip.reconstruction, f * fs, fs, w, h))
                    .isTrue();
        }

        // ffprobe: profile, size, level, picture types
        Path probe = dir.resolve(name + ".probe");
        Ffmpeg.runOk(dir, probe, "ffprobe", "-v", "error", "-show_streams", "-show_frames", "-of", "flat",
                clip.h264.toString());
        Map<String, String> p = parseFlat(Files.readAllLines(probe));
        assertThat(p.get("streams.stream.0.profile")).isEqualTo("Constrained Baseline");
        assertThat(p.get("streams.stream.0.width")).isEqualTo(Integer.toString(w));
        assertThat(p.get("streams.stream.0.height")).isEqualTo(Integer.toString(h));
        assertThat(p.get("streams.stream.0.level")).isEqualTo(Integer.toString(expectedLevel));
        assertThat(clip.levelIdc).isEqualTo(expectedLevel);
        for (int i = 0; i < frames; i++) {
            String expected = i % gop == 0 ? "I" : "P";
            assertThat(p.get("frames.frame." + i + ".pict_type")).as("pict_type of frame " + i).isEqualTo(expected);
            assertThat(clip.keyframes.get(i)).as("keyframe() after frame " + i).isEqualTo(i % gop == 0);
        }
        assertThat(p).doesNotContainKey("frames.frame." + frames + ".pict_type");

        double psnr = clip.psnr();
        long bytes = clip.auSizes.stream().mapToLong(Integer::longValue).sum();
        LOG.log(System.Logger.Level.INFO, String.format("%s: %d frames, %.1f kb/s, PSNR %.2f dB, QPs %s", name, frames,
                bytes * 8.0 * 30 / frames / 1000, psnr, clip.qps));
        System.out.printf("encoder conformance %s: %.1f kb/s, PSNR %.2f dB%n", name, bytes * 8.0 * 30 / frames / 1000, psnr);
        assertThat(psnr).as("PSNR of " + name).isGreaterThan(minPsnr);
    }

    /**
     * Full-range noise at the QP extremes: at QP 0 the largest levels must stay codable with
     * level_prefix <= 15 (§9.2.2.1, Baseline), at QP 51 nearly everything quantises away; both must
     * still decode bit-exactly under the strict checks.
     */
    @ParameterizedTest(name = "QP {0}..{1}")
    @org.junit.jupiter.params.provider.CsvSource({"0, 0", "51, 51"})
    void extremeQpNoiseStaysBitExact(int qpMin, int qpMax) throws Exception {
        int w = 64, h = 48, frames = 6;
        byte[] src = Ffmpeg.lavfiI420(dir, "nullsrc=s=64x48:r=30,geq=lum='random(1)*255':cb='random(2)*255':cr='random(3)*255'",
                frames, null);
        EncodedClip clip = EncodedClip.encode(dir, "qp" + qpMin, src, w, h,
                EncoderConfig.builder().gop(3).qpMin(qpMin).qpMax(qpMax).bitrate(100_000_000).build());
        assertThat(clip.qps).containsOnly(qpMin);
        Path decoded = dir.resolve("qp" + qpMin + ".yuv");
        Ffmpeg.runOk(dir, null, "ffmpeg", "-nostdin", "-v", "error", "-err_detect", "explode+bitstream+buffer", "-xerror",
                "-i", clip.h264.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y", decoded.toString());
        assertThat(Files.readAllBytes(decoded)).isEqualTo(clip.reconstruction);
        System.out.printf("encoder conformance noise at QP %d: %d bytes in %d frames, PSNR %.2f dB%n", qpMin,
                clip.auSizes.stream().mapToInt(Integer::intValue).sum(), frames, clip.psnr());
    }

    private static Map<String, String> parseFlat(Iterable<String> lines) {
        Map<String, String> m = new HashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                String v = l.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(l.substring(0, eq), v);
            }
        }
        return m;
    }

    private static String firstDifference(byte[] a, byte[] b, int off, int len, int w, int h) {
        for (int i = 0; i < len; i++) {
            if (a[off + i] != b[off + i]) {
                String plane = i < w * h ? "Y" : i < w * h + (w / 2) * (h / 2) ? "U" : "V";
                int pi = plane.equals("Y") ? i : plane.equals("U") ? i - w * h : i - w * h - (w / 2) * (h / 2);
                int pw = plane.equals("Y") ? w : w / 2;
                return " (first at " + plane + " x=" + pi % pw + " y=" + pi / pw + ": decoder " + (a[off + i] & 0xFF)
                        + ", encoder " + (b[off + i] & 0xFF) + ")";
            }
        }
        return "";
    }
}
