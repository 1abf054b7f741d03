package org.camstream.bench.server;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherOptions;
import org.camstream.rtsp.RtspPublisherStats;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;

/**
 * Publisher CPU per Mbit against the server's for one client (issue #12), side by side in one run: one
 * feeder thread sends the 1280x720 ~3 Mb/s clip at 30 fps to an {@link RtspServer} played by one real
 * ffmpeg client and to an {@link RtspPublisher} pushing to ffmpeg {@code -rtsp_flags listen}; both
 * receivers copy to {@code -f null}. Measured per thread with {@code ThreadMXBean}: CPU time and
 * allocated bytes of the server's event-loop thread and of the publisher's thread over the same window,
 * divided by the Mbit each delivered (frames sent x the clip's mean access unit).
 *
 * <pre>java -cp ... org.camstream.bench.server.PublishCpuHarness [--seconds 20] [--warmup 10] [--transports tcp,udp]</pre>
 */
public final class PublishCpuHarness {
    private PublishCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path work = Path.of(opts.getOrDefault("work", "benchmarks/target/server-bench"));
        ClipAccessUnits clip = ClipAccessUnits.loadOrMake(work.resolve("clip720p.h264"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "20"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "10"));
        double meanBits = clip.bitsPerSecond() / ClipAccessUnits.FPS;
        System.out.printf(Locale.ROOT, "%s on %d CPUs, loadavg %s; clip %d units, %.2f Mb/s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim(),
                clip.size(), clip.bitsPerSecond() / 1e6);
        List<String> rows = new ArrayList<>();
        for (String t : opts.getOrDefault("transports", "tcp,udp").split(",")) {
            rows.addAll(run(clip, t.toUpperCase(Locale.ROOT), seconds, warmup, meanBits));
        }
        System.out.println("| transport | side | delivered Mb/s | thread CPU % | CPU ms per Mbit | allocated B/frame | frames sent / dropped |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println("loadavg after: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static List<String> run(ClipAccessUnits clip, String transport, double seconds, double warmup,
            double meanBits) throws Exception {
        int listenPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listenPort = s.getLocalPort();
        }
        Process relay = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-rtsp_flags", "listen",
                "-rtsp_transport", transport.toLowerCase(Locale.ROOT), "-i", "rtsp://127.0.0.1:" + listenPort + "/live",
                "-c", "copy", "-f", "null", "-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RtspServer server = new RtspServer(ClipAccessUnits.WIDTH, ClipAccessUnits.HEIGHT, RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).queuedFrames(4).build());
        Process viewer = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport",
                transport.toLowerCase(Locale.ROOT), "-i", server.url(), "-c", "copy", "-f", "null", "-")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(500); // ffmpeg listen binds its port
        RtspPublisher pub = new RtspPublisher("rtsp://127.0.0.1:" + listenPort + "/live", ClipAccessUnits.WIDTH,
                ClipAccessUnits.HEIGHT, RtspPublisherOptions.builder().queuedFrames(4)
                .transport(RtspPublisherOptions.Transport.valueOf(transport)).build());
        Thread feeder = new Thread(() -> {
            long period = TimeUnit.SECONDS.toNanos(1) / ClipAccessUnits.FPS;
            long next = System.nanoTime();
            for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
                byte[] au = clip.get((int) (n % clip.size()));
                server.send(au);
                pub.send(au);
                next += period;
                long wait;
                while ((wait = next - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) LockSupport.parkNanos(wait);
            }
        }, "bench-feeder");
        feeder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((pub.stats().state() != RtspPublisherStats.State.PUBLISHING || server.stats().playingClients() < 1)
                    && System.nanoTime() < deadline) Thread.sleep(50);
            if (pub.stats().state() != RtspPublisherStats.State.PUBLISHING) throw new IllegalStateException("publisher: " + pub.stats());
            Thread.sleep((long) (warmup * 1000));
            long serverTid = threadId("camstream-rtsp-");
            long pubTid = threadId("camstream-publish-");
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long sCpu0 = mx.getThreadCpuTime(serverTid), pCpu0 = mx.getThreadCpuTime(pubTid);
            long sAlloc0 = mx.getThreadAllocatedBytes(serverTid), pAlloc0 = mx.getThreadAllocatedBytes(pubTid);
            long sSent0 = server.stats().framesSent(), pSent0 = pub.stats().framesSent();
            long sDrop0 = server.stats().framesDropped(), pDrop0 = pub.stats().framesDropped();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long wall = System.nanoTime() - t0;
            long sCpu = mx.getThreadCpuTime(serverTid) - sCpu0, pCpu = mx.getThreadCpuTime(pubTid) - pCpu0;
            long sAlloc = mx.getThreadAllocatedBytes(serverTid) - sAlloc0, pAlloc = mx.getThreadAllocatedBytes(pubTid) - pAlloc0;
            long sSent = server.stats().framesSent() - sSent0, pSent = pub.stats().framesSent() - pSent0;
            long sDrop = server.stats().framesDropped() - sDrop0, pDrop = pub.stats().framesDropped() - pDrop0;
            List<String> rows = new ArrayList<>();
            rows.add(row(transport, "server loop, 1 ffmpeg client", sCpu, sAlloc, sSent, sDrop, wall, meanBits));
            rows.add(row(transport, "publisher thread, ffmpeg listen", pCpu, pAlloc, pSent, pDrop, wall, meanBits));
            return rows;
        } finally {
            feeder.interrupt();
            feeder.join();
            pub.stop();
            server.stop();
            viewer.destroyForcibly().waitFor();
            relay.destroyForcibly().waitFor();
        }
    }

    private static String row(String transport, String side, long cpuNanos, long allocBytes, long sent, long dropped,
            long wallNanos, double meanBits) {
        double mbit = sent * meanBits / 1e6;
        return String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.3f | %.1f | %d / %d |", transport, side,
                mbit / (wallNanos / 1e9), 100.0 * cpuNanos / wallNanos, cpuNanos / 1e6 / mbit,
                sent == 0 ? 0.0 : (double) allocBytes / sent, sent, dropped);
    }

    private static long threadId(String prefix) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) return t.getId();
        }
        throw new IllegalStateException("no thread named " + prefix + "*");
    }
}
