package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.camstream.bench.MatrixOptions.Size;
import org.camstream.bench.MatrixResults.Cam;
import org.camstream.bench.MatrixResults.Cell;
import org.camstream.bench.MatrixResults.X264;
import org.camstream.bench.MatrixResults.X264Point;
import org.camstream.bench.Targets.Check;
import org.camstream.bench.Targets.Value;
import org.camstream.bench.Targets.Verdict;
import org.camstream.h264.Preset;
import org.junit.jupiter.api.Test;

/** The issue-13 verdicts: thresholds, missing cells, and which cells each target looks at. */
class TargetsTest {
    private static final Size QVGA = new Size(320, 240), VGA = new Size(640, 480), HD = new Size(1280, 720);

    @Test
    void allAtLeastIsMetOnlyWhenEveryMeasuredValueReachesTheThreshold() {
        assertThat(Targets.allAtLeast(List.of(v(0.5), v(0.7)), 0.5)).isEqualTo(Verdict.MET);
        assertThat(Targets.allAtLeast(List.of(v(0.49), v(0.7)), 0.5)).isEqualTo(Verdict.NOT_MET);
    }

    @Test
    void aMissingCellPreventsMetButNotNotMet() {
        assertThat(Targets.allAtLeast(List.of(v(0.9), v(Double.NaN)), 0.5)).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Targets.allAtLeast(List.of(v(0.1), v(Double.NaN)), 0.5)).isEqualTo(Verdict.NOT_MET);
        assertThat(Targets.allAtLeast(List.of(), 0.5)).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void aheadMeansStrictlyAbove() {
        assertThat(Targets.allAbove(List.of(v(0.0)), 0)).isEqualTo(Verdict.NOT_MET);
        assertThat(Targets.allAbove(List.of(v(0.01)), 0)).isEqualTo(Verdict.MET);
    }

    @Test
    void worstIsTheSmallestMeasuredValue() {
        Value w = Targets.worst(List.of(new Value("a", 3), new Value("b", Double.NaN), new Value("c", -1)));
        assertThat(w.cell()).isEqualTo("c");
        assertThat(Targets.worst(List.of(v(Double.NaN)))).isNull();
    }

    @Test
    void ratioRejectsMissingAndZeroDenominators() {
        assertThat(Targets.ratio(3, 4)).isEqualTo(0.75);
        assertThat(Targets.ratio(3, 0)).isNaN();
        assertThat(Targets.ratio(Double.NaN, 4)).isNaN();
    }

    /** x264 encoded at 990 and 1010 kb/s: at camstream's 1000 kb/s it is read half way (log rate). */
    @Test
    void deltaYReadsX264AtCamstreamsRate() {
        X264 x = x264("veryfast", 100, new X264Point(990_000, 39, 41, 100), new X264Point(1_010_000, 41, 43, 100));
        double mid = 39 + 2 * Math.log(1_000_000 / 990_000.0) / Math.log(1_010_000 / 990_000.0);
        assertThat(Targets.deltaY(cam(Preset.FAST, 50, 1_000_000, 40.5, 30), x)).isCloseTo(40.5 - mid, within(1e-9));
    }

    @Test
    void defaultPresetTargetsCoverEveryCellAndReportTheWorst() {
        // veryfast 200 fps everywhere; FAST at 120 fps except pan at 90 (0.45x); quality +0.1 except noise -0.4
        List<Cell> cells = List.of(
                cell("testsrc2", VGA, 1_000_000, cam(Preset.FAST, 120, 1_000_000, 40.1, 60), vf(200, 40)),
                cell("pan", VGA, 1_000_000, cam(Preset.FAST, 90, 1_000_000, 40.1, 60), vf(200, 40)),
                cell("noise", VGA, 1_000_000, cam(Preset.FAST, 120, 1_000_000, 39.6, 60), vf(200, 40)));
        List<Check> checks = Targets.evaluate(cells, Preset.FAST, 2);
        assertThat(checks.get(0).verdict()).isEqualTo(Verdict.NOT_MET);
        assertThat(checks.get(0).figure()).contains("0.45x").contains("pan").contains("3 of 3");
        assertThat(checks.get(1).verdict()).isEqualTo(Verdict.NOT_MET);
        assertThat(checks.get(1).figure()).contains("-0.40 dB").contains("noise");
        // no 720p mandelbrot and no FASTEST cell: those targets are not measured, not met
        assertThat(checks.get(2).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(checks.get(3).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(checks.get(4).verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void defaultPresetTargetsMetAtTheThresholds() {
        List<Cell> cells = List.of(cell("pan", VGA, 3_000_000, cam(Preset.FAST, 100, 1_000_000, 39.71, 60), vf(200, 40)));
        List<Check> checks = Targets.evaluate(cells, Preset.FAST, 2);
        assertThat(checks.get(0).verdict()).isEqualTo(Verdict.MET); // exactly 0.5x
        assertThat(checks.get(1).verdict()).isEqualTo(Verdict.MET); // -0.29 dB
        List<Cell> below = List.of(cell("pan", VGA, 3_000_000, cam(Preset.FAST, 99.9, 1_000_000, 39.69, 60), vf(200, 40)));
        List<Check> missed = Targets.evaluate(below, Preset.FAST, 2);
        assertThat(missed.get(0).verdict()).isEqualTo(Verdict.NOT_MET);
        assertThat(missed.get(1).verdict()).isEqualTo(Verdict.NOT_MET);
    }

    @Test
    void hdTargetLooksAtMandelbrot720p3MbpsThreadedWallFpsOfTheDefaultPreset() {
        List<Cell> cells = List.of(
                cell("mandelbrot", HD, 3_000_000, cam(Preset.FAST, 20, 3_000_000, 35, 29.9), vf(60, 35)),
                cell("mandelbrot", HD, 1_000_000, cam(Preset.FAST, 20, 1_000_000, 35, 10), vf(60, 35)),
                cell("testsrc2", HD, 3_000_000, cam(Preset.FAST, 20, 3_000_000, 35, 10), vf(60, 35)));
        Check hd = Targets.evaluate(cells, Preset.FAST, 2).get(2);
        assertThat(hd.verdict()).isEqualTo(Verdict.NOT_MET);
        assertThat(hd.figure()).contains("29.9 fps").contains("1 of 1");
        Check met = Targets.evaluate(List.of(cell("mandelbrot", HD, 3_000_000,
                cam(Preset.FAST, 20, 3_000_000, 35, 30.0), vf(60, 35))), Preset.FAST, 2).get(2);
        assertThat(met.verdict()).isEqualTo(Verdict.MET);
    }

    @Test
    void fastestTargetsUseOneThreadCpuFpsAndUltrafastAtEqualRate() {
        Cam fastest = cam(Preset.FASTEST, 1000, 1_000_000, 45.0, 3000);
        X264 uf = x264("ultrafast", 4000, new X264Point(1_000_000, 44.9, 46, 4000));
        Cell c = new Cell("testsrc2", QVGA, 150, 1_000_000, List.of(fastest), List.of(uf));
        List<Check> checks = Targets.evaluate(List.of(c), Preset.FAST, 2);
        assertThat(checks.get(3).verdict()).isEqualTo(Verdict.MET);
        assertThat(checks.get(4).verdict()).isEqualTo(Verdict.MET);
        Cam slower = cam(Preset.FASTEST, 999, 1_000_000, 44.9, 3000);
        Cell d = new Cell("testsrc2", QVGA, 150, 1_000_000, List.of(slower), List.of(uf));
        List<Check> missed = Targets.evaluate(List.of(d), Preset.FAST, 2);
        assertThat(missed.get(3).verdict()).isEqualTo(Verdict.NOT_MET);
        assertThat(missed.get(4).verdict()).isEqualTo(Verdict.NOT_MET); // level is not ahead
        // the same FASTEST figures at 640x480 do not count for the 320x240 target
        Cell e = new Cell("testsrc2", VGA, 90, 1_000_000, List.of(fastest), List.of(uf));
        assertThat(Targets.evaluate(List.of(e), Preset.FAST, 2).get(3).verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void aFailedDefaultPresetCellCannotBeMet() {
        Cell c = cell("pan", VGA, 1_000_000, Cam.failed(Preset.FAST, "boom"), vf(200, 40));
        List<Check> checks = Targets.evaluate(List.of(c), Preset.FAST, 2);
        assertThat(checks.get(0).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(checks.get(1).verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    private static Value v(double d) {
        return new Value("cell", d);
    }

    private static Cam cam(Preset p, double cpuFps1, double rate, double y, double wallFpsN) {
        return new Cam(p, cpuFps1, cpuFps1, wallFpsN, wallFpsN, rate, y, y + 2, rate * 1.01, null);
    }

    /** veryfast at 0.9x and 1.1x of 1 Mb/s, PSNR-Y level with {@code y} at 1 Mb/s (symmetric in log rate). */
    private static X264 vf(double fps, double y) {
        double r0 = 1_000_000 / 1.1, r1 = 1_000_000 * 1.1;
        return x264("veryfast", fps, new X264Point(r0, y - 0.5, y + 1.5, fps), new X264Point(r1, y + 0.5, y + 2.5, fps));
    }

    private static X264 x264(String preset, double fps, X264Point... pts) {
        return new X264(preset, List.of(pts), null);
    }

    private static Cell cell(String clip, Size s, int rate, Cam cam, X264 x) {
        return new Cell(clip, s, 90, rate, List.of(cam), List.of(x));
    }
}
