package org.camstream.bench.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14 item 4: the extra memory per healthy client. A server in its own process (camstream:
 * {@link ServerChild} in {@code -Xms64m -Xmx64m -XX:+AlwaysPreTouch -XX:+UseSerialGC} (see {@link #childHeap()}); gst-rtsp-server: the
 * fan-out's peer script) streams the fan-out clip (1280x720, ~3 Mb/s, 30 fps) to N = 0, 1, 10, 100
 * receivers that read everything ({@link ReceiverHub}), TCP interleaved and UDP. After a warm-up and a
 * short window (frames dropped and RTP gaps counted, to show the clients were healthy) it takes three
 * readings a second apart and keeps the median of each figure: camstream's heap used after a full GC
 * and its direct buffer pool ({@code MEM}, answered by the child), the process's RSS
 * ({@code /proc/<pid>/status} VmRSS), and for TCP the kernel's send-queue memory of the server's
 * sockets ({@code ss -tm}: skmem w, not in the process). Per client = (figure at the largest N − at 0)
 * ÷ N, and (largest − 1) ÷ (N − 1), which leaves out one-off costs of the first client (gst builds its
 * pipeline then; both JIT-compile the send path).
 *
 * <p>Prints the table and writes its block of the footprint section of {@code docs/benchmarks.md}.
 * Options: {@code --counts 0,1,10,100 --servers camstream,gst --transports tcp,udp --warmup 10
 * --window 5 --queuedFrames 1 --childHeap "-Xms64m ..." --nmt false --docs docs --work benchmarks/target/server-bench}. A benchmark, not a test.
 */
public final class FootprintHarness {
    /** The target of issue 14 item 4, per healthy TCP client. */
    static final long TARGET_BYTES = 64 * 1024;

    private final Map<String, String> opts;
    private final Path work;
    private final Path clipPath;
    private Path unitsFile;

    private FootprintHarness(Map<String, String> opts) {
        this.opts = opts;
        this.work = Path.of(opts.getOrDefault("work", "benchmarks/target/server-bench"));
        this.clipPath = Path.of(opts.getOrDefault("clip", work.resolve("clip720p.h264").toString()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        new FootprintHarness(opts).run();
    }

    /** One measured configuration. Heap and direct are -1 for gst-rtsp-server; kernel is -1 for UDP. */
    private record Row(String server, String transport, int clients, long heap, long direct, long directCount,
                       long rss, long kernel, long fed, long dropped, long gaps, long framesPerClient,
                       long nmtCommitted, long nmtArena) { }

    private void run() throws Exception {
        Files.createDirectories(work);
        ClipAccessUnits clip = ClipAccessUnits.loadOrMake(clipPath);
        unitsFile = work.resolve("units.bin");
        try (OutputStream os = Files.newOutputStream(unitsFile)) {
            clip.writeLengthPrefixed(os);
        }
        String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf(Locale.ROOT, "footprint: clip %d access units, %.2f Mb/s at %d fps; loadavg %s%n",
                clip.size(), clip.bitsPerSecond() / 1e6, ClipAccessUnits.FPS, load0);
        int[] counts = Arrays.stream(opts.getOrDefault("counts", "0,1,10,100").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> servers = List.of(opts.getOrDefault("servers", "camstream,gst").split(","));
        List<String> transports = List.of(opts.getOrDefault("transports", "tcp,udp").toUpperCase(Locale.ROOT).split(","));
        List<Row> rows = new ArrayList<>();
        System.out.println("server | transport | clients | heap after GC (KiB) | direct (KiB, buffers) | RSS (KiB) | NMT committed + compiler arenas (KiB) | kernel send queues (KiB) | frames fed / dropped | RTP gaps | frames per client");
        for (String transport : transports) {
            for (String server : servers) {
                for (int n : counts) {
                    Row r = measure(server, transport, n);
                    rows.add(r);
                    System.out.println(line(r));
                }
            }
        }
        String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
        List<String> summary = summary(rows, servers, transports, counts);
        summary.forEach(System.out::println);
        System.out.println("loadavg after: " + load1);
        if (!opts.getOrDefault("write", "true").equals("false")) {
            Path md = Path.of(opts.getOrDefault("docs", "docs")).resolve("benchmarks.md");
            FootprintDoc.write(md, "clients", markdown(rows, summary, clip, load0, load1));
            System.out.println("wrote " + md);
        }
    }

    private Row measure(String server, String transport, int clients) throws Exception {
        boolean gst = server.equals("gst");
        Path log = work.resolve("footprint-" + server + "-" + transport + "-" + clients + ".log");
        List<String> jvm = new ArrayList<>(List.of(childHeap().split(" ")));
        boolean nmt = nmt();
        if (nmt) jvm.add("-XX:NativeMemoryTracking=summary");
        if (opts.containsKey("childJvm")) jvm.addAll(List.of(opts.get("childJvm").split(" ")));
        long warmup = (long) (Double.parseDouble(opts.getOrDefault("warmup", "10")) * 1000);
        long window = (long) (Double.parseDouble(opts.getOrDefault("window", "5")) * 1000);
        try (ServerProcess sp = gst
                ? ServerProcess.gstreamer(Path.of(opts.getOrDefault("python", "/usr/bin/python3")),
                        Path.of(opts.getOrDefault("script", "benchmarks/scripts/gst_rtsp_server.py")), unitsFile, log)
                : ServerProcess.camstream(clipPath, jvm, false, Integer.parseInt(opts.getOrDefault("queuedFrames", "1")), log);
             ReceiverHub hub = new ReceiverHub("footprint-receivers")) {
            List<FrameLog> logs = new ArrayList<>();
            List<RtspHandshake> conns = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                FrameLog fl = new FrameLog();
                conns.add(hub.play(new InetSocketAddress("127.0.0.1", sp.port), sp.url, transport.equals("UDP"), fl));
                logs.add(fl);
            }
            Thread.sleep(warmup);
            sp.mark();
            Thread.sleep(window);
            Map<String, String> rep = sp.report(work.resolve("footprint-times.txt"), new ArrayList<>());
            long[] heap = new long[3];
            long[] direct = new long[3];
            long[] count = new long[3];
            long[] rss = new long[3];
            long[] kernel = new long[3];
            for (int i = 0; i < 3; i++) {
                if (!gst) {
                    Map<String, String> m = sp.memory();
                    heap[i] = Long.parseLong(m.get("heapUsed"));
                    direct[i] = Long.parseLong(m.get("direct"));
                    count[i] = Long.parseLong(m.get("directCount"));
                } else {
                    heap[i] = direct[i] = count[i] = -1;
                }
                rss[i] = sp.rssBytes();
                kernel[i] = transport.equals("TCP") ? kernelSendQueues(sp.port) : -1;
                Thread.sleep(1000);
            }
            long nmtCommitted = -1;
            long nmtArena = -1;
            if (nmt && !gst) { // where the RSS goes: the JVM's own account of its native memory
                Path nmtFile = work.resolve("footprint-nmt-" + transport + "-" + clients + ".txt");
                Process j = new ProcessBuilder("jcmd", Long.toString(sp.pid()), "VM.native_memory", "summary")
                        .redirectErrorStream(true).redirectOutput(nmtFile.toFile()).start();
                j.waitFor();
                String text = Files.readString(nmtFile);
                nmtCommitted = nmtKib(text, "Total: ");
                nmtArena = nmtKib(text, "Arena Chunk (");
            }
            hub.close();
            for (RtspHandshake h : conns) h.channel.close();
            long gaps = 0;
            long frames = 0;
            for (FrameLog fl : logs) {
                gaps += fl.lostPackets();
                frames += fl.frames();
            }
            return new Row(gst ? "gst-rtsp-server" : "camstream", transport, clients, median(heap), median(direct), median(count),
                    median(rss), median(kernel), Long.parseLong(rep.getOrDefault("fed", "0")),
                    gst ? -1 : Long.parseLong(rep.getOrDefault("dropped", "0")), gaps, clients == 0 ? 0 : frames / clients,
                    nmtCommitted, nmtArena);
        }
    }

    /**
     * The camstream child's heap options. By default a fixed, pre-touched heap: the heap's pages are all
     * resident from the start, so RSS differences between rows are the native memory the clients add
     * (heap growth is the heap-after-GC column). With a growing heap ({@code -Xmx256m} alone, as in the
     * fan-out rows) RSS also counts how much of eden the run happened to touch, which grows with the
     * garbage of N handshakes rather than with what the clients hold.
     */
    private String childHeap() {
        return opts.getOrDefault("childHeap", "-Xms64m -Xmx64m -XX:+AlwaysPreTouch -XX:+UseSerialGC");
    }

    /** NMT is on unless {@code --nmt false}: its summary tells which part of RSS moved (a small constant cost). */
    private boolean nmt() {
        return !opts.getOrDefault("nmt", "true").equals("false");
    }

    /** The committed KiB on the NMT summary line starting with {@code label} (e.g. "Total: "), or -1. */
    static long nmtKib(String summary, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static final Pattern SKMEM_W = Pattern.compile("skmem:\\([^)]*\\bw(\\d+)");

    /** Sum of wmem_queued (ss(8) skmem "w") over the server's established TCP sockets on {@code port}. */
    static long kernelSendQueues(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-tmnH", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        long sum = 0;
        Matcher m = SKMEM_W.matcher(out);
        while (m.find()) sum += Long.parseLong(m.group(1));
        return sum;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String kib(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%,d", Math.round(bytes / 1024.0));
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "%s | %s | %d | %s | %s | %s | %s | %s | %d / %s | %d | %d", r.server(), r.transport(),
                r.clients(), kib(r.heap()), r.direct() < 0 ? "–" : kib(r.direct()) + " (" + r.directCount() + ")",
                kib(r.rss()), r.nmtCommitted() < 0 ? "–" : kib(r.nmtCommitted() - r.nmtArena()) + " + " + kib(r.nmtArena()),
                kib(r.kernel()), r.fed(), r.dropped() < 0 ? "–" : Long.toString(r.dropped()), r.gaps(),
                r.framesPerClient());
    }

    private static Row find(List<Row> rows, String server, String transport, int n) {
        for (Row r : rows) {
            if (r.server().equals(server) && r.transport().equals(transport) && r.clients() == n) return r;
        }
        return null;
    }

    /** Per-client lines: (largest − 0) ÷ N and (largest − 1) ÷ (N − 1), for heap+direct, RSS and kernel. */
    private static List<String> summary(List<Row> rows, List<String> servers, List<String> transports, int[] counts) {
        List<String> out = new ArrayList<>();
        int max = Arrays.stream(counts).max().orElse(0);
        for (String transport : transports) {
            for (String s : servers) {
                String server = s.equals("gst") ? "gst-rtsp-server" : "camstream";
                Row top = find(rows, server, transport, max);
                Row zero = find(rows, server, transport, 0);
                Row one = find(rows, server, transport, 1);
                if (top == null || max == 0) continue;
                StringBuilder b = new StringBuilder();
                b.append(String.format(Locale.ROOT, "per client, %s %s:", server, transport));
                if (top.heap() >= 0) {
                    if (zero != null) {
                        double jvm = (top.heap() + top.direct() - zero.heap() - zero.direct()) / (double) max;
                        b.append(String.format(Locale.ROOT, " heap+direct %.1f KiB (0→%d; heap %.1f, direct %.1f)", jvm / 1024, max,
                                (top.heap() - zero.heap()) / (double) max / 1024, (top.direct() - zero.direct()) / (double) max / 1024));
                        b.append(jvm <= TARGET_BYTES ? " [≤ 64 KiB: met]" : String.format(Locale.ROOT, " [> 64 KiB: missed by %.1f KiB]", (jvm - TARGET_BYTES) / 1024));
                    }
                    if (one != null && max > 1) {
                        b.append(String.format(Locale.ROOT, ", %.1f KiB (1→%d)",
                                (top.heap() + top.direct() - one.heap() - one.direct()) / (double) (max - 1) / 1024, max));
                    }
                    b.append(';');
                }
                if (zero != null) b.append(String.format(Locale.ROOT, " RSS %.1f KiB (0→%d)", (top.rss() - zero.rss()) / (double) max / 1024, max));
                if (one != null && max > 1) b.append(String.format(Locale.ROOT, ", %.1f KiB (1→%d)", (top.rss() - one.rss()) / (double) (max - 1) / 1024, max));
                if (zero != null && top.nmtCommitted() >= 0 && zero.nmtCommitted() >= 0) {
                    b.append(String.format(Locale.ROOT, "; NMT committed without compiler arenas %.1f KiB (0→%d)",
                            (top.nmtCommitted() - top.nmtArena() - zero.nmtCommitted() + zero.nmtArena()) / (double) max / 1024, max));
                    if (one != null && one.nmtCommitted() >= 0 && max > 1) {
                        b.append(String.format(Locale.ROOT, ", %.1f KiB (1→%d)",
                                (top.nmtCommitted() - top.nmtArena() - one.nmtCommitted() + one.nmtArena()) / (double) (max - 1) / 1024, max));
                    }
                }
                if (top.kernel() >= 0) b.append(String.format(Locale.ROOT, "; kernel send queues %.1f KiB per client at %d (not in the process)",
                        top.kernel() / (double) max / 1024, max));
                out.add(b.toString());
            }
        }
        return out;
    }

    private String markdown(List<Row> rows, List<String> summary, ClipAccessUnits clip, String load0, String load1) {
        StringBuilder b = new StringBuilder();
        b.append("### Extra memory per healthy client (camstream `").append(childHeap()).append("`, queuedFrames ")
                .append(opts.getOrDefault("queuedFrames", "1")).append("; gst-rtsp-server via appsrc)\n\n");
        b.append(String.format(Locale.ROOT, "Run %s on %d CPUs, `/proc/loadavg` before: `%s`, after: `%s`. Stream: the fan-out clip, %d access units of 1280x720, "
                        + "%.2f Mb/s at %d fps. %s s warm-up after the last client played, %s s window, then three readings 1 s apart (median). "
                        + "Reproduce with `benchmarks/scripts/run-server-benchmark.sh footprint clients`.%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), load0, load1, clip.size(), clip.bitsPerSecond() / 1e6,
                ClipAccessUnits.FPS, opts.getOrDefault("warmup", "10"), opts.getOrDefault("window", "5")));
        b.append("| server | transport | clients | heap used after full GC (KiB) | direct (KiB, buffers) | RSS (KiB) | JVM native memory (NMT committed) + compiler arenas (KiB) | kernel send queues (KiB) | window: frames fed / dropped | RTP seq gaps | frames per client (whole run) |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append("| ").append(line(r).replace(" | ", " | ")).append(" |\n");
        }
        b.append('\n');
        for (String s : summary) b.append("- ").append(s).append('\n');
        return b.toString();
    }
}
