package org.camstream.conformance.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.camstream.h264.EncoderConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #3 item 4: over every 10 s window of a clip the average bitrate is within +-10 % of the
 * target, QP stays inside qpMin..qpMax, and an IDR comes every gop frames. Clips are exactly 10 s
 * (300 frames at 30 fps), so there is one window per clip; each still decodes bit-exactly under
 * ffmpeg's strict checks.
 */
class RateControlConformanceTest {
    private static final int FPS = 30;
    private static final int SECONDS = 10;

    @TempDir
    Path dir;

    static Stream<Arguments> targets() {
        return Stream.of(
                Arguments.of("testsrc2 320x240 250 kb/s", "testsrc2=size=320x240:rate=30", null, 320, 240, 250_000, 16, 51,
                        false),
                Arguments.of("mandelbrot 320x240 1 Mb/s", "mandelbrot=size=320x240:rate=30", null, 320, 240,
                        1_000_000, 10, 51, false),
                Arguments.of("mandelbrot 640x480 8 Mb/s", "mandelbrot=size=640x480:rate=30", "noise=alls=12:allf=t",
                        640, 480, 8_000_000, 4, 51, false),
                // A pan over a still picture needs far less than 1.5 Mb/s even at qpMin 10: met only by
                // padding with filler data (EncoderConfig.fillerData); without it the encoder stays at qpMin.
                Arguments.of("pan 320x240 1.5 Mb/s with filler data", "testsrc=size=800x600:rate=30",
                        "crop=320:240:'n*5':'n*3'", 320, 240, 1_500_000, 10, 51, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void averageBitrateWithinTenPercentOverTenSeconds(String name, String graph, String filter, int w, int h,
            int bitrate, int qpMin, int qpMax, boolean filler) throws Exception {
        int frames = FPS * SECONDS;
        byte[] src = Ffmpeg.lavfiI420(dir, graph, frames, filter);
        EncoderConfig cfg = EncoderConfig.builder().fps(FPS).bitrate(bitrate).qpMin(qpMin).qpMax(qpMax)
                .fillerData(filler).build();
        EncodedClip clip = EncodedClip.encode(dir, "rc", src, w, h, cfg);

        for (int start = 0; start + FPS * SECONDS <= frames; start += FPS) {
            long bits = 0;
            for (int i = start; i < start + FPS * SECONDS; i++) {
                bits += 8L * clip.auSizes.get(i);
            }
            double rate = bits / (double) SECONDS;
            System.out.printf("rate control %s: window from %d s: %.0f b/s (target %d), QPs %s%n", name, start / FPS,
                    rate, bitrate, clip.qps);
            assertThat(rate).as(name + " window starting at " + start / FPS + " s").isBetween(0.9 * bitrate, 1.1 * bitrate);
        }
        for (int i = 0; i < frames; i++) {
            assertThat(clip.qps.get(i)).isBetween(qpMin, qpMax);
            assertThat(clip.keyframes.get(i)).as("IDR at frame " + i).isEqualTo(i % cfg.effectiveGop() == 0);
        }
        Ffmpeg.runOk(dir, dir.resolve("rc.yuv"), "ffmpeg", "-nostdin", "-v", "error", "-err_detect",
                "explode+bitstream+buffer", "-xerror", "-i", clip.h264.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p",
                "-");
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("rc.yuv"))).isEqualTo(clip.reconstruction);
    }
}
