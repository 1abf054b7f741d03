package org.camstream.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoder benchmark (issue #3 item 6): speed and quality of camstream's H.264 encoder against JCodec
 * and x264 (ffmpeg libx264, baseline, ultrafast), all measured in one run on the same generated clips.
 * Prints the tables and writes them, with the machine and method, into the encoder section of a Markdown
 * file ({@link DocSection}: only the text between its markers is replaced).
 *
 * <p>Without {@code --issue3} as the first argument this runs the preset benchmark of issue 13 instead
 * ({@link PresetBenchmark}, arguments in {@link MatrixOptions}).
 *
 * <p>Usage (issue 3 tables): {@code java -cp ... org.camstream.bench.EncoderBenchmark --issue3 [--quick] [--doc docs/benchmarks.md]
 * [--work benchmarks/target/bench-work] [--runs 3] [--speed-only | --quality-only]}; see
 * {@code benchmarks/run-encoder-benchmark.sh}.
 * {@code --quick} uses few frames and one timed run, to check the harness, not for figures.
 *
 * <p>Threading: single-threaded; every encoder runs on the main thread (x264 in its own process with
 * {@code -threads 1}).
 */
public final class EncoderBenchmark {
    private static final System.Logger LOG = System.getLogger(EncoderBenchmark.class.getName());

    /** IDR interval for all three encoders: one per second at 30 fps. */
    static final int GOP = 30;
    static final int FPS = 30;
    /** Minimum warm-up time per encoder and size before timing. */
    static final long WARMUP_NANOS = 3_000_000_000L;

    /** Quality targets at 640x480 (issue #3 item 6). */
    static final int[] QUALITY_RATES = {500_000, 1_000_000, 3_000_000};
    /** Extra x264 rates used only to bracket camstream's achieved rates for interpolation. */
    static final int[] X264_BRACKET_RATES = {400_000, 3_750_000};

    private final Path work;
    private final int runs;
    private final boolean quick;
    private final List<SpeedRow> speed = new ArrayList<>();
    private final List<QualityRow> quality = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private EncoderBenchmark(Path work, int runs, boolean quick) {
        this.work = work;
        this.runs = runs;
        this.quick = quick;
    }

    /** Entry point; see the class javadoc for arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("--issue3")) {
            PresetBenchmark.main(args); // issue 13: presets x clips x sizes x rates
            return;
        }
        args = java.util.Arrays.copyOfRange(args, 1, args.length);
        Path doc = Path.of("docs/benchmarks.md");
        Path work = Path.of("benchmarks/target/bench-work");
        int runs = 3;
        boolean quick = false;
        boolean doSpeed = true, doQuality = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--doc" -> doc = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--speed-only" -> doQuality = false;
                case "--quality-only" -> doSpeed = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (quick) {
            runs = 1;
        }
        Files.createDirectories(work);
        EncoderBenchmark b = new EncoderBenchmark(work, runs, quick);
        Report.Env env = Report.Env.capture(String.join(" ", args));
        if (doSpeed) {
            b.runSpeed();
        }
        if (doQuality) {
            b.runQuality();
        }
        env = env.finish();
        String md = Report.markdown(env, b.speed, b.quality, b.failures, runs, quick);
        System.out.println(md);
        if (doc.getParent() != null) {
            Files.createDirectories(doc.getParent());
        }
        // docs/benchmarks.md also holds the server report: replace only the encoder section
        Files.writeString(doc, DocSection.splice(Files.exists(doc) ? Files.readString(doc) : null, md));
        System.out.println("written to " + doc.toAbsolutePath());
    }

    // ---- speed -------------------------------------------------------------------------------

    /**
     * One resolution of the speed table; fps are medians of the timed runs (per wall second and per
     * CPU second of the encoding thread or process), NaN on failure.
     */
    record SpeedRow(int width, int height, int frames, int bitrate, double camFps, double camCpuFps,
                    double camRate, double jcFps, double jcCpuFps, double jcRate, double x264WallFps,
                    double x264CpuFps, double x264Rate) {
    }

    private void runSpeed() throws IOException {
        int[][] sizes = {{320, 240, 150, 500_000}, {640, 480, 150, 1_000_000}, {1280, 720, 60, 3_000_000}};
        for (int[] s : sizes) {
            int w = s[0], h = s[1], frames = quick ? 10 : s[2], rate = s[3];
            Path raw = clipFile(ClipSource.TESTSRC2, w, h, frames);
            RawVideo clip = RawVideo.load(raw, ClipSource.TESTSRC2.label, w, h, FPS, frames);
            log("speed " + clip + " @ " + rate + " b/s");

            double[] cam = timed(() -> CamstreamRunner.encode(clip, rate, null), "camstream speed " + clip);
            JcodecRunner jc = new JcodecRunner(clip);
            double[] jcr = timed(() -> jc.encode(JcodecRunner.defaultRc(), null), "JCodec speed " + clip);
            Path out = work.resolve("speed-x264.h264");
            double[] x = timedX264(clip, raw, rate, out);
            speed.add(new SpeedRow(w, h, frames, rate, cam[0], cam[2], cam[1], jcr[0], jcr[2], jcr[1], x[0], x[2],
                    x[1]));
        }
    }

    @FunctionalInterface
    private interface Encode {
        EncodeRun run() throws Exception;
    }

    /**
     * Warm-up (whole-clip encodes, at least one and at least {@link #WARMUP_NANOS} in all, so that the
     * JIT has compiled the hot paths even for a small clip), then {@link #runs} timed runs.
     *
     * @return {median wall fps, bitrate of the last run, median CPU fps}, or NaNs on failure
     */
    private double[] timed(Encode e, String what) {
        try {
            long warm = System.nanoTime();
            do {
                e.run();
            } while (!quick && System.nanoTime() - warm < WARMUP_NANOS);
            double[] fps = new double[runs], cpu = new double[runs];
            EncodeRun last = null;
            for (int i = 0; i < runs; i++) {
                last = e.run();
                fps[i] = last.fps();
                cpu[i] = last.cpuFps();
            }
            return new double[] {RateMath.median(fps), last.bitrate(FPS), RateMath.median(cpu)};
        } catch (Exception | Error ex) {
            fail(what, ex);
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    /** @return {median wall fps, bitrate, median fps from ffmpeg's utime} */
    private double[] timedX264(RawVideo clip, Path raw, int rate, Path out) {
        try {
            Ffmpeg.x264(clip, raw, rate, out); // warm-up: page cache, shared libraries
            double[] wall = new double[runs], cpu = new double[runs];
            EncodeRun last = null;
            for (int i = 0; i < runs; i++) {
                last = Ffmpeg.x264(clip, raw, rate, out);
                wall[i] = last.fps();
                cpu[i] = last.cpuFps();
            }
            return new double[] {RateMath.median(wall), last.bitrate(FPS), RateMath.median(cpu)};
        } catch (Exception e) {
            fail("x264 speed " + clip, e);
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    // ---- quality -----------------------------------------------------------------------------

    /**
     * A measured rate/quality point; NaN figures and a failure text when it failed. {@code cpuFps} is the
     * speed of that single encode per CPU second (Java: thread CPU time; x264: -benchmark utime), or NaN.
     */
    record Point(String encoder, String setting, double bitrate, double psnrY, double psnrYuv, double cpuFps,
                 String failure) {
        Point(String encoder, String setting, double bitrate, double psnrY, double psnrYuv, String failure) {
            this(encoder, setting, bitrate, psnrY, psnrYuv, Double.NaN, failure);
        }

        static Point failed(String encoder, String setting, String failure) {
            return new Point(encoder, setting, Double.NaN, Double.NaN, Double.NaN, failure);
        }

        boolean ok() {
            return failure == null;
        }
    }

    /**
     * All points for one clip. {@code camFloor} and {@code x264Floor} are the extra encodes at JCodec's
     * lowest achieved rate (null when every camstream target cell lies within JCodec's range);
     * {@code x264Bracket} holds the x264 bracket rates (and {@code x264Floor} again, for interpolation);
     * {@code jcodec} the stepped-IDR sweep (IDR at q - 3), {@code jcodecFlat} the flat-IDR encodes (IDR
     * at q) around the compared rates.
     */
    record QualityRow(String clip, int width, int height, int frames, List<Point> camstream, Point camFloor,
                      List<Point> x264, List<Point> x264Bracket, Point x264Floor, List<Point> jcodec,
                      List<Point> jcodecFlat) {
        /** Every JCodec encode (both IDR choices). */
        List<Point> jcodecAll() {
            List<Point> all = new ArrayList<>(jcodec);
            all.addAll(jcodecFlat);
            return all;
        }

        /** Every x264 encode (targets, brackets, floor rate). */
        List<Point> x264All() {
            List<Point> all = new ArrayList<>(x264);
            all.addAll(x264Bracket);
            return all;
        }

        /** Every camstream encode (targets and the floor-rate one). */
        List<Point> camstreamAll() {
            List<Point> all = new ArrayList<>(camstream);
            if (camFloor != null) {
                all.add(camFloor);
            }
            return all;
        }
    }

    private void runQuality() throws IOException {
        int w = 640, h = 480, frames = quick ? 15 : 150;
        for (ClipSource src : ClipSource.values()) {
            Path raw = clipFile(src, w, h, frames);
            RawVideo clip = RawVideo.load(raw, src.label, w, h, FPS, frames);
            log("quality " + clip);
            List<Point> cam = new ArrayList<>(), x = new ArrayList<>(), xb = new ArrayList<>();
            for (int rate : QUALITY_RATES) {
                cam.add(camstreamPoint(clip, rate));
                x.add(x264Point(clip, raw, rate));
            }
            for (int rate : X264_BRACKET_RATES) {
                xb.add(x264Point(clip, raw, rate));
            }
            JcodecRunner jc = new JcodecRunner(clip);
            JcodecSweep sweep = new JcodecSweep((qp, idrQp) -> jcodecPoint(jc, clip, qp, idrQp));
            double highest = cam.stream().filter(Point::ok).mapToDouble(Point::bitrate).max()
                    .orElse(QUALITY_RATES[QUALITY_RATES.length - 1]);
            sweep.coarse(highest);
            double floor = sweep.floorRate();
            List<Double> compared = new ArrayList<>();
            boolean belowFloor = false;
            for (Point c : cam) {
                if (c.ok() && c.bitrate() >= floor) {
                    compared.add(c.bitrate());
                } else {
                    belowFloor = true; // a failed cell also gets the floor-rate encode, so it is compared somewhere
                }
            }
            Point camF = null, xF = null;
            if (belowFloor && !Double.isNaN(floor)) {
                // equal-bitrate point below JCodec's reach: camstream (and x264) aimed at JCodec's floor rate
                int floorRate = (int) Math.round(floor);
                camF = camstreamPoint(clip, floorRate);
                xF = x264Point(clip, raw, floorRate);
                xb.add(xF);
                compared.add(camF.ok() ? camF.bitrate() : floor);
            }
            for (double r : compared) {
                sweep.refine(r);
            }
            quality.add(new QualityRow(src.label, w, h, frames, cam, camF, x, xb, xF, sweep.steppedPoints(),
                    sweep.flatPoints()));
        }
    }

    private Point camstreamPoint(RawVideo clip, int rate) {
        String setting = kbps(rate);
        Path out = work.resolve("q-camstream-" + clip.name + "-" + rate + ".h264");
        try {
            EncodeRun run;
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
                run = CamstreamRunner.encode(clip, rate, os);
            }
            Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, out);
            return new Point(CamstreamRunner.NAME, setting, run.bitrate(FPS), q.psnrY(), q.psnrYuv(), run.cpuFps(),
                    null);
        } catch (Exception | Error e) {
            return Point.failed(CamstreamRunner.NAME, setting, fail("camstream " + clip + " @ " + setting, e));
        }
    }

    private Point x264Point(RawVideo clip, Path raw, int rate) {
        String setting = kbps(rate);
        Path out = work.resolve("q-x264-" + clip.name + "-" + rate + ".h264");
        try {
            EncodeRun run = Ffmpeg.x264(clip, raw, rate, out);
            Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, out);
            return new Point(Ffmpeg.NAME_X264, setting, run.bitrate(FPS), q.psnrY(), q.psnrYuv(), run.cpuFps(),
                    null);
        } catch (Exception e) {
            return Point.failed(Ffmpeg.NAME_X264, setting, fail("x264 " + clip + " @ " + setting, e));
        }
    }

    /** One constant-QP JCodec encode: P slices at {@code qp}, IDR slices at {@code idrQp}. */
    private Point jcodecPoint(JcodecRunner jc, RawVideo clip, int qp, int idrQp) {
        String setting = JcodecSweep.setting(qp, idrQp);
        Path out = work.resolve("q-jcodec-" + clip.name + "-qp" + qp + "-idr" + idrQp + ".h264");
        try {
            EncodeRun run;
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
                run = jc.encode(new JcodecRunner.ConstantQp(qp, idrQp), os);
            }
            Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, out);
            return new Point(JcodecRunner.NAME, setting, run.bitrate(FPS), q.psnrY(), q.psnrYuv(), run.cpuFps(),
                    null);
        } catch (Exception | Error e) {
            return Point.failed(JcodecRunner.NAME, setting, fail("JCodec " + clip + " @ " + setting, e));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Path clipFile(ClipSource src, int w, int h, int frames) throws IOException {
        Path f = work.resolve(src.label + "-" + w + "x" + h + "-" + frames + ".yuv");
        long expected = (long) frames * (w * h * 3L / 2);
        if (!Files.exists(f) || Files.size(f) != expected) {
            log("generating " + f);
            Ffmpeg.generate(src, w, h, FPS, frames, f);
        }
        return f;
    }

    private String fail(String what, Throwable e) {
        String msg = what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        failures.add(msg);
        LOG.log(System.Logger.Level.WARNING, msg, e);
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void log(String s) {
        LOG.log(System.Logger.Level.INFO, s);
    }

    static String kbps(double rate) {
        return Math.round(rate / 1000) + " kb/s";
    }
}
