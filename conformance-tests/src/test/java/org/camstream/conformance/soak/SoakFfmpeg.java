package org.camstream.conformance.soak;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One ffmpeg RTSP client process. Output goes to files in a work directory (nothing to drain, no
 * deadlock); {@link #close()} always leaves no process behind. Owned by the thread that started it.
 */
final class SoakFfmpeg implements AutoCloseable {
    /**
     * Lines of an ffmpeg log that mean damaged or lost media: h264 decoder concealment and errors,
     * missing parameter sets, and rtpdec packet loss.
     */
    static final Pattern MEDIA_ERRORS = Pattern.compile(
            "conceal|error while decoding|non-existing PPS|decode_slice_header|no frame!|corrupt"
                    + "|missed \\d+ packets|Invalid data",
            Pattern.CASE_INSENSITIVE);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private SoakFfmpeg(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts a client of {@code url}. With {@code framemd5} it decodes and lists every picture's MD5
     * (flushed per picture, errors fatal: {@code -xerror -err_detect explode}); else it decodes to null.
     */
    static SoakFfmpeg start(String name, String url, boolean tcp, boolean framemd5, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-v", "info",
                "-rtsp_transport", tcp ? "tcp" : "udp"));
        if (framemd5) cmd.addAll(List.of("-xerror", "-err_detect", "explode"));
        cmd.addAll(List.of("-i", url, "-map", "0:v:0"));
        if (framemd5) {
            cmd.addAll(List.of("-vsync", "passthrough", "-flush_packets", "1", "-f", "framemd5", "-"));
        } else {
            cmd.addAll(List.of("-f", "null", "-"));
        }
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new SoakFfmpeg(p, out, err);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGINT: ffmpeg finishes its output cleanly. Waits up to 10 s, then kills. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        kill.waitFor(5, TimeUnit.SECONDS);
        if (!process.waitFor(10, TimeUnit.SECONDS)) close();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** SIGKILL and reap: a client that vanishes without TEARDOWN. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
