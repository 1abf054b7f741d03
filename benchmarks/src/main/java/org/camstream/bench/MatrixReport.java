package org.camstream.bench;

import static org.camstream.bench.Report.f1;
import static org.camstream.bench.Report.f2;
import static org.camstream.bench.Report.k;
import static org.camstream.bench.Report.ratio;
import static org.camstream.bench.Report.signed;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.camstream.bench.MatrixOptions.Size;
import org.camstream.bench.MatrixResults.Cam;
import org.camstream.bench.MatrixResults.Cell;
import org.camstream.bench.MatrixResults.Jcodec;
import org.camstream.bench.MatrixResults.X264;
import org.camstream.h264.Preset;

/** The preset benchmark's Markdown (encoder section of docs/benchmarks.md). Stateless. */
final class MatrixReport {
    private MatrixReport() {
    }

    static String markdown(Report.Env env, MatrixOptions o, List<Cell> cells, List<Jcodec> jcodec,
                           List<String> failures, Preset defaultPreset) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Encoder benchmark: camstream presets vs x264 and JCodec (issue 13)\n\n");
        if (o.quick) {
            sb.append("> **QUICK RUN (`--quick`): ").append(MatrixOptions.QUICK_FRAMES).append(" frames, one timed "
                    + "run, no warm-up. These figures check the harness; they are not the benchmark.**\n\n");
        }
        sb.append("Written by `org.camstream.bench.EncoderBenchmark` (`PresetBenchmark`). camstream, x264 and "
                + "JCodec were measured **in the same run** on the same generated clips. Regenerate with:\n\n"
                + "```\nbenchmarks/run-encoder-benchmark.sh").append(o.args.isEmpty() ? "" : " " + o.args)
                .append("\n```\n\n");
        sb.append("## Machine and run\n\n| | |\n|---|---|\n");
        String end = env.end() == null ? "(running)" : env.end().format(DateTimeFormatter.ISO_LOCAL_TIME) + " ("
                + Duration.between(env.start(), env.end()).toSeconds() + " s)";
        row(sb, "date (UTC)", env.start().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " to " + end);
        row(sb, "nproc / threads in the all-cores mode", env.nproc() + " / " + o.threads);
        row(sb, "CPU", env.cpu());
        row(sb, "Java", env.java());
        row(sb, "ffmpeg (libx264)", env.ffmpeg());
        row(sb, "camstream revision", env.git() + " (uncommitted paths under h264-baseline: " + env.h264Dirty() + ")");
        row(sb, "load average before / after", env.loadBefore() + " / " + env.loadAfter());
        row(sb, "measured", "presets " + o.presets + ", sizes " + o.sizes + ", clips " + labels(o.clips) + ", "
                + "rates " + o.rates.stream().map(r -> r / 1000 + " kb/s").toList() + ", x264 " + o.x264 + ", "
                + o.runs + " timed run(s) per mode" + (o.jcodec ? "" : ", no JCodec"));
        sb.append("\nThe machine is shared with other agents (2 cores): wall-clock figures carry their load. "
                + "Speed is therefore compared as ratios against x264 measured in the same run, per CPU second.\n\n");

        sb.append("## Targets\n\n| target | verdict | deciding figure |\n|---|---|---|\n");
        for (Targets.Check c : Targets.evaluate(cells, defaultPreset, o.threads)) {
            sb.append("| ").append(c.target()).append(" | **").append(c.verdict().name().replace('_', ' '))
                    .append("** | ").append(c.figure()).append(" |\n");
        }
        sb.append('\n');
        method(sb, o, defaultPreset);
        for (Size s : o.sizes) {
            sizeTable(sb, s, cells, defaultPreset, o);
        }
        scaling(sb, o, cells);
        if (o.jcodec) {
            jcodecTable(sb, jcodec);
        }
        sb.append("## Failures\n\n");
        if (failures.isEmpty()) {
            sb.append("None: every stream decoded under `ffmpeg -xerror` with the right frame count.\n");
        } else {
            failures.forEach(f -> sb.append("- ").append(f.replace('\n', ' ')).append('\n'));
        }
        return sb.toString();
    }

    private static void method(StringBuilder sb, MatrixOptions o, Preset def) {
        sb.append("## Method\n\n");
        sb.append("- Clips: ffmpeg lavfi, raw I420, 30 fps: `testsrc2`; `mandelbrot` (zoom, detail everywhere); "
                + "`pan` (a synthetic detailed still at twice the size, cropped by a slowly accelerating window); "
                + "`noise` (testsrc2 + `noise=alls=12:allf=t`). Frames: ")
                .append(o.sizes.stream().map(s -> s + ": " + o.framesFor(s)).toList())
                .append(" (fewer at the big sizes to keep a full run near half an hour on 2 cores). One IDR every 30 "
                        + "frames for every encoder, no B frames.\n");
        sb.append("- camstream: `EncoderConfig.builder().fps(30).gop(30).bitrate(b).preset(p).threads(t)"
                + ".adaptiveSpeed(false)`, zero-allocation `encodeI420(y, u, v, out, 0)`; the default preset is ")
                .append(def).append(". Timed: the loop of encode calls over the whole clip (the encoder is "
                        + "created before, closed after). Warm-up: every preset encodes a 320x240 mandelbrot clip "
                        + "for 1.5 s per thread mode before anything is timed. Per cell and mode, ")
                .append(o.runs).append(" timed run(s), median.\n");
        sb.append("  - **fps 1T CPU**: threads = 1 (one slice, on the calling thread): frames per CPU second of that "
                + "thread (`ThreadMXBean.getCurrentThreadCpuTime`), the figure least disturbed by other processes.\n");
        sb.append("  - **fps ").append(o.threads).append("T wall**: threads = ").append(o.threads).append(" (one "
                + "slice per thread, coded in parallel): frames per wall second; in brackets per CPU second of the "
                + "whole JVM (`OperatingSystemMXBean.getProcessCpuTime`) and, after ≤, per CPU second of the busiest "
                + "encoding thread (calling thread or slice worker, `ThreadMXBean.getThreadCpuTime`): what the "
                + "threads would reach with a core each and no waiting, an upper bound for an idle machine, not "
                + "a measurement of one. On a loaded machine the wall figure is what the other agents left us; "
                + "the target is judged on it.\n");
        sb.append("  - kb/s, PSNR: of the 1-thread stream (the threaded one is a few bits bigger: see the scaling "
                + "table). PSNR: every stream is decoded by ffmpeg (`-xerror`, frame count checked) and compared "
                + "with the source in Java: per-frame PSNR of Y, and of all Y, U, V samples together, averaged over "
                + "frames.\n");
        sb.append("- x264: `ffmpeg ... -c:v libx264 -profile:v baseline -preset P -threads 1 -g 30 -b:v B` (plain "
                + "ABR), P = ").append(o.x264).append(". For equal bitrate it is run at **each camstream preset's "
                + "achieved rate** in the cell (and, where its ABR misses that by more than 1 %, again at the "
                + "target scaled by the miss, at most 3 encodes); its PSNR at camstream's exact rate is read on the upper envelope of its encodes in the cell (the best PSNR for no more bits, linear in log rate between them) "
                + "at that rate (above its best encode: that encode's PSNR; below its lowest: extrapolated no further than its two lowest encodes are apart, at most 10 %). Its speed is the median "
                + "over those encodes of frames / ffmpeg's `-benchmark` utime (user CPU of the whole ffmpeg process, "
                + "so it also counts raw demuxing and muxing: slightly in camstream's favour).\n");
        sb.append("- ΔY / ΔYUV: camstream minus x264 at camstream's achieved rate, dB. Speed ratio: camstream "
                + "fps 1T CPU / x264 CPU fps in the same cell.\n");
        sb.append("- JCodec 0.2.5: its default rate control (`DumbRateControl`, no bitrate target), one thread, "
                + "after a 3 s warm-up; one encode per clip and size (frames converted to JCodec pictures "
                + "before timing).\n\n");
    }

    private static void sizeTable(StringBuilder sb, Size s, List<Cell> cells, Preset def, MatrixOptions o) {
        List<Cell> here = cells.stream().filter(c -> c.size().equals(s)).toList();
        if (here.isEmpty()) {
            return;
        }
        sb.append("## ").append(s).append(" (").append(here.get(0).frames()).append(" frames)\n\n");
        sb.append("| clip | Mb/s | encoder | fps 1T CPU | fps ").append(o.threads).append("T wall (CPU) | kb/s | "
                + "Y / YUV dB |");
        for (String x : o.x264) {
            sb.append(" vs ").append(x).append(": speed, ΔY / ΔYUV |");
        }
        sb.append("\n|---|---:|---|---:|---:|---:|---:|");
        o.x264.forEach(x -> sb.append("---:|"));
        sb.append('\n');
        for (Cell c : here) {
            String head = "| " + c.clip() + " | " + f1(c.rate() / 1e6).replace(".0", "") + " | ";
            for (Cam cam : c.cam()) {
                sb.append(head).append(cam.preset() == def ? "**" + cam.preset() + "**" : cam.preset().name())
                        .append(" | ");
                if (!cam.ok()) {
                    sb.append("**FAILED** | | | |");
                    o.x264.forEach(x -> sb.append(" |"));
                    sb.append('\n');
                    continue;
                }
                sb.append(f1(cam.cpuFps1())).append(" | ").append(f1(cam.wallFpsN())).append(" (")
                        .append(f1(cam.cpuFpsN())).append(Double.isNaN(cam.boundFps()) ? "" : "; ≤ " + f1(cam.boundFps()))
                        .append(") | ").append(k(cam.bitrate())).append(" | ")
                        .append(f2(cam.psnrY())).append(" / ").append(f2(cam.psnrYuv())).append(" |");
                for (String xp : o.x264) {
                    X264 x = c.x264(xp);
                    double dYuv = x == null ? Double.NaN : cam.psnrYuv() - x.psnrAt(cam.bitrate(), true);
                    sb.append(' ').append(ratio(cam.cpuFps1(), x == null ? Double.NaN : x.cpuFps())).append(", ")
                            .append(signed(Targets.deltaY(cam, x))).append(" / ").append(signed(dYuv)).append(" |");
                }
                sb.append('\n');
            }
            Cam d = c.cam(def);
            for (X264 x : c.x264()) {
                double at = d != null && d.ok() ? d.bitrate() : Double.NaN;
                sb.append(head).append("x264 ").append(x.preset()).append(" | ").append(f1(x.cpuFps()))
                        .append(" | | ").append(k(at)).append(" | ").append(f2(x.psnrAt(at, false))).append(" / ")
                        .append(f2(x.psnrAt(at, true))).append(" |");
                o.x264.forEach(y -> sb.append(" |"));
                sb.append(x.failure() == null ? "" : " FAILED: " + x.failure().replace('|', '/')).append('\n');
            }
        }
        sb.append("\nx264 rows: its CPU fps, and its PSNR read at the default preset's (").append(def)
                .append(") achieved rate. x264 encodes (kb/s: Y dB): ");
        List<String> raw = new ArrayList<>();
        for (Cell c : here) {
            for (X264 x : c.x264()) {
                raw.add(c.clip() + " " + f1(c.rate() / 1e6).replace(".0", "") + " Mb/s " + x.preset() + " "
                        + x.points().stream().map(p -> k(p.bitrate()) + ": " + f2(p.psnrY())).toList());
            }
        }
        sb.append(String.join("; ", raw)).append(".\n\n");
    }

    private static void scaling(StringBuilder sb, MatrixOptions o, List<Cell> cells) {
        if (o.threads <= 1 || cells.isEmpty()) {
            return;
        }
        sb.append("## Threads: ").append(o.threads).append(" slices in parallel vs one\n\n");
        sb.append("Median over the clips and rates of each size: wall fps with ").append(o.threads)
                .append(" threads / wall fps with 1, and the bitrate change of the sliced stream.\n\n");
        sb.append("| size | preset | wall speed-up | bitrate change |\n|---|---|---:|---:|\n");
        for (Size s : o.sizes) {
            for (Preset p : o.presets) {
                double[] up = cells.stream().filter(c -> c.size().equals(s)).map(c -> c.cam(p))
                        .filter(c -> c != null && c.ok()).mapToDouble(c -> c.wallFpsN() / c.wallFps1())
                        .filter(d -> !Double.isNaN(d)).toArray();
                double[] bits = cells.stream().filter(c -> c.size().equals(s)).map(c -> c.cam(p))
                        .filter(c -> c != null && c.ok()).mapToDouble(c -> c.bitrateN() / c.bitrate() - 1)
                        .filter(d -> !Double.isNaN(d)).toArray();
                if (up.length == 0) {
                    continue;
                }
                sb.append("| ").append(s).append(" | ").append(p).append(" | ")
                        .append(f2(RateMath.median(up))).append("x | ")
                        .append(bits.length == 0 ? "n/a" : signed(100 * RateMath.median(bits)) + " %").append(" |\n");
            }
        }
        sb.append('\n');
    }

    private static void jcodecTable(StringBuilder sb, List<Jcodec> jcodec) {
        sb.append("## JCodec 0.2.5 (default rate control, one thread)\n\n");
        sb.append("| size | clip | fps CPU | kb/s | Y / YUV dB |\n|---|---|---:|---:|---:|\n");
        for (Jcodec j : jcodec) {
            sb.append("| ").append(j.size()).append(" | ").append(j.clip()).append(" | ");
            if (j.failure() != null) {
                sb.append("**FAILED** ").append(j.failure().replace('|', '/')).append(" | | |\n");
            } else {
                sb.append(f1(j.cpuFps())).append(" | ").append(k(j.bitrate())).append(" | ").append(f2(j.psnrY()))
                        .append(" / ").append(f2(j.psnrYuv())).append(" |\n");
            }
        }
        sb.append('\n');
    }

    private static String labels(List<ClipSource> clips) {
        return clips.stream().map(c -> c.label).toList().toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }
}
