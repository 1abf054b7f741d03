package org.camstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command (ffmpeg) to completion. Standard error is drained on a helper thread so
 * that a chatty child never blocks; standard output is either discarded or handed to a reader on the
 * calling thread.
 *
 * <p>Threading: stateless; each call owns its process and threads.
 */
final class Subprocess {
    /** Outcome of one command: exit code, standard error text, wall-clock time around the process. */
    record Result(int exitCode, String stderr, long wallNanos) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Reads the child's standard output; must read until end of stream or until it has what it needs. */
    @FunctionalInterface
    interface StdoutReader {
        void read(InputStream stdout) throws IOException;
    }

    private static final long TIMEOUT_SECONDS = 600;

    private Subprocess() {
    }

    /** Runs {@code command}, discarding standard output. */
    static Result run(List<String> command) throws IOException {
        return run(command, in -> in.transferTo(OutputStreamSink.INSTANCE));
    }

    /**
     * Runs {@code command} and lets {@code reader} consume its standard output on this thread. The wall
     * time covers process start to exit, including the reader's work.
     */
    static Result run(List<String> command, StdoutReader reader) throws IOException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "stderr-" + command.get(0));
        drain.setDaemon(true);
        drain.start();
        try (InputStream out = p.getInputStream()) {
            reader.read(out);
            out.transferTo(OutputStreamSink.INSTANCE); // whatever the reader left
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            long wall = System.nanoTime() - t0;
            drain.join(10_000);
            synchronized (err) {
                return new Result(p.exitValue(), err.toString(StandardCharsets.UTF_8), wall);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Discarding output stream. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
