package org.camstream.conformance.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One external program (ffmpeg, ffprobe, gst-launch-1.0) run with a hard time limit. Its stdout
 * and stderr go to files in a work directory (no pipes to drain, so no deadlock); stderr is copied
 * to the test log when the process is reaped.
 *
 * <p>Thread-safety: owned by the test thread that started it; {@link #close()} may be called more
 * than once and always leaves no process behind.
 */
public final class ClientProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientProcess.class.getName());

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private boolean logged;

    private ClientProcess(String name, List<String> command, Process process, Path stdout,
            Path stderr) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code command}; {@code name} labels its files and log lines. */
    public static ClientProcess start(String name, List<String> command, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path out = workDir.resolve(name + ".stdout");
            Path err = workDir.resolve(name + ".stderr");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            LOG.log(Level.INFO, "[{0}] start: {1}", name, String.join(" ", command));
            return new ClientProcess(name, command, pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the exit; after {@code limit} the process is killed and an {@link AssertionError}
     * (with its stderr) is thrown.
     */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("[" + name + "] did not finish within " + limit
                        + "; killed. command: " + String.join(" ", command) + "\nstderr:\n"
                        + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        logStderr();
        return process.exitValue();
    }

    /** Waits up to {@code limit}; returns whether the process has exited (it is left running if not). */
    public boolean waitFor(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGINT, as a terminal's Ctrl-C (gst-launch -e turns it into an end-of-stream). */
    public void interrupt() {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL (destroyForcibly) and reap. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public byte[] stdoutBytes() {
        try {
            return Files.readAllBytes(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String stdout() {
        return new String(stdoutBytes(), StandardCharsets.UTF_8);
    }

    public String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<stderr unreadable: " + e + ">";
        }
    }

    private void logStderr() {
        if (!logged) {
            logged = true;
            LOG.log(Level.INFO, "[{0}] exit {1}, stderr:\n{2}", name,
                    process.isAlive() ? "(alive)" : Integer.toString(process.exitValue()), stderr());
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        logStderr();
    }
}
