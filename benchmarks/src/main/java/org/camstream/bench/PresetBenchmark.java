package org.camstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camstream.bench.MatrixOptions.Size;
import org.camstream.bench.MatrixResults.Cam;
import org.camstream.bench.MatrixResults.Cell;
import org.camstream.bench.MatrixResults.Jcodec;
import org.camstream.bench.MatrixResults.X264;
import org.camstream.bench.MatrixResults.X264Point;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.Preset;

/**
 * The preset benchmark of issue 13: every camstream preset x clip x size x bitrate, with one thread and
 * with all threads, against x264 (ultrafast, veryfast; one thread; re-run at camstream's achieved rate)
 * and JCodec, in one run. Writes the encoder section of docs/benchmarks.md ({@link MatrixReport}); after
 * every size it also writes what it has so far to {@code <work>/partial.md}, so a cut-off run leaves figures.
 *
 * <p>Threading: the Java encoders run on the main thread (camstream's slice workers with threads > 1);
 * x264 in its own process with {@code -threads 1}.
 */
final class PresetBenchmark {
    private static final System.Logger LOG = System.getLogger(PresetBenchmark.class.getName());
    /** x264 ABR misses by more than this: one more encode at the corrected target, to read between the two. */
    static final double X264_RERUN_MISS = 0.01;
    /** At most this many x264 encodes per camstream rate. */
    static final int X264_ATTEMPTS = 3;
    static final long WARMUP_NANOS_PER_MODE = 1_500_000_000L;

    private final MatrixOptions o;
    private final List<Cell> cells = new ArrayList<>();
    private final List<Jcodec> jcodec = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final long t0 = System.nanoTime();

    private PresetBenchmark(MatrixOptions o) {
        this.o = o;
    }

    /**
     * Measures and writes the report; or, with {@code --report-from results.ser} (alone), writes the report
     * again from a run's saved measurements (e.g. after a change to the report), with that run's arguments.
     */
    static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--report-from")) {
            MatrixResults.Run run;
            try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Path.of(args[1])))) {
                run = (MatrixResults.Run) in.readObject();
            }
            MatrixOptions o = MatrixOptions.parse(run.args().toArray(new String[0]), run.availableProcessors());
            write(o, MatrixReport.markdown(run.env(), o, run.cells(), run.jcodec(), run.failures(), defaultPreset()));
            return;
        }
        int nproc = Runtime.getRuntime().availableProcessors();
        MatrixOptions o = MatrixOptions.parse(args, nproc);
        Files.createDirectories(o.work);
        PresetBenchmark b = new PresetBenchmark(o);
        Report.Env env = Report.Env.capture(o.args);
        b.run(env, List.of(args), nproc);
        Report.Env done = env.finish();
        b.save(List.of(args), nproc, done);
        write(o, MatrixReport.markdown(done, o, b.cells, b.jcodec, b.failures, defaultPreset()));
    }

    private static void write(MatrixOptions o, String md) throws IOException {
        System.out.println(md);
        if (o.doc.getParent() != null) {
            Files.createDirectories(o.doc.getParent());
        }
        Files.writeString(o.doc, DocSection.splice(Files.exists(o.doc) ? Files.readString(o.doc) : null, md));
        System.out.println("written to " + o.doc.toAbsolutePath());
    }

    private void save(List<String> args, int nproc, Report.Env env) throws IOException {
        Path f = o.work.resolve("results.ser");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(f))) {
            out.writeObject(new MatrixResults.Run(args, nproc, env, List.copyOf(cells), List.copyOf(jcodec),
                    List.copyOf(failures)));
        }
    }

    static Preset defaultPreset() {
        return EncoderConfig.builder().build().preset();
    }

    private void run(Report.Env env, List<String> args, int nproc) throws IOException {
        warmUp();
        boolean jcWarm = false;
        for (Size s : o.sizes) {
            int frames = o.framesFor(s);
            for (ClipSource src : o.clips) {
                Path raw = clipFile(src, s, frames);
                RawVideo clip = RawVideo.load(raw, src.label, s.width(), s.height(), EncoderBenchmark.FPS, frames);
                if (o.jcodec) {
                    jcWarm = jcodecCell(clip, s, jcWarm);
                }
                for (int rate : o.rates) {
                    log(clip + " @ " + rate / 1000 + " kb/s");
                    List<Cam> cams = new ArrayList<>();
                    for (Preset p : o.presets) {
                        cams.add(camCell(clip, rate, p));
                    }
                    List<X264> xs = new ArrayList<>();
                    for (String xp : o.x264) {
                        xs.add(x264Cell(clip, raw, xp, rate, cams));
                    }
                    cells.add(new Cell(src.label, s, frames, rate, cams, xs));
                }
            }
            Report.Env sofar = env.finish();
            Files.writeString(o.work.resolve("partial.md"), MatrixReport.markdown(sofar, o, cells, jcodec,
                    failures, defaultPreset()));
            save(args, nproc, sofar);
        }
    }

    /** Compiles the hot paths of every preset, in both thread modes, before anything is timed. */
    private void warmUp() throws IOException {
        Size s = new Size(320, 240);
        int frames = MatrixOptions.QUICK_FRAMES;
        RawVideo clip = RawVideo.load(clipFile(ClipSource.MANDELBROT, s, frames), ClipSource.MANDELBROT.label, 320,
                240, EncoderBenchmark.FPS, frames);
        for (Preset p : o.presets) {
            for (int threads : threadModes()) {
                long start = System.nanoTime();
                do {
                    CamstreamRunner.encode(clip, 1_000_000, p, threads, null);
                } while (!o.quick && System.nanoTime() - start < WARMUP_NANOS_PER_MODE);
            }
        }
        log("warm-up done");
    }

    private int[] threadModes() {
        return o.threads > 1 ? new int[] {1, o.threads} : new int[] {1};
    }

    private Cam camCell(RawVideo clip, int rate, Preset p) {
        String what = "camstream " + p + " " + clip + " @ " + rate / 1000 + " kb/s";
        try {
            double[] cpu1 = new double[o.runs], wall1 = new double[o.runs];
            ByteArrayOutputStream stream = new ByteArrayOutputStream(rate / 8 * clip.frames() / clip.fps * 2 + 65536);
            EncodeRun first = null;
            for (int i = 0; i < o.runs; i++) {
                EncodeRun r = CamstreamRunner.encode(clip, rate, p, 1, i == 0 ? stream : null);
                first = i == 0 ? r : first;
                cpu1[i] = r.cpuFps();
                wall1[i] = r.fps();
            }
            double nan = Double.NaN, wallN = nan, cpuN = nan, rateN = nan, boundN = nan;
            if (o.threads > 1) {
                double[] w = new double[o.runs], c = new double[o.runs], b = new double[o.runs];
                for (int i = 0; i < o.runs; i++) {
                    EncodeRun r = CamstreamRunner.encode(clip, rate, p, o.threads, null);
                    w[i] = r.fps();
                    c[i] = r.cpuFps();
                    b[i] = r.busiestThreadFps();
                    rateN = r.bitrate(EncoderBenchmark.FPS);
                }
                wallN = RateMath.median(w);
                cpuN = RateMath.median(c);
                boundN = RateMath.median(b);
            }
            Path out = o.work.resolve("m-" + p + "-" + clip.name + "-" + clip.width + "x" + clip.height + "-" + rate
                    + ".h264");
            Files.write(out, stream.toByteArray());
            Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, out);
            return new Cam(p, RateMath.median(cpu1), RateMath.median(wall1), wallN, cpuN,
                    first.bitrate(EncoderBenchmark.FPS), q.psnrY(), q.psnrYuv(), rateN, null, boundN);
        } catch (Exception | Error e) {
            return Cam.failed(p, fail(what, e));
        }
    }

    /**
     * x264 at every distinct camstream rate of the cell (the nominal target if none succeeded); where its ABR
     * misses by more than {@link #X264_RERUN_MISS}, again at the target scaled by the miss (at most
     * {@link #X264_ATTEMPTS} encodes), until its encodes lie within 1 % of or on both sides of camstream's rate.
     */
    private X264 x264Cell(RawVideo clip, Path raw, String preset, int rate, List<Cam> cams) {
        List<Double> targets = new ArrayList<>();
        for (Cam c : cams) {
            if (c.ok() && targets.stream().noneMatch(t -> Math.abs(t / c.bitrate() - 1) < 0.005)) {
                targets.add(c.bitrate());
            }
        }
        if (targets.isEmpty()) {
            targets.add((double) rate);
        }
        List<X264Point> pts = new ArrayList<>();
        try {
            for (double t : targets) {
                double aim = t;
                for (int attempt = 0; attempt < X264_ATTEMPTS; attempt++) {
                    X264Point a = x264Point(clip, raw, preset, (int) Math.round(aim));
                    pts.add(a);
                    if (Math.abs(a.bitrate() / t - 1) <= X264_RERUN_MISS || brackets(pts, t)) {
                        break;
                    }
                    aim *= t / a.bitrate(); // secant step on the miss ratio
                }
            }
            return new X264(preset, pts, null);
        } catch (Exception e) {
            return new X264(preset, pts, fail("x264 " + preset + " " + clip + " @ " + rate / 1000 + " kb/s", e));
        }
    }

    /** Whether the encodes so far lie on both sides of {@code rate}. */
    private static boolean brackets(List<X264Point> pts, double rate) {
        return pts.stream().anyMatch(p -> p.bitrate() <= rate) && pts.stream().anyMatch(p -> p.bitrate() >= rate);
    }

    private X264Point x264Point(RawVideo clip, Path raw, String preset, int rate) throws IOException {
        Path out = o.work.resolve("m-x264-" + preset + ".h264");
        EncodeRun run = Ffmpeg.x264(clip, raw, preset, rate, out);
        Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, out);
        return new X264Point(run.bitrate(EncoderBenchmark.FPS), q.psnrY(), q.psnrYuv(), run.cpuFps());
    }

    /** JCodec with its default rate control, one encode after (once per run) a warm-up. */
    private boolean jcodecCell(RawVideo clip, Size s, boolean warm) {
        try {
            JcodecRunner jc = new JcodecRunner(clip);
            if (!warm) {
                long start = System.nanoTime();
                do {
                    jc.encode(JcodecRunner.defaultRc(), null);
                } while (!o.quick && System.nanoTime() - start < 3_000_000_000L);
            }
            ByteArrayOutputStream stream = new ByteArrayOutputStream(1 << 20);
            EncodeRun r = jc.encode(JcodecRunner.defaultRc(), stream);
            Path out = o.work.resolve("m-jcodec.h264");
            Files.write(out, stream.toByteArray());
            Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, out);
            jcodec.add(new Jcodec(clip.name, s, clip.frames(), r.cpuFps(), r.bitrate(EncoderBenchmark.FPS), q.psnrY(),
                    q.psnrYuv(), null));
        } catch (Exception | Error e) {
            double n = Double.NaN;
            jcodec.add(new Jcodec(clip.name, s, clip.frames(), n, n, n, n, fail("JCodec " + clip, e)));
        }
        return true;
    }

    private Path clipFile(ClipSource src, Size s, int frames) throws IOException {
        Path f = o.work.resolve(src.label + "-" + s + "-" + frames + ".yuv");
        long expected = (long) frames * (s.pixels() * 3 / 2);
        if (!Files.exists(f) || Files.size(f) != expected) {
            log("generating " + f);
            Ffmpeg.generate(src, s.width(), s.height(), EncoderBenchmark.FPS, frames, f);
        }
        return f;
    }

    private String fail(String what, Throwable e) {
        String msg = what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        failures.add(msg);
        LOG.log(System.Logger.Level.WARNING, msg, e);
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void log(String s) {
        LOG.log(System.Logger.Level.INFO, String.format("[%4.0f s] %s", (System.nanoTime() - t0) / 1e9, s));
    }
}
