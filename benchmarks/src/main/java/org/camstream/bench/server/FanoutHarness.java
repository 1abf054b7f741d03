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

/**
 * The server benchmark (issue #5), one command: {@code benchmarks/scripts/run-server-benchmark.sh}.
 *
 * <ol>
 *   <li>Allocation: camstream in {@code -Xmx32m}, 720p, 4 clients, UDP then TCP; bytes allocated by the
 *       event-loop thread per delivered frame and by the feeder thread per send(), from
 *       {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}.</li>
 *   <li>Fan-out: the same 1280x720 ~3 Mb/s clip at 30 fps served by camstream and by gst-rtsp-server,
 *       each in its own process, to 1..100 lightweight receivers in this JVM, UDP and TCP.</li>
 * </ol>
 * Prints the tables, writes {@code benchmarks.md} (between its fan-out markers) and
 * {@code fanout.png} into the docs directory. Single-threaded apart from the {@link ReceiverHub}.
 */
public final class FanoutHarness {
    private final Map<String, String> opts;
    private final Path work;
    private final Path clipPath;
    private ClipAccessUnits clip;
    private Path unitsFile;

    private FanoutHarness(Map<String, String> opts) {
        this.opts = opts;
        this.work = Path.of(opts.getOrDefault("work", "benchmarks/target/server-bench"));
        this.clipPath = Path.of(opts.getOrDefault("clip", work.resolve("clip720p.h264").toString()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        new FanoutHarness(opts).run();
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        clip = ClipAccessUnits.loadOrMake(clipPath);
        unitsFile = work.resolve("units.bin");
        try (OutputStream os = Files.newOutputStream(unitsFile)) {
            clip.writeLengthPrefixed(os);
        }
        String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf(Locale.ROOT, "clip: %d access units, %.2f Mb/s at %d fps; loadavg %s%n",
                clip.size(), clip.bitsPerSecond() / 1e6, ClipAccessUnits.FPS, load0);
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "10"));

        List<AllocRow> alloc = new ArrayList<>();
        if (!opts.getOrDefault("alloc", "true").equals("false")) {
            for (String t : List.of("UDP", "TCP")) {
                for (boolean bb : opts.containsKey("bbOnly") ? List.of(true) : List.of(false, true)) {
                    AllocRow a = allocation(t, bb, seconds);
                    alloc.add(a);
                    System.out.println(a.line());
                }
            }
        }

        List<FanoutRow> rows = new ArrayList<>();
        String countList = opts.getOrDefault("counts", "1,10,50,100");
        int[] counts = countList.equals("none") ? new int[0]
                : Arrays.stream(countList.split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> servers = List.of(opts.getOrDefault("servers", "camstream,gst").split(","));
        List<String> transports = List.of(opts.getOrDefault("transports", "udp,tcp").toUpperCase(Locale.ROOT).split(","));
        System.out.println(Report.header());
        for (String transport : transports) {
            for (int n : counts) {
                for (String server : servers) {
                    FanoutRow row = fanout(server, transport, n, seconds);
                    rows.add(row);
                    System.out.println(Report.row(row));
                }
            }
        }
        // The product default (one queued frame) at the largest count, beside the rows above.
        String compare = opts.getOrDefault("compareQueuedFrames", "1");
        if (!compare.equals("none") && counts.length > 0 && servers.contains("camstream")
                && !compare.equals(opts.getOrDefault("queuedFrames", "4"))) {
            int n = Arrays.stream(counts).max().getAsInt();
            for (String transport : transports) {
                FanoutRow row = measure("camstream", transport, n, seconds, List.of("-Xmx256m", "-XX:+UseSerialGC"), false,
                        Integer.parseInt(compare)).row;
                rows.add(row);
                System.out.println(Report.row(row));
            }
        }
        // The JDK's own cost of UDP fan-out, at the largest count, for comparison with both servers.
        List<JdkFloor.Result> floors = new ArrayList<>();
        if (counts.length > 0 && !opts.getOrDefault("floor", "true").equals("false")) {
            for (String transport : transports) {
                JdkFloor.Result fr = JdkFloor.run(transport, clip, Arrays.stream(counts).max().getAsInt(), seconds);
                floors.add(fr);
                System.out.println(fr.line());
            }
        }
        String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
        Path docs = Path.of(opts.getOrDefault("docs", "docs"));
        if (!rows.isEmpty()) FanoutPlot.write(rows, docs.resolve("fanout.png"));
        Report.writeMarkdown(docs.resolve("benchmarks.md"), rows, alloc, floors, clip, load0, load1,
                String.join(" ", ClipAccessUnits.ffmpegCommand(clipPath)), Instant.now());
        System.out.println("loadavg after: " + load1);
        System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("fanout.png"));
    }

    /** One allocation scenario row. */
    record AllocRow(String transport, boolean byteBuffer, long fed, long sent, long loopBytes, long feederBytes,
                    double frameLoss, double heapMiB) {
        double loopPerFrame() { return sent == 0 ? Double.NaN : (double) loopBytes / sent; }

        double feederPerFrame() { return fed == 0 ? Double.NaN : (double) feederBytes / fed; }

        String line() {
            return String.format(Locale.ROOT, "alloc %s send(%s) -Xmx32m 4 clients: %d fed, %d sent, loop %.1f B/frame, feeder %.1f B/frame, frame loss %.2f%%, heap %.1f MiB",
                    transport, byteBuffer ? "ByteBuffer" : "byte[]", fed, sent, loopPerFrame(), feederPerFrame(), frameLoss * 100, heapMiB);
        }
    }

    private AllocRow allocation(String transport, boolean byteBuffer, double seconds) throws Exception {
        Measured m = measure("camstream", transport, 4, seconds, List.of("-Xmx32m", "-XX:+UseSerialGC"), byteBuffer,
                queuedFrames(), ALLOC_WARMUP_MILLIS);
        Map<String, String> f = m.fields;
        return new AllocRow(transport, byteBuffer, Long.parseLong(f.get("fed")), Long.parseLong(f.get("sent")),
                Long.parseLong(f.get("loopBytes")), Long.parseLong(f.get("feederBytes")), m.row.frameLoss(), m.row.heapMiB());
    }

    private FanoutRow fanout(String server, String transport, int clients, double seconds) throws Exception {
        return measure(server, transport, clients, seconds, List.of("-Xmx256m", "-XX:+UseSerialGC"), false,
                queuedFrames()).row;
    }

    /**
     * camstream's {@code queuedFrames} option for the runs: 4 by default here (as in the conformance
     * fixture), so a loop thread not scheduled for a frame period on a loaded shared machine does not
     * send every client back to the next IDR; gst-rtsp-server's appsrc queues too (200 kB by default).
     */
    private int queuedFrames() {
        return Integer.parseInt(opts.getOrDefault("queuedFrames", "4"));
    }

    private record Measured(FanoutRow row, Map<String, String> fields) { }

    /** Warm-up before a fan-out window: JIT, every client past its first IDR. */
    static final long FANOUT_WARMUP_MILLIS = 3000;
    /**
     * Warm-up before an allocation window: past one whole loop of the 20 s clip and the first RTCP
     * sender reports. Measured (per-200 ms probe of the loop thread): the only allocations after start-up
     * come when code first meets a path (the clip's first access unit again, with its SPS/PPS/SEI, at
     * 20 s; the first report): the JIT deoptimises and re-materialises objects it had eliminated,
     * ~100–900 B once. After that the loop allocated nothing for the rest of a 40 s run.
     */
    static final long ALLOC_WARMUP_MILLIS = 30_000;

    private Measured measure(String server, String transport, int clients, double seconds, List<String> jvmArgs,
                             boolean byteBuffer, int queuedFrames) throws Exception {
        return measure(server, transport, clients, seconds, jvmArgs, byteBuffer, queuedFrames, FANOUT_WARMUP_MILLIS);
    }

    private Measured measure(String server, String transport, int clients, double seconds, List<String> jvmArgs,
                             boolean byteBuffer, int queuedFrames, long warmupMillis) throws Exception {
        Path log = work.resolve(server + "-" + transport + "-" + clients + ".log");
        if (opts.containsKey("childJvm")) { // extra JVM options for the camstream child, e.g. a JFR recording
            jvmArgs = new ArrayList<>(jvmArgs);
            jvmArgs.addAll(List.of(opts.get("childJvm").split(" ")));
        }
        boolean gst = server.equals("gst");
        try (ServerProcess sp = gst
                ? ServerProcess.gstreamer(Path.of(opts.getOrDefault("python", "/usr/bin/python3")),
                        Path.of(opts.getOrDefault("script", "benchmarks/scripts/gst_rtsp_server.py")), unitsFile, log)
                : ServerProcess.camstream(clipPath, jvmArgs, byteBuffer, queuedFrames, log);
             ReceiverHub hub = new ReceiverHub("bench-receivers")) {
            List<FrameLog> logs = new ArrayList<>();
            List<RtspHandshake> conns = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                FrameLog fl = new FrameLog();
                conns.add(hub.play(new InetSocketAddress("127.0.0.1", sp.port), sp.url, transport.equals("UDP"), fl));
                logs.add(fl);
            }
            // A few real clients beside the lightweight ones: ffmpeg copying the stream (no decode) to null.
            int ffmpegCount = clients == 10 ? Integer.parseInt(opts.getOrDefault("ffmpeg", "2")) : 0;
            List<Process> ffmpegs = new ArrayList<>();
            double ffmpegSeconds = 3 + seconds;
            for (int i = 0; i < ffmpegCount; i++) {
                ffmpegs.add(new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostats",
                        "-rtsp_transport", transport.toLowerCase(Locale.ROOT), "-i", sp.url, "-t", Double.toString(ffmpegSeconds),
                        "-c", "copy", "-f", "null", "-", "-progress", "pipe:1")
                        .redirectError(work.resolve("ffmpeg-" + server + "-" + transport + "-" + i + ".log").toFile()).start());
            }
            Thread.sleep(warmupMillis);
            sp.mark();
            long[] cpu0 = sp.cpuTicks();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long[] cpu1 = sp.cpuTicks();
            long t1 = System.nanoTime();
            long rss = sp.rssBytes();
            List<Long> timesList = new ArrayList<>();
            Map<String, String> fields = sp.report(work.resolve("send-times.txt"), timesList);
            if (opts.containsKey("verbose")) System.out.println("  " + server + " " + transport + " " + clients + ": " + fields);
            Thread.sleep(1000); // frames in flight at the end of the window
            hub.close();
            for (RtspHandshake h : conns) h.channel.close();
            StringBuilder ffmpegNote = new StringBuilder();
            for (Process p : ffmpegs) {
                String progress = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
                int frames = -1;
                for (String l : progress.split("\n")) {
                    if (l.startsWith("frame=")) frames = Integer.parseInt(l.substring(6).trim());
                }
                if (ffmpegNote.length() > 0) ffmpegNote.append(", ");
                ffmpegNote.append(frames).append('/').append(Math.round(ffmpegSeconds * ClipAccessUnits.FPS));
            }
            long[] sends = timesList.stream().mapToLong(Long::longValue).toArray();
            double window = (t1 - t0) / 1e9;
            double cpuSeconds = (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) / 100.0; // USER_HZ = 100 on Linux (getconf CLK_TCK)
            double systemSeconds = (cpu1[1] - cpu0[1]) / 100.0;
            String label = gst ? "gst-rtsp-server" : queuedFrames == queuedFrames() ? "camstream" : "camstream q=" + queuedFrames;
            return new Measured(analyse(label, transport, clients, window, sends,
                    logs, cpuSeconds, systemSeconds, fields, rss, ffmpegNote.toString()), fields);
        }
    }

    private static FanoutRow analyse(String server, String transport, int clients, double window, long[] sends,
                                     List<FrameLog> logs, double cpuSeconds, double systemSeconds,
                                     Map<String, String> f, long rss,
                                     String ffmpegFrames) {
        long period = 1_000_000_000L / ClipAccessUnits.FPS;
        List<Long> latencies = new ArrayList<>();
        long delivered = 0;
        long bytes = 0;
        long gaps = 0;
        for (FrameLog fl : logs) {
            int[] m = LatencyMatcher.match(fl, sends, period);
            for (int i = 0; i < m.length; i++) {
                if (m[i] < 0) continue;
                delivered++;
                bytes += fl.bytes(i);
                latencies.add(fl.arrival(i) - sends[m[i]]);
            }
            gaps += fl.lostPackets();
        }
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double heap = f.containsKey("heapUsed") ? Long.parseLong(f.get("heapUsed")) / 1048576.0 : -1;
        double sendWindow = sends.length < 2 ? window : (sends[sends.length - 1] - sends[0] + period) / 1e9;
        return new FanoutRow(server, transport, clients, window, sends.length, delivered, bytes * 8 / 1e6 / sendWindow,
                cpuSeconds, systemSeconds, gaps, Stats.percentile(lat, 0.5) / 1e3, Stats.percentile(lat, 0.99) / 1e3,
                Long.parseLong(f.getOrDefault("sendP50", "0")) / 1e3, Long.parseLong(f.getOrDefault("sendP99", "0")) / 1e3,
                heap, rss / 1048576.0, ffmpegFrames);
    }
}
