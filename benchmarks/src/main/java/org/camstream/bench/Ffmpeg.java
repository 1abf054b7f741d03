package org.camstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ffmpeg command lines of the benchmark: clip generation (lavfi), x264 encoding, and decoding
 * any encoder's output back to I420 for {@link Psnr}. Every encoder's stream goes through the same
 * {@link #decodeAndCompare} call. Stateless.
 */
final class Ffmpeg {
    static final String NAME_X264 = "x264 ultrafast";
    private static final Pattern UTIME = Pattern.compile("bench: utime=([0-9.]+)s");

    private Ffmpeg() {
    }

    /** Writes {@code frames} frames of {@code source} at width x height, 30 fps, raw I420, to {@code file}. */
    static void generate(ClipSource source, int width, int height, int fps, int frames, Path file)
            throws IOException {
        List<String> cmd = List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y",
                "-f", "lavfi", "-i", source.graph(width, height, fps),
                "-frames:v", Integer.toString(frames), "-fps_mode", "passthrough",
                "-pix_fmt", "yuv420p", "-f", "rawvideo", file.toString());
        Subprocess.Result r = Subprocess.run(cmd);
        long expected = (long) frames * (width * height + 2L * (width / 2) * (height / 2));
        if (!r.ok() || Files.size(file) != expected) {
            throw new IOException("clip generation failed (" + Files.size(file) + " of " + expected + " bytes): "
                    + String.join(" ", cmd) + "\n" + r.stderr());
        }
    }

    /**
     * Encodes the raw clip file with libx264, Constrained Baseline, preset ultrafast, one thread, plain
     * ABR at {@code bitrate}, one IDR every {@link EncoderBenchmark#GOP} frames. The wall time is taken
     * around the whole ffmpeg process (it includes ffmpeg start-up and reading the raw file); the CPU
     * time is ffmpeg's own {@code -benchmark} utime, which includes neither the exec nor the page-cache
     * read but does include ffmpeg's demuxing and muxing.
     */
    static EncodeRun x264(RawVideo clip, Path rawFile, int bitrate, Path out) throws IOException {
        return x264(clip, rawFile, "ultrafast", bitrate, out);
    }

    /** As {@link #x264(RawVideo, Path, int, Path)} with the given x264 {@code -preset} (e.g. veryfast). */
    static EncodeRun x264(RawVideo clip, Path rawFile, String preset, int bitrate, Path out) throws IOException {
        List<String> cmd = List.of("ffmpeg", "-hide_banner", "-nostdin", "-benchmark", "-y",
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", clip.width + "x" + clip.height,
                "-r", Integer.toString(clip.fps), "-i", rawFile.toString(),
                "-frames:v", Integer.toString(clip.frames()),
                "-c:v", "libx264", "-profile:v", "baseline", "-preset", preset, "-threads", "1",
                "-g", Integer.toString(EncoderBenchmark.GOP), "-b:v", Integer.toString(bitrate),
                "-f", "h264", out.toString());
        Subprocess.Result r = Subprocess.run(cmd);
        if (!r.ok()) {
            throw new IOException("x264 encode failed: " + String.join(" ", cmd) + "\n" + tail(r.stderr()));
        }
        Matcher m = UTIME.matcher(r.stderr());
        double utime = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        return new EncodeRun(Files.size(out), clip.frames(), r.wallNanos(), utime);
    }

    /**
     * Decodes an Annex-B H.264 file with ffmpeg's decoder to raw 8-bit 4:2:0 and compares it with the
     * source. No pixel-format conversion is requested: the decoder's 4:2:0 output (yuv420p, or
     * yuvj420p when a stream signals full range) is the same byte layout, so the samples are compared
     * exactly as decoded, never range-converted by swscale.
     *
     * @throws IOException if ffmpeg reports a decode error or the frame count differs
     */
    static Psnr.Quality decodeAndCompare(RawVideo source, Path h264) throws IOException {
        List<String> cmd = List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-xerror",
                "-f", "h264", "-i", h264.toString(), "-fps_mode", "passthrough", "-f", "rawvideo", "-");
        Psnr.Quality[] q = new Psnr.Quality[1];
        IOException[] failure = new IOException[1];
        Subprocess.Result r = Subprocess.run(cmd, in -> {
            try {
                q[0] = Psnr.compare(source, in);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (!r.ok() || !r.stderr().isBlank()) {
            throw new IOException("ffmpeg decode of " + h264.getFileName() + " failed (exit " + r.exitCode() + "): "
                    + tail(r.stderr()));
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return q[0];
    }

    /** @return the first line of {@code ffmpeg -version} */
    static String version() {
        try {
            StringBuilder sb = new StringBuilder();
            Subprocess.run(List.of("ffmpeg", "-version"), in -> {
                String all = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int nl = all.indexOf('\n');
                sb.append(nl < 0 ? all : all.substring(0, nl));
            });
            return sb.toString().trim();
        } catch (IOException e) {
            return "ffmpeg not runnable: " + e.getMessage();
        }
    }

    static String tail(String s) {
        String t = s.strip();
        return t.length() <= 400 ? t : "..." + t.substring(t.length() - 400);
    }
}
