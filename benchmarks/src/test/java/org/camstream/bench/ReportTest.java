package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camstream.bench.EncoderBenchmark.Point;
import org.camstream.bench.EncoderBenchmark.QualityRow;
import org.camstream.bench.EncoderBenchmark.SpeedRow;
import org.junit.jupiter.api.Test;

/** The target verdicts in the report follow the figures handed in (synthetic figures, not a benchmark). */
class ReportTest {
    private static final Report.Env ENV = new Report.Env("", java.time.ZonedDateTime.now(), java.time.ZonedDateTime.now(),
            "1 1 1", "1 1 1", 2, "cpu", "java", "ffmpeg", "rev", 0);

    private static Point p(String enc, String setting, double rate, double y) {
        return new Point(enc, setting, rate, y, y, null);
    }

    /** One clip: camstream at the three targets, x264 and JCodec as straight lines in log rate offset by dx / dj dB. */
    private static QualityRow clip(double dx, double dj) {
        List<Point> cam = List.of(p("c", "500 kb/s", 500e3, 35), p("c", "1000 kb/s", 1000e3, 38),
                p("c", "3000 kb/s", 3000e3, 42));
        List<Point> x = List.of(p("x", "500 kb/s", 500e3, 35 + dx), p("x", "1000 kb/s", 1000e3, 38 + dx),
                p("x", "3000 kb/s", 3000e3, 42 + dx));
        List<Point> xb = List.of(p("x", "400 kb/s", 400e3, 34 + dx), p("x", "3750 kb/s", 3750e3, 43 + dx));
        List<Point> jc = List.of(p("j", "QP 20", 4000e3, 43 + dj), p("j", "QP 30", 1000e3, 38 + dj),
                p("j", "QP 40", 400e3, 34 + dj));
        return new QualityRow("t", 640, 480, 150, cam, x, xb, jc);
    }

    /** Speed verdicts use the CPU fps; the wall fps passed here are half of them, so they cannot decide. */
    private static String md(double camFps320, double jcFps, double dx, double dj) {
        List<SpeedRow> speed = List.of(new SpeedRow(320, 240, 150, 500_000, camFps320 / 2, camFps320, 5e5,
                jcFps / 2, jcFps, 1e6, 1000, 2000, 5e5));
        return Report.markdown(ENV, speed, List.of(clip(dx, dj)), List.of(), 3, false);
    }

    @Test
    void allTargetsMet() {
        String md = md(400, 150, 1.0, -1.5);
        assertThat(md).contains("**MET**: at least 2x JCodec's fps")
                .contains("**MET**: 1 dB more Y-PSNR than JCodec")
                .contains("**MET**: within 1.5 dB of x264")
                .contains("**MET**: 320x240 at 300 fps")
                .doesNotContain("MISSED");
    }

    @Test
    void eachTargetCanBeMissed() {
        String md = md(299, 150, 1.6, -0.9);
        assertThat(md).contains("**MISSED**: at least 2x JCodec's fps")
                .contains("**MISSED**: 1 dB more Y-PSNR than JCodec")
                .contains("**MISSED**: within 1.5 dB of x264")
                .contains("**MISSED**: 320x240 at 300 fps");
    }

    @Test
    void failedEncodeIsReportedAndMissesTheQualityTarget() {
        QualityRow ok = clip(0, -3);
        List<Point> cam = List.of(ok.camstream().get(0), Point.failed("c", "1000 kb/s", "IllegalStateException: boom"),
                ok.camstream().get(2));
        QualityRow row = new QualityRow("t", 640, 480, 150, cam, ok.x264(), ok.x264Bracket(), ok.jcodec());
        List<SpeedRow> speed = List.of(new SpeedRow(320, 240, 150, 500_000, 400, 400, 5e5, 100, 100, 1e6, 1000, 2000, 5e5));
        String md = Report.markdown(ENV, speed, List.of(row), List.of("camstream t @ 1000 kb/s: boom"), 3, false);
        assertThat(md).contains("**FAILED**").contains("IllegalStateException: boom")
                .contains("**MISSED**: 1 dB more Y-PSNR than JCodec").contains("- camstream t @ 1000 kb/s: boom");
    }

    /** A run without the quality phase must not claim the quality targets (no vacuous MET). */
    @Test
    void unmeasuredTargetsAreNotMet() {
        String md = Report.markdown(ENV, List.of(), List.of(), List.of(), 3, false);
        assertThat(md).doesNotContain("**MET**").doesNotContain("**MISSED**")
                .contains("**NOT MEASURED**: 1 dB more Y-PSNR than JCodec")
                .contains("**NOT MEASURED**: 320x240 at 300 fps");
    }
}
