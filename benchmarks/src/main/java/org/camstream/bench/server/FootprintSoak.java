package org.camstream.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 14 item 4, the soak: the QVGA demo ({@code ./demo --width 320 --height 240}: the test camera,
 * this project's encoder, {@code LiveCameraDemo} unchanged, run by {@link DemoSoakChild}) in a child JVM
 * with {@code -Xmx16m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}, played by 4 clients at
 * {@code rtsp://127.0.0.1:PORT/}: two real ffmpeg decoders ({@code -rtsp_transport tcp} and {@code udp},
 * {@code -f null -}) and two harness receivers ({@link ReceiverHub}, one TCP interleaved, one UDP; each
 * sends a GET_PARAMETER keep-alive every sample).
 * Every {@code --sample} seconds (30) it prints heap used, the old generation after its last GC, direct
 * memory, RSS, and the frames each client got so far. Passes when the child never threw
 * OutOfMemoryError (with ExitOnOutOfMemoryError any OOM ends the JVM), is alive at the end, and every
 * client's frame count grew in every sample interval. Writes its block of the footprint section of
 * {@code docs/benchmarks.md}. Options: {@code --seconds 600 --sample 30 --docs docs --work ...}.
 * Not a test: a benchmark that prints figures.
 */
public final class FootprintSoak {
    private FootprintSoak() {
    }

    /** One sample row. */
    private static final class Row {
        long t;
        Map<String, String> mem;
        long rss;
        long[] frames;
        long sentTotal;
        long droppedTotal;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        long seconds = Long.parseLong(opts.getOrDefault("seconds", "600"));
        long sample = Long.parseLong(opts.getOrDefault("sample", "30"));
        Path work = Path.of(opts.getOrDefault("work", "benchmarks/target/server-bench"));
        Path docs = Path.of(opts.getOrDefault("docs", "docs"));
        String xmx = opts.getOrDefault("xmx", "16m");
        Files.createDirectories(work);
        String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> demoArgs = List.of("--width", "320", "--height", "240", "--port", Integer.toString(port));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), DemoSoakChild.class.getName()));
        cmd.addAll(demoArgs);
        Path childLog = work.resolve("soak-child-stderr.log");
        Process child = new ProcessBuilder(cmd).redirectError(childLog.toFile()).start();
        PrintWriter toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        // Demo status lines: "... | dropped D | sent S" every 5 s; D is per window, S cumulative.
        AtomicLong dropped = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        java.util.concurrent.BlockingQueue<String> samples = new java.util.concurrent.LinkedBlockingQueue<>();
        List<String> demoOut = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = fromChild.readLine()) != null) {
                    if (line.startsWith("SAMPLE ")) {
                        samples.add(line);
                        continue;
                    }
                    if (demoOut.size() < 20) demoOut.add(line);
                    int d = line.indexOf("| dropped ");
                    int s = line.indexOf("| sent ");
                    if (d > 0 && s > d) {
                        dropped.addAndGet(Long.parseLong(line.substring(d + 10, line.indexOf(' ', d + 10)).trim()));
                        sent.set(Long.parseLong(line.substring(s + 7).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // child gone
            }
        }, "soak-child-out");
        reader.setDaemon(true);
        reader.start();
        String url = "rtsp://127.0.0.1:" + port + "/";
        waitForPort(port, child);
        System.out.printf(Locale.ROOT, "soak: demo 320x240 in -Xmx%s -XX:+UseSerialGC at %s, %d s, sample every %d s; loadavg %s%n",
                xmx, url, seconds, sample, load0);

        List<String> names = List.of("ffmpeg TCP", "ffmpeg UDP", "harness TCP", "harness UDP");
        List<FfmpegClient> ffmpegs = new ArrayList<>();
        for (String t : List.of("tcp", "udp")) ffmpegs.add(new FfmpegClient(t, url, work.resolve("soak-ffmpeg-" + t + ".log")));
        ReceiverHub hub = new ReceiverHub("soak-receivers");
        FrameLog tcpLog = new FrameLog();
        FrameLog udpLog = new FrameLog();
        RtspHandshake tcp = hub.play(new InetSocketAddress("127.0.0.1", port), url, false, tcpLog);
        RtspHandshake udp = hub.play(new InetSocketAddress("127.0.0.1", port), url, true, udpLog);

        System.out.println("   t (s) | heap used (KiB) | old gen after last GC (KiB) | heap peak (KiB) | committed (KiB) | direct (KiB) | RSS (KiB) | GCs | frames: " + String.join(", ", names));
        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        boolean grew = true;
        String notGrowing = "";
        for (long t = sample; t <= seconds && child.isAlive(); t += sample) {
            long wait = start + TimeUnit.SECONDS.toNanos(t) - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            if (!child.isAlive()) break;
            tcp.keepAlive(); // the session timeout is 60 s (RFC 2326 §12.37); ffmpeg sends its own keep-alives
            udp.keepAlive();
            toChild.println("SAMPLE");
            String line = samples.poll(10, TimeUnit.SECONDS);
            if (line == null) break;
            Row r = new Row();
            r.t = t;
            r.mem = fields(line);
            r.rss = rss(child.pid());
            r.frames = new long[] {ffmpegs.get(0).frames(), ffmpegs.get(1).frames(), tcpLog.frames(), udpLog.frames()};
            r.sentTotal = sent.get();
            r.droppedTotal = dropped.get();
            if (!rows.isEmpty()) {
                long[] prev = rows.get(rows.size() - 1).frames;
                for (int i = 0; i < prev.length; i++) {
                    if (r.frames[i] <= prev[i]) {
                        grew = false;
                        notGrowing += " " + names.get(i) + " at " + t + " s;";
                    }
                }
            }
            rows.add(r);
            System.out.println(line(r));
        }
        boolean aliveAtEnd = child.isAlive();
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        toChild.println("QUIT");
        if (!child.waitFor(10, TimeUnit.SECONDS)) child.destroyForcibly().waitFor();
        for (FfmpegClient f : ffmpegs) f.stop();
        hub.close();
        tcp.channel.close();
        udp.channel.close();
        String stderr = Files.readString(childLog);
        boolean oom = stderr.contains("OutOfMemoryError");
        String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
        boolean complete = !rows.isEmpty() && rows.get(rows.size() - 1).t == seconds - seconds % sample;
        boolean pass = !oom && aliveAtEnd && grew && complete;
        long[] finalFrames = {ffmpegs.get(0).frames(), ffmpegs.get(1).frames(), tcpLog.frames(), udpLog.frames()};
        long[] lost = {-1, -1, tcpLog.lostPackets(), udpLog.lostPackets()};
        String verdict = String.format(Locale.ROOT, "soak %s: OutOfMemoryError %s, child alive at the end %s, frames grew in every interval %s%s, %d of %d s sampled",
                pass ? "PASSED" : "FAILED", oom ? "YES" : "no", aliveAtEnd ? "yes" : "NO", grew ? "yes" : "NO", notGrowing,
                rows.isEmpty() ? 0 : rows.get(rows.size() - 1).t, seconds);
        System.out.println(verdict);
        System.out.println("loadavg after: " + load1);
        if (!opts.getOrDefault("write", "true").equals("false")) {
            FootprintDoc.write(docs.resolve("benchmarks.md"), "soak",
                    markdown(rows, names, finalFrames, lost, verdict, xmx, seconds, sample, load0, load1, elapsed, stderr, demoOut));
            System.out.println("wrote " + docs.resolve("benchmarks.md"));
        }
        System.exit(pass ? 0 : 1);
    }

    private static String line(Row r) {
        Map<String, String> m = r.mem;
        return String.format(Locale.ROOT, "%8d | %15d | %27s | %15d | %15d | %12d | %9d | %3s | %s",
                r.t, kib(m, "heapUsed"), liveKib(m), kib(m, "heapPeak"), kib(m, "heapCommitted"), kib(m, "direct"),
                r.rss / 1024, m.get("gcCount"), join(r.frames));
    }

    private static String markdown(List<Row> rows, List<String> names, long[] finalFrames, long[] lost, String verdict,
                                   String xmx, long seconds, long sample, String load0, String load1, long elapsed,
                                   String stderr, List<String> demoOut) {
        StringBuilder b = new StringBuilder();
        b.append("### Soak: the QVGA demo in `-Xmx").append(xmx).append(" -XX:+UseSerialGC`, 4 clients, ")
                .append(seconds).append(" s\n\n");
        b.append(String.format(Locale.ROOT, "Run %s on %d CPUs, `/proc/loadavg` before: `%s`, after: `%s`. "
                        + "Reproduce with `benchmarks/scripts/run-server-benchmark.sh footprint soak --seconds %d`.%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), load0, load1, seconds));
        b.append("**").append(verdict).append(".**\n\n");
        long maxHeap = 0;
        long maxLive = -1;
        long maxPeak = 0;
        long maxRss = 0;
        long maxDirect = 0;
        long maxCommitted = 0;
        for (Row r : rows) {
            maxHeap = Math.max(maxHeap, kib(r.mem, "heapUsed"));
            maxLive = Math.max(maxLive, liveKib(r.mem));
            maxPeak = Math.max(maxPeak, kib(r.mem, "heapPeak"));
            maxCommitted = Math.max(maxCommitted, kib(r.mem, "heapCommitted"));
            maxDirect = Math.max(maxDirect, kib(r.mem, "direct"));
            maxRss = Math.max(maxRss, r.rss / 1024);
        }
        Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        b.append(String.format(Locale.ROOT, "- Max heap used at a sample: %,d KiB; sum of the heap pools' peaks (an upper bound of the peak): %,d KiB; "
                        + "max old generation after its last GC (what survived): %s; max committed heap %,d KiB of %s.%n",
                maxHeap, maxPeak, maxLive < 0 ? "none (no old-generation GC ran)" : String.format(Locale.ROOT, "%,d KiB", maxLive), maxCommitted, xmx));
        b.append(String.format(Locale.ROOT, "- Max direct memory: %,d KiB. Max RSS: %,d KiB (%.1f MiB).%n", maxDirect, maxRss, maxRss / 1024.0));
        if (last != null) {
            b.append(String.format(Locale.ROOT, "- GCs over the run: %s (%s ms in all), %s of them old-generation.%n",
                    last.mem.get("gcCount"), last.mem.get("gcMillis"), last.mem.get("oldGcCount")));
        }
        b.append(String.format(Locale.ROOT, "- Frames per client over %d s (30 fps fed, so ~%d expected while playing): ", elapsed, elapsed * 30));
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(names.get(i)).append(' ').append(finalFrames[i]);
            if (lost[i] >= 0) b.append(" (RTP seq gaps ").append(lost[i]).append(')');
        }
        b.append(".\n");
        if (last != null) {
            b.append(String.format(Locale.ROOT, "- The server's own counters (the demo's status line, every 5 s, so up to 5 s stale): frames sent to at least one client %,d, "
                            + "dropped %,d (not delivered: no playing client yet, or replaced by a newer frame before the loop took it).%n",
                    last.sentTotal, last.droppedTotal));
        }
        String oomLines = stderr.lines().filter(l -> l.contains("OutOfMemory") || l.contains("Exception")).limit(5)
                .reduce("", (x, y) -> x + "\n    " + y);
        if (!oomLines.isEmpty()) b.append("- Child stderr:").append(oomLines).append('\n');
        b.append("\n| t (s) | heap used (KiB) | old gen after last GC (KiB) | heap pools' peak (KiB) | committed (KiB) | direct (KiB) | RSS (KiB) | GCs | frames: ")
                .append(String.join(" / ", names)).append(" |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %d | %,d | %s | %,d | %,d | %,d | %,d | %s | %s |%n", r.t, kib(r.mem, "heapUsed"),
                    liveKib(r.mem) < 0 ? "–" : String.format(Locale.ROOT, "%,d", liveKib(r.mem)), kib(r.mem, "heapPeak"),
                    kib(r.mem, "heapCommitted"), kib(r.mem, "direct"), r.rss / 1024, r.mem.get("gcCount"),
                    join(r.frames).replace(", ", " / ")));
        }
        return b.toString();
    }

    private static long kib(Map<String, String> m, String k) {
        return Long.parseLong(m.getOrDefault(k, "0")) / 1024;
    }

    private static long liveKib(Map<String, String> m) {
        long v = Long.parseLong(m.getOrDefault("liveAfterGc", "-1"));
        return v < 0 ? -1 : v / 1024;
    }

    private static String join(long[] v) {
        StringBuilder b = new StringBuilder();
        for (long x : v) b.append(b.length() == 0 ? "" : ", ").append(x);
        return b.toString();
    }

    static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        for (String kv : line.substring(line.indexOf(' ') + 1).trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return f;
    }

    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        return -1;
    }

    private static void waitForPort(int port, Process child) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) throw new IOException("demo exited (" + child.exitValue() + ")");
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IOException("demo did not listen on " + port);
    }

    /** A real client: {@code ffmpeg -rtsp_transport T -i URL -f null -}, its frame count from {@code -progress}. */
    static final class FfmpegClient {
        private final Process process;
        private final AtomicLong frames = new AtomicLong();

        FfmpegClient(String transport, String url, Path log) throws IOException {
            process = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostats",
                    "-rtsp_transport", transport, "-i", url, "-f", "null", "-", "-progress", "pipe:1")
                    .redirectError(log.toFile()).start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        if (l.startsWith("frame=")) frames.set(Long.parseLong(l.substring(6).trim()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // ended
                }
            }, "ffmpeg-progress-" + transport);
            t.setDaemon(true);
            t.start();
        }

        long frames() { return frames.get(); }

        boolean alive() { return process.isAlive(); }

        void stop() throws InterruptedException {
            try {
                process.getOutputStream().write('q'); // ffmpeg's interactive quit
                process.getOutputStream().flush();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            }
        }
    }
}
