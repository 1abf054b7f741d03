package org.camstream.conformance.encoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffmpeg / ffprobe for the encoder conformance tests. A missing tool is a test failure, never a
 * skip (CI installs ffmpeg). Output goes to files, so large raw video never blocks a pipe.
 */
final class Ffmpeg {
    private Ffmpeg() {
    }

    /** Result of one tool run. */
    record Result(int exitCode, String stderr) {
    }

    static Result run(Path workDir, Path stdoutFile, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(err.toFile());
        pb.redirectOutput(stdoutFile == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdoutFile.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is required for the encoder conformance tests (CI installs ffmpeg): "
                    + e.getMessage(), e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        return new Result(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs and fails the test on a non-zero exit code. */
    static String runOk(Path workDir, Path stdoutFile, String... command) throws IOException, InterruptedException {
        Result r = run(workDir, stdoutFile, command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.stderr());
        }
        return r.stderr();
    }

    /** Raw I420 frames from an ffmpeg lavfi source graph. */
    static byte[] lavfiI420(Path workDir, String graph, int frames, String extraFilter) throws Exception {
        Path raw = workDir.resolve("src-" + Math.abs(graph.hashCode()) + ".yuv");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", graph));
        if (extraFilter != null) {
            cmd.add("-vf");
            cmd.add(extraFilter);
        }
        cmd.addAll(List.of("-frames:v", Integer.toString(frames), "-pix_fmt", "yuv420p", "-f", "rawvideo", "-y",
                raw.toString()));
        runOk(workDir, null, cmd.toArray(String[]::new));
        return Files.readAllBytes(raw);
    }
}
