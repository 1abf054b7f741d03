package org.camstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camstream.bench.MatrixResults.Cam;
import org.camstream.bench.MatrixResults.Cell;
import org.camstream.bench.MatrixResults.X264;
import org.camstream.h264.Preset;

/**
 * The speed and quality targets of issue 13, judged on measured cells. Pure functions of the
 * measurements; stateless.
 */
final class Targets {
    /** Default preset: at least this fraction of x264 veryfast's single-thread speed, in every cell. */
    static final double SPEED_VS_VERYFAST = 0.5;
    /** Default preset: PSNR-Y at most this far below x264 veryfast at equal bitrate, in every cell. */
    static final double DB_VS_VERYFAST = -0.3;
    /** 1280x720 mandelbrot at 3 Mb/s, default preset, all threads: at least this many frames per wall second. */
    static final double FPS_720P_THREADED = 30;
    /** FASTEST at 320x240 testsrc2, one thread: at least this many frames per CPU second. */
    static final double FPS_FASTEST_320 = 1000;

    enum Verdict {
        MET, NOT_MET, NOT_MEASURED
    }

    /** One target line: what, verdict, the deciding figure (the worst cell), cells counted. */
    record Check(String target, Verdict verdict, String figure) {
    }

    /** A measured value of one cell (NaN = not measured there). */
    record Value(String cell, double value) {
    }

    private Targets() {
    }

    /**
     * Every value must be at least {@code threshold}. Unmeasured (NaN) values cannot make it MET; a failing
     * measured value makes it NOT_MET even when others are missing.
     */
    static Verdict allAtLeast(List<Value> values, double threshold) {
        boolean missing = values.isEmpty();
        for (Value v : values) {
            if (Double.isNaN(v.value())) {
                missing = true;
            } else if (v.value() < threshold) {
                return Verdict.NOT_MET;
            }
        }
        return missing ? Verdict.NOT_MEASURED : Verdict.MET;
    }

    /** As {@link #allAtLeast} but strictly above ("ahead of"). */
    static Verdict allAbove(List<Value> values, double threshold) {
        boolean missing = values.isEmpty();
        for (Value v : values) {
            if (Double.isNaN(v.value())) {
                missing = true;
            } else if (!(v.value() > threshold)) {
                return Verdict.NOT_MET;
            }
        }
        return missing ? Verdict.NOT_MEASURED : Verdict.MET;
    }

    /** The smallest measured value (NaNs skipped), or null if none was measured. */
    static Value worst(List<Value> values) {
        Value w = null;
        for (Value v : values) {
            if (!Double.isNaN(v.value()) && (w == null || v.value() < w.value())) {
                w = v;
            }
        }
        return w;
    }

    /** a / b, NaN if either is NaN or b is not positive. */
    static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || !(b > 0) ? Double.NaN : a / b;
    }

    /** camstream's CPU fps (one thread) over x264's in the cell. */
    static double speedRatio(Cam c, X264 x) {
        return c == null || x == null || !c.ok() ? Double.NaN : ratio(c.cpuFps1(), x.cpuFps());
    }

    /** camstream's PSNR-Y minus x264's at camstream's achieved bitrate. */
    static double deltaY(Cam c, X264 x) {
        return c == null || x == null || !c.ok() ? Double.NaN : c.psnrY() - x.psnrAt(c.bitrate(), false);
    }

    /** The four checks of issue 13 over whatever cells were measured. */
    static List<Check> evaluate(List<Cell> cells, Preset defaultPreset, int threads) {
        List<Value> speed = new ArrayList<>(), quality = new ArrayList<>(), hd = new ArrayList<>();
        List<Value> fastestFps = new ArrayList<>(), fastestDb = new ArrayList<>();
        for (Cell cell : cells) {
            Cam def = cell.cam(defaultPreset);
            X264 vf = cell.x264("veryfast");
            if (def != null && vf != null) {
                speed.add(new Value(cell.label(), speedRatio(def, vf)));
                quality.add(new Value(cell.label(), deltaY(def, vf)));
            }
            boolean hdCell = cell.clip().equals(ClipSource.MANDELBROT.label) && cell.size().width() == 1280
                    && cell.size().height() == 720 && cell.rate() == 3_000_000;
            if (hdCell && def != null) {
                hd.add(new Value(cell.label(), def.wallFpsN()));
            }
            Cam fastest = cell.cam(Preset.FASTEST);
            boolean smallTestsrc = cell.clip().equals(ClipSource.TESTSRC2.label) && cell.size().width() == 320
                    && cell.size().height() == 240;
            if (smallTestsrc && fastest != null) {
                fastestFps.add(new Value(cell.label(), fastest.ok() ? fastest.cpuFps1() : Double.NaN));
                fastestDb.add(new Value(cell.label(), deltaY(fastest, cell.x264("ultrafast"))));
            }
        }
        String def = defaultPreset.name();
        List<Check> out = new ArrayList<>();
        out.add(check("default preset (" + def + ") >= " + SPEED_VS_VERYFAST + "x x264 veryfast speed, one thread, "
                + "every cell", allAtLeast(speed, SPEED_VS_VERYFAST), speed, "%.2fx"));
        out.add(check("default preset (" + def + ") PSNR-Y >= x264 veryfast " + DB_VS_VERYFAST
                + " dB at equal bitrate, every cell", allAtLeast(quality, DB_VS_VERYFAST), quality, "%+.2f dB"));
        out.add(check("1280x720 mandelbrot 3 Mb/s, " + def + ", " + threads + " threads: >= " + (int) FPS_720P_THREADED
                + " fps (wall)", allAtLeast(hd, FPS_720P_THREADED), hd, "%.1f fps"));
        out.add(check("FASTEST 320x240 testsrc2, one thread: >= " + (int) FPS_FASTEST_320 + " fps (CPU)",
                allAtLeast(fastestFps, FPS_FASTEST_320), fastestFps, "%.0f fps"));
        out.add(check("FASTEST 320x240 testsrc2 ahead of x264 ultrafast at equal bitrate (PSNR-Y)",
                allAbove(fastestDb, 0), fastestDb, "%+.2f dB"));
        return out;
    }

    private static Check check(String what, Verdict v, List<Value> values, String fmt) {
        Value w = worst(values);
        long measured = values.stream().filter(x -> !Double.isNaN(x.value())).count();
        String figure = w == null ? "no cell measured"
                : "worst " + String.format(Locale.ROOT, fmt, w.value()) + " (" + w.cell() + "); " + measured + " of "
                        + values.size() + " cells measured";
        return new Check(what, v, figure);
    }
}
