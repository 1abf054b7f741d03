package org.camstream.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server under test in its own process (camstream in a child JVM running {@link ServerChild}, or
 * gst-rtsp-server in {@code scripts/gst_rtsp_server.py}), driven over the line protocol both share.
 * CPU time and resident memory are read from {@code /proc/<pid>} the same way for both, so the
 * comparison counts whole processes (JIT, GC, GLib threads and feeders included). Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final int port;
    final String url;

    private ServerProcess(String name, List<String> command, Path log, String path) throws IOException {
        this.name = name;
        this.process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = expect("READY");
        this.port = Integer.parseInt(ready.substring(6).trim());
        this.url = "rtsp://127.0.0.1:" + port + path;
    }

    /** camstream: a child JVM with {@code jvmArgs}, the harness's class path, {@link ServerChild}. */
    static ServerProcess camstream(Path clip, List<String> jvmArgs, boolean byteBuffers, int queuedFrames, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServerChild.class.getName());
        cmd.add(clip.toString());
        cmd.add(byteBuffers ? "bytebuffer" : "bytearray");
        cmd.add(Integer.toString(queuedFrames));
        return new ServerProcess("camstream", cmd, log, "/");
    }

    /** gst-rtsp-server: Debian's python3 (python3-gi, gir1.2-gst-rtsp-server-1.0) running the peer script. */
    static ServerProcess gstreamer(Path python, Path script, Path units, Path log) throws IOException {
        return new ServerProcess("gst-rtsp-server", List.of(python.toString(), script.toString(), units.toString()),
                log, "/stream");
    }

    String name() { return name; }

    long pid() { return process.pid(); }

    void mark() throws IOException {
        in.println("MARK");
        expect("OK");
    }

    /** Ends the window: the REPORT fields, plus the window's send start times (ascending) under "times". */
    Map<String, String> report(Path timesFile, List<Long> timesOut) throws IOException {
        in.println("REPORT " + timesFile);
        String line = expect("REPORT");
        Map<String, String> fields = new HashMap<>();
        for (String kv : line.substring(7).trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) fields.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        for (String t : Files.readAllLines(timesFile)) {
            if (!t.isBlank()) timesOut.add(Long.parseLong(t.trim()));
        }
        return fields;
    }

    /** camstream only: a full GC in the child, then its {@code MEM} fields (heapUsed, heapCommitted, direct, directCount). */
    Map<String, String> memory() throws IOException {
        in.println("MEM");
        String line = expect("MEM");
        Map<String, String> fields = new HashMap<>();
        for (String kv : line.substring(4).trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) fields.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return fields;
    }

    /** {utime, stime} of the whole process in clock ticks (proc(5): fields 14 and 15). */
    long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14, 15 counted from 1 with pid and comm
    }

    /** Resident set size in bytes (VmRSS of /proc/pid/status). */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        return -1;
    }

    private String expect(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) return line;
        }
        throw new IOException(name + " exited before printing " + prefix + " (exit " + exitCode() + ")");
    }

    private String exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    @Override
    public void close() {
        try {
            in.println("QUIT");
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
