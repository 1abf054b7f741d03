package org.camstream.bench;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camstream.bench.EncoderBenchmark.Point;
import org.camstream.bench.EncoderBenchmark.QualityRow;
import org.camstream.bench.EncoderBenchmark.SpeedRow;

/** Turns the measurements into the Markdown report (docs/benchmarks.md). Stateless. */
final class Report {
    static final double TARGET_SPEED_VS_JCODEC = 2.0;
    static final double TARGET_DB_VS_JCODEC = 1.0;
    static final double TARGET_DB_VS_X264 = -1.5;
    static final double TARGET_FPS_320 = 300.0;

    private Report() {
    }

    /** Where and when the run happened. */
    record Env(String args, ZonedDateTime start, ZonedDateTime end, String loadBefore, String loadAfter,
               int nproc, String cpu, String java, String ffmpeg, String git, int h264Dirty) {
        static Env capture(String args) {
            return new Env(args, now(), null, Machine.loadAverage(), null, Runtime.getRuntime().availableProcessors(),
                    Machine.cpuModel(), Machine.java(), Ffmpeg.version(), Machine.gitRevision(),
                    Machine.uncommittedPaths("h264-baseline"));
        }

        Env finish() {
            return new Env(args, start, now(), loadBefore, Machine.loadAverage(), nproc, cpu, java, ffmpeg, git,
                    h264Dirty);
        }

        private static ZonedDateTime now() {
            return ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
        }
    }

    static String markdown(Env env, List<SpeedRow> speed, List<QualityRow> quality, List<String> failures,
                           int runs, boolean quick) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Encoder benchmark: camstream vs JCodec vs x264\n\n");
        if (quick) {
            sb.append("> **QUICK RUN (`--quick`): few frames, one timed run. These figures check the harness; "
                    + "they are not the benchmark.**\n\n");
        }
        sb.append("Written by `org.camstream.bench.EncoderBenchmark` (issue #3 item 6). All three encoders were "
                + "measured **in the same run**, on the same generated clips, with the same decode-and-PSNR "
                + "procedure. Regenerate with:\n\n```\nbenchmarks/run-encoder-benchmark.sh").append(
                env.args().isEmpty() ? "" : " " + env.args()).append("\n```\n\n");
        sb.append("## Machine and run\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, "date (UTC)", env.start().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " to "
                + env.end().format(DateTimeFormatter.ISO_LOCAL_TIME) + " ("
                + Duration.between(env.start(), env.end()).toSeconds() + " s)");
        row(sb, "nproc", Integer.toString(env.nproc()));
        row(sb, "CPU", env.cpu());
        row(sb, "Java", env.java());
        row(sb, "ffmpeg", env.ffmpeg());
        row(sb, "JCodec", "org.jcodec:jcodec:0.2.5 (Maven Central)");
        row(sb, "camstream revision", env.git() + " (h264-baseline built from the working tree; uncommitted "
                + "paths under h264-baseline at start: " + env.h264Dirty() + ")");
        row(sb, "load average before / after", env.loadBefore() + " / " + env.loadAfter());
        sb.append('\n');
        sb.append("The machine is shared (2 cores, several people building), so the wall-clock figures carry "
                + "noise of other processes; the load average above tells how busy it was.\n\n");

        method(sb, runs);
        speedTable(sb, speed);
        qualityTables(sb, quality);
        targets(sb, speed, quality);
        notes(sb, speed, quality);
        sb.append("## Failures\n\n");
        if (failures.isEmpty()) {
            sb.append("None: every encode decoded without ffmpeg errors and with the right frame count.\n");
        } else {
            for (String f : failures) {
                sb.append("- ").append(f.replace('\n', ' ')).append('\n');
            }
        }
        return sb.toString();
    }

    private static void method(StringBuilder sb, int runs) {
        sb.append("## Method\n\n");
        sb.append("- Clips: generated with ffmpeg lavfi at run time, raw I420 (`-pix_fmt yuv420p -f rawvideo`), "
                + "30 fps: `testsrc2`; `mandelbrot` (zoom); `pan` (a synthetic textured still at twice the size, "
                + "cropped by a moving window); `noise` (testsrc2 + `noise=alls=12:allf=t`). Speed uses testsrc2 "
                + "at 320x240 (150 frames), 640x480 (150) and 1280x720 (60, to keep the run under ~10 minutes); "
                + "quality uses all four clips at 640x480, 150 frames.\n");
        sb.append("- All encoders: one IDR every 30 frames, no B frames, one thread.\n");
        sb.append("- camstream: `H264Encoder` with `EncoderConfig.builder().fps(30).gop(30).bitrate(b)`, "
                + "zero-allocation `encodeI420(y, u, v, out, 0)`; the timed loop is the encode calls only.\n");
        sb.append("- JCodec: `org.jcodec.codecs.h264.H264Encoder.encodeFrame(picture, buffer)`, key interval 30. "
                + "Frames are converted to JCodec `Picture`s before timing (not counted against JCodec). "
                + "Speed uses JCodec's default rate control (`createH264Encoder()`'s `DumbRateControl`: QP 20 "
                + "for I, 26 for P, no bitrate target, hence its high bitrate in the speed table). JCodec "
                + "cannot aim at a bitrate, so for quality it is swept at constant QP (P slices QP q, IDR q-3) "
                + "in steps of 3 until its rates bracket the rates the other two achieved; its PSNR at "
                + "camstream's achieved bitrate is interpolated linearly in log(bitrate) between the two "
                + "neighbouring QPs (no extrapolation: outside the swept range it shows as n/a).\n");
        sb.append("- x264: `ffmpeg -f rawvideo -pix_fmt yuv420p -s WxH -r 30 -i clip.yuv -c:v libx264 "
                + "-profile:v baseline -preset ultrafast -threads 1 -g 30 -b:v B -f h264 out.h264` (plain ABR). "
                + "\"wall fps\" is timed around the whole ffmpeg process, so it includes process start-up "
                + "(tens of ms), reading the raw clip and muxing: at small sizes this dominates. \"CPU fps\" is "
                + "frames / ffmpeg's own `-benchmark` utime (user CPU of the process, 10 ms granularity), which "
                + "leaves out exec and start-up but still includes raw demuxing. For quality, x264 also ran at "
                + "400 and 3750 kb/s so that its PSNR can be interpolated at camstream's achieved bitrate the "
                + "same way as JCodec's.\n");
        sb.append("- Speed: each Java encoder first encodes the clip repeatedly for at least 3 s (at least once) "
                + "as warm-up, x264 once; then ").append(runs).append(" timed runs; the table shows the median "
                + "fps, both per CPU second (`ThreadMXBean` CPU time of the encoding thread; x264: `-benchmark` "
                + "utime) and per wall second.\n");
        sb.append("- Quality: every output is decoded by ffmpeg's H.264 decoder (`ffmpeg -xerror -f h264 -i "
                + "out.h264 -f rawvideo -`, no pixel-format conversion) and compared in Java with the source: "
                + "per-frame PSNR of Y and of all YUV samples together (summed squared error over 1.5 w h "
                + "samples), averaged over frames (identical frames count as 100 dB). Bitrate is "
                + "bytes * 8 * 30 / frames of the Annex-B stream. A decode error or a frame-count mismatch "
                + "is recorded as a failure, never hidden.\n\n");
    }

    private static void speedTable(StringBuilder sb, List<SpeedRow> speed) {
        sb.append("## Speed (testsrc2, one thread)\n\n");
        sb.append("fps per CPU second of the encoding thread (Java) or process (x264 utime) / per wall second; "
                + "ratios and targets use the CPU figures, which other processes on the machine disturb least.\n\n");
        sb.append("| size | frames | target | camstream fps CPU / wall | (kb/s) | JCodec fps CPU / wall | (kb/s) | "
                + "x264 fps CPU / wall | (kb/s) | camstream / JCodec | camstream / x264 |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SpeedRow r : speed) {
            sb.append("| ").append(r.width()).append('x').append(r.height()).append(" | ").append(r.frames())
                    .append(" | ").append(EncoderBenchmark.kbps(r.bitrate())).append(" | ")
                    .append(f1(r.camCpuFps())).append(" / ").append(f1(r.camFps())).append(" | ")
                    .append(k(r.camRate())).append(" | ")
                    .append(f1(r.jcCpuFps())).append(" / ").append(f1(r.jcFps())).append(" | ")
                    .append(k(r.jcRate())).append(" | ")
                    .append(f1(r.x264CpuFps())).append(" / ").append(f1(r.x264WallFps())).append(" | ")
                    .append(k(r.x264Rate())).append(" | ")
                    .append(ratio(r.camCpuFps(), r.jcCpuFps())).append(" | ")
                    .append(ratio(r.camCpuFps(), r.x264CpuFps())).append(" |\n");
        }
        sb.append('\n');
    }

    /** Interpolated comparison of one camstream point with the other two encoders. */
    record Cmp(String clip, Point cam, Point x264AtTarget, double jcY, double jcYuv, double xY, double xYuv,
               Point jcLowest) {
        double dJc() {
            return cam.psnrY() - jcY;
        }

        /** camstream's rate lies below the lowest rate JCodec produced on this clip. */
        boolean belowJcodecFloor() {
            return jcLowest != null && cam.ok() && cam.bitrate() < jcLowest.bitrate();
        }

        /**
         * Y-PSNR of camstream minus that of JCodec's lowest-rate stream, for cells below JCodec's floor:
         * there camstream uses fewer bits, so a positive figure means camstream is better on both axes.
         */
        double dJcAtFloor() {
            return belowJcodecFloor() ? cam.psnrY() - jcLowest.psnrY() : Double.NaN;
        }

        double dX() {
            return cam.psnrY() - xY;
        }
    }

    static List<Cmp> compare(List<QualityRow> quality) {
        List<Cmp> out = new ArrayList<>();
        for (QualityRow q : quality) {
            List<Point> xs = new ArrayList<>(q.x264());
            xs.addAll(q.x264Bracket());
            for (int i = 0; i < q.camstream().size(); i++) {
                Point c = q.camstream().get(i);
                double r = c.bitrate();
                Point lowest = q.jcodec().stream().filter(Point::ok)
                        .min(java.util.Comparator.comparingDouble(Point::bitrate)).orElse(null);
                out.add(new Cmp(q.clip(), c, q.x264().get(i), interp(q.jcodec(), r, false),
                        interp(q.jcodec(), r, true), interp(xs, r, false), interp(xs, r, true), lowest));
            }
        }
        return out;
    }

    private static double interp(List<Point> pts, double rate, boolean yuv) {
        List<Point> ok = pts.stream().filter(Point::ok).toList();
        if (ok.isEmpty() || Double.isNaN(rate)) {
            return Double.NaN;
        }
        // judge each encoder by its best points: drop points another point beats on rate and Y-PSNR
        double[] r = ok.stream().mapToDouble(Point::bitrate).toArray();
        double[] y = ok.stream().mapToDouble(Point::psnrY).toArray();
        int[] front = RateMath.paretoFront(r, y);
        double[] fr = new double[front.length], fp = new double[front.length];
        for (int i = 0; i < front.length; i++) {
            fr[i] = r[front[i]];
            fp[i] = yuv ? ok.get(front[i]).psnrYuv() : y[front[i]];
        }
        return RateMath.psnrAtBitrate(fr, fp, rate);
    }

    private static void qualityTables(StringBuilder sb, List<QualityRow> quality) {
        sb.append("## Quality at 640x480 (PSNR in dB, Y / YUV)\n\n");
        sb.append("camstream and x264 at the target rates as achieved; the last columns compare at "
                + "**camstream's achieved bitrate**, with JCodec and x264 interpolated there.\n\n");
        sb.append("| clip | target | camstream kb/s | camstream Y / YUV | x264 kb/s | x264 Y / YUV | "
                + "JCodec Y / YUV @ camstream rate | x264 Y / YUV @ camstream rate | ΔY vs JCodec | ΔY vs x264 |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Cmp c : compare(quality)) {
            Point cam = c.cam(), x = c.x264AtTarget();
            sb.append("| ").append(c.clip()).append(" | ").append(cam.setting()).append(" | ")
                    .append(cam.ok() ? k(cam.bitrate()) : "**FAILED**").append(" | ")
                    .append(cam.ok() ? f2(cam.psnrY()) + " / " + f2(cam.psnrYuv()) : cam.failure()).append(" | ")
                    .append(x.ok() ? k(x.bitrate()) : "FAILED").append(" | ")
                    .append(x.ok() ? f2(x.psnrY()) + " / " + f2(x.psnrYuv()) : x.failure()).append(" | ")
                    .append(c.belowJcodecFloor()
                            ? "below JCodec's lowest rate (" + c.jcLowest().setting() + ": " + k(c.jcLowest().bitrate())
                                    + " kb/s, " + f2(c.jcLowest().psnrY()) + " dB)"
                            : f2(c.jcY()) + " / " + f2(c.jcYuv())).append(" | ")
                    .append(f2(c.xY())).append(" / ").append(f2(c.xYuv())).append(" | ")
                    .append(c.belowJcodecFloor() ? signed(c.dJcAtFloor()) + " with fewer bits" : signed(c.dJc()))
                    .append(" | ").append(signed(c.dX())).append(" |\n");
        }
        sb.append("\nSpeed on these clips (fps per CPU second, median over the encodes listed; single runs, "
                + "640x480, output written to a file):\n\n");
        sb.append("| clip | camstream (3 target rates) | JCodec (QP sweep) | x264 (5 rates) | camstream / JCodec |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        for (QualityRow q : quality) {
            List<Point> xs = new ArrayList<>(q.x264());
            xs.addAll(q.x264Bracket());
            double c = medianFps(q.camstream()), j = medianFps(q.jcodec()), x = medianFps(xs);
            sb.append("| ").append(q.clip()).append(" | ").append(f1(c)).append(" | ").append(f1(j)).append(" | ")
                    .append(f1(x)).append(" | ").append(ratio(c, j)).append(" |\n");
        }
        sb.append("\nRaw points behind the interpolation (kb/s, Y dB):\n\n");
        sb.append("| clip | JCodec constant-QP sweep | x264 (incl. bracket rates) |\n|---|---|---|\n");
        for (QualityRow q : quality) {
            StringBuilder j = new StringBuilder(), x = new StringBuilder();
            for (Point p : q.jcodec()) {
                j.append(j.length() == 0 ? "" : "; ").append(p.setting()).append(": ")
                        .append(p.ok() ? k(p.bitrate()) + ", " + f2(p.psnrY()) : "FAILED " + p.failure());
            }
            List<Point> xs = new ArrayList<>(q.x264());
            xs.addAll(q.x264Bracket());
            for (Point p : xs) {
                x.append(x.length() == 0 ? "" : "; ").append(p.setting()).append(": ")
                        .append(p.ok() ? k(p.bitrate()) + ", " + f2(p.psnrY()) : "FAILED " + p.failure());
            }
            sb.append("| ").append(q.clip()).append(" | ").append(j).append(" | ").append(x).append(" |\n");
        }
        sb.append('\n');
    }

    private static void targets(StringBuilder sb, List<SpeedRow> speed, List<QualityRow> quality) {
        sb.append("## Targets (issue #3 item 6)\n\n");
        // 1. speed vs JCodec at every size
        StringBuilder ratios = new StringBuilder();
        boolean speedMet = !speed.isEmpty();
        for (SpeedRow r : speed) {
            double q = r.camCpuFps() / r.jcCpuFps();
            speedMet &= q >= TARGET_SPEED_VS_JCODEC;
            ratios.append(ratios.length() == 0 ? "" : "; ").append(r.width()).append('x').append(r.height())
                    .append(": ").append(ratio(r.camCpuFps(), r.jcCpuFps())).append(" CPU, ")
                    .append(ratio(r.camFps(), r.jcFps())).append(" wall");
        }
        target(sb, "at least 2x JCodec's fps at every size", !speed.isEmpty(), speedMet, ratios.toString());
        // 2 and 3. quality
        List<Cmp> cmps = compare(quality);
        double[] dj = cmps.stream().mapToDouble(Cmp::dJc).filter(d -> !Double.isNaN(d)).toArray();
        double[] dx = cmps.stream().mapToDouble(Cmp::dX).filter(d -> !Double.isNaN(d)).toArray();
        long camFailed = cmps.stream().filter(c -> !c.cam().ok()).count();
        int cells = cmps.size();
        long jOk = java.util.Arrays.stream(dj).filter(d -> d >= TARGET_DB_VS_JCODEC).count();
        long xOk = java.util.Arrays.stream(dx).filter(d -> d >= TARGET_DB_VS_X264).count();
        double[] floor = cmps.stream().filter(Cmp::belowJcodecFloor).mapToDouble(Cmp::dJcAtFloor).toArray();
        long floorOk = java.util.Arrays.stream(floor).filter(d -> d >= TARGET_DB_VS_JCODEC).count();
        target(sb, "1 dB more Y-PSNR than JCodec at equal bitrate", cells > 0,
                camFailed == 0 && jOk == dj.length && floorOk == floor.length && dj.length + floor.length == cells,
                String.format(Locale.ROOT, "%d of %d clip/rate cells comparable at equal bitrate: met in %d, "
                        + "mean %s dB, worst %s dB; %d cells below JCodec's lowest achievable rate, where camstream "
                        + "beats JCodec's lowest-rate stream by >= 1 dB with fewer bits in %d (worst %s dB); "
                        + "%d camstream failures", dj.length, cells, jOk, signed(mean(dj)), signed(min(dj)),
                        floor.length, floorOk, signed(min(floor)), camFailed));
        target(sb, "within 1.5 dB of x264 ultrafast", cells > 0, dx.length == cells && xOk == cells,
                String.format(Locale.ROOT, "met in %d of %d cells (%d comparable); mean %s dB, worst %s dB",
                        xOk, cells, dx.length, signed(mean(dx)), signed(min(dx))));
        // 4. absolute speed
        SpeedRow r320 = speed.stream().filter(r -> r.width() == 320).findFirst().orElse(null);
        double cpu320 = r320 == null ? Double.NaN : r320.camCpuFps();
        double wall320 = r320 == null ? Double.NaN : r320.camFps();
        target(sb, "320x240 at 300 fps or more on one core", r320 != null, cpu320 >= TARGET_FPS_320,
                f1(cpu320) + " fps per CPU second, " + f1(wall320) + " per wall second");
        sb.append('\n');
    }

    /** Observations derived from the figures, so that the tables are read correctly. */
    private static void notes(StringBuilder sb, List<SpeedRow> speed, List<QualityRow> quality) {
        sb.append("## Notes\n\n");
        double floorLo = Double.POSITIVE_INFINITY, floorHi = 0;
        for (QualityRow q : quality) {
            for (Point p : q.jcodec()) {
                if (p.ok()) {
                    floorLo = Math.min(floorLo, p.bitrate());
                }
            }
            double clipMin = q.jcodec().stream().filter(Point::ok).mapToDouble(Point::bitrate).min().orElse(0);
            floorHi = Math.max(floorHi, clipMin);
        }
        if (floorHi > 0) {
            sb.append("- JCodec 0.2.5 cannot go below about ").append(k(floorLo)).append("-").append(k(floorHi))
                    .append(" kb/s at 640x480, 30 fps, whatever the QP: its `encodeSlice` writes `mb_skip_run` = 0 "
                            + "before every P macroblock (no P_Skip, H.264 §7.3.4) and codes only I_16x16 and "
                            + "P_L0_16x16 (seen with `javap -c` on the jar). So the 500 kb/s and 1 Mb/s cells have "
                            + "no JCodec stream at equal bitrate; there the table compares camstream with JCodec's "
                            + "lowest-rate stream, which spends more bits than camstream. Its default rate control "
                            + "(speed table) has no bitrate target at all.\n");
        }
        StringBuilder under = new StringBuilder();
        for (QualityRow q : quality) {
            for (int i = 0; i < q.camstream().size() && i < EncoderBenchmark.QUALITY_RATES.length; i++) {
                Point c = q.camstream().get(i);
                int target = EncoderBenchmark.QUALITY_RATES[i];
                if (c.ok() && Math.abs(c.bitrate() - target) > 0.15 * target) {
                    under.append(under.length() == 0 ? "" : ", ").append(q.clip()).append(" at ")
                            .append(EncoderBenchmark.kbps(target)).append(": ").append(k(c.bitrate())).append(" kb/s");
                }
            }
        }
        if (under.length() > 0) {
            sb.append("- camstream's rate control missed its target by more than 15 % in: ").append(under)
                    .append(". Those cells are still compared at the rate camstream actually produced.\n");
        }
        sb.append("- x264's wall fps includes starting ffmpeg and reading the raw clip from the page cache; its "
                + "CPU fps is the fairer encoder-only figure. The Java encoders' CPU time leaves out JIT "
                + "compiler and GC threads (camstream's timed loop allocates nothing; JCodec's does).\n");
        sb.append("- The speed table uses testsrc2 (easy motion); the per-clip speed under the quality table shows "
                + "the harder clips, from single encodes (JCodec at constant QP there, not its default rate "
                + "control).\n\n");
    }

    private static double medianFps(List<Point> pts) {
        double[] f = pts.stream().filter(Point::ok).mapToDouble(Point::cpuFps).filter(d -> !Double.isNaN(d))
                .toArray();
        return f.length == 0 ? Double.NaN : RateMath.median(f);
    }

    private static void target(StringBuilder sb, String what, boolean measured, boolean met, String detail) {
        sb.append("- **").append(!measured ? "NOT MEASURED" : met ? "MET" : "MISSED").append("**: ").append(what).append(" (").append(detail)
                .append(")\n");
    }

    private static double mean(double[] a) {
        return a.length == 0 ? Double.NaN : java.util.Arrays.stream(a).average().orElse(Double.NaN);
    }

    private static double min(double[] a) {
        return a.length == 0 ? Double.NaN : java.util.Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String k(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.0f", rate / 1000);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.2f", v);
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", a / b);
    }
}
