package org.camstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camstream.h264.Preset;

/**
 * The command line of the preset benchmark ({@link PresetBenchmark}): which presets, sizes, clips and
 * bitrates to measure, how often, and where to write. Immutable once parsed.
 *
 * <p>Arguments: {@code --presets FASTEST,FAST} {@code --sizes 320x240,1280x720} {@code --clips pan,noise}
 * {@code --rates 1000,3000} (kb/s) {@code --x264 ultrafast,veryfast} {@code --runs N} (timed runs per
 * cell and thread mode) {@code --threads N} (the "all cores" mode; default: available processors)
 * {@code --frames N} (every size; default 150 / 90 / 60 by size) {@code --no-jcodec} {@code --quick}
 * {@code --doc FILE} {@code --work DIR}.
 */
final class MatrixOptions {
    record Size(int width, int height) implements java.io.Serializable {
        @Override
        public String toString() {
            return width + "x" + height;
        }

        long pixels() {
            return (long) width * height;
        }
    }

    static final List<Size> ALL_SIZES = List.of(new Size(320, 240), new Size(640, 480), new Size(1280, 720));
    static final List<Integer> ALL_RATES = List.of(1_000_000, 3_000_000);
    static final List<String> ALL_X264 = List.of("ultrafast", "veryfast");
    /** Frames in --quick mode: enough for an IDR, P pictures and the rate control's first reaction. */
    static final int QUICK_FRAMES = 20;

    final List<Preset> presets;
    final List<Size> sizes;
    final List<ClipSource> clips;
    final List<Integer> rates;
    final List<String> x264;
    final int runs;
    final int threads;
    final int frames; // 0 = by size
    final boolean jcodec;
    final boolean quick;
    final Path doc;
    final Path work;
    final String args;

    private MatrixOptions(List<Preset> presets, List<Size> sizes, List<ClipSource> clips, List<Integer> rates,
                          List<String> x264, int runs, int threads, int frames, boolean jcodec, boolean quick,
                          Path doc, Path work, String args) {
        this.presets = presets;
        this.sizes = sizes;
        this.clips = clips;
        this.rates = rates;
        this.x264 = x264;
        this.runs = runs;
        this.threads = threads;
        this.frames = frames;
        this.jcodec = jcodec;
        this.quick = quick;
        this.doc = doc;
        this.work = work;
        this.args = args;
    }

    /**
     * @param availableProcessors the default for --threads
     * @throws IllegalArgumentException naming an unknown argument or value
     */
    static MatrixOptions parse(String[] a, int availableProcessors) {
        List<Preset> presets = List.of(Preset.values());
        List<Size> sizes = ALL_SIZES;
        List<ClipSource> clips = List.of(ClipSource.values());
        List<Integer> rates = ALL_RATES;
        List<String> x264 = ALL_X264;
        int runs = 2, threads = availableProcessors, frames = 0;
        boolean jcodec = true, quick = false;
        Path doc = Path.of("docs/benchmarks.md"), work = Path.of("benchmarks/target/bench-work");
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            switch (k) {
                case "--quick" -> quick = true;
                case "--no-jcodec" -> jcodec = false;
                case "--presets" -> presets = list(value(a, ++i, k), s -> Preset.valueOf(s.toUpperCase(Locale.ROOT)));
                case "--sizes" -> sizes = list(value(a, ++i, k), MatrixOptions::size);
                case "--clips" -> clips = list(value(a, ++i, k), MatrixOptions::clip);
                case "--rates" -> rates = list(value(a, ++i, k), s -> Math.multiplyExact(positive(s, k), 1000));
                case "--x264" -> x264 = list(value(a, ++i, k), MatrixOptions::x264Preset);
                case "--runs" -> runs = positive(value(a, ++i, k), k);
                case "--threads" -> threads = positive(value(a, ++i, k), k);
                case "--frames" -> frames = positive(value(a, ++i, k), k);
                case "--doc" -> doc = Path.of(value(a, ++i, k));
                case "--work" -> work = Path.of(value(a, ++i, k));
                default -> throw new IllegalArgumentException("unknown argument " + k);
            }
        }
        if (quick) {
            runs = 1;
        }
        return new MatrixOptions(presets, sizes, clips, rates, x264, runs, threads, frames, jcodec, quick, doc, work,
                String.join(" ", a));
    }

    /** Frames per clip at a size: fewer for the big sizes so that a full run fits in about half an hour. */
    int framesFor(Size s) {
        if (quick) {
            return QUICK_FRAMES;
        }
        if (frames > 0) {
            return frames;
        }
        return s.pixels() >= 1280L * 720 ? 60 : s.pixels() >= 640L * 480 ? 90 : 150;
    }

    private static String value(String[] a, int i, String key) {
        if (i >= a.length) {
            throw new IllegalArgumentException(key + " needs a value");
        }
        return a[i];
    }

    private static <T> List<T> list(String csv, java.util.function.Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                T t = parse.apply(s.trim());
                if (!out.contains(t)) {
                    out.add(t);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty list: '" + csv + "'");
        }
        return List.copyOf(out);
    }

    static Size size(String s) {
        String[] wh = s.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("size must be WxH, was " + s);
        }
        int w = positive(wh[0], "width"), h = positive(wh[1], "height");
        if ((w & 1) != 0 || (h & 1) != 0) {
            throw new IllegalArgumentException("I420 needs even sizes, was " + s);
        }
        return new Size(w, h);
    }

    static ClipSource clip(String s) {
        for (ClipSource c : ClipSource.values()) {
            if (c.label.equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown clip " + s + " (testsrc2, mandelbrot, pan, noise)");
    }

    private static String x264Preset(String s) {
        // x264's preset names (x264 --fullhelp); only the first few fit a real-time comparison
        List<String> known = List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium");
        if (!known.contains(s)) {
            throw new IllegalArgumentException("unknown x264 preset " + s + " (one of " + known + ")");
        }
        return s;
    }

    private static int positive(String s, String what) {
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, was " + s, e);
        }
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, was " + s);
        }
        return v;
    }
}
