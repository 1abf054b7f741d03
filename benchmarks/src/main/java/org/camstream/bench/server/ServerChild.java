package org.camstream.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.camstream.rtsp.RtspServerStats;

/**
 * The camstream side of the fan-out benchmark, run in its own JVM so the harness's receivers are not
 * counted in its CPU time. Serves the clip at {@link ClipAccessUnits#FPS} from a feeder thread that
 * calls {@link RtspServer#send} on a fixed schedule, exactly as an application would.
 *
 * <p>Control protocol on stdin/stdout (one line each): prints {@code READY <port>}; then
 * {@code MARK} starts a measurement window, {@code REPORT <file>} ends it (writes the window's send()
 * start times, one nanoTime per line, to the file and prints a {@code REPORT key=value...} line), and
 * {@code MEM} runs a full GC and prints {@code MEM heapUsed=.. direct=.. directCount=..} (heap used after
 * it, the JDK's "direct" buffer pool), and
 * {@code QUIT} stops. Threads: the feeder writes its rings, the control thread reads them behind the
 * volatile {@link #fed} counter; everything else is confined to the control thread.
 *
 * <p>Usage: {@code ServerChild <clip.h264> [bytearray|bytebuffer] [queuedFrames]}: with {@code bytebuffer}
 * the feeder uses {@link RtspServer#send(ByteBuffer)} with pre-wrapped buffers instead of
 * {@link RtspServer#send(byte[])}; {@code queuedFrames} is the server option of that name (default 1).
 */
public final class ServerChild {
    private static final int RING = 1 << 16;
    private final long[] sendStart = new long[RING];
    private final long[] sendNanos = new long[RING];
    private volatile int fed;
    private volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        ClipAccessUnits clip = ClipAccessUnits.loadOrMake(Path.of(args[0]));
        boolean byteBuffers = args.length > 1 && args[1].equals("bytebuffer");
        int queued = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        new ServerChild().run(clip, byteBuffers, queued);
    }

    private void run(ClipAccessUnits clip, boolean byteBuffers, int queued) throws IOException, InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RtspServer server = new RtspServer(ClipAccessUnits.WIDTH, ClipAccessUnits.HEIGHT, RtspServerOptions.builder()
                .port(0).fps(ClipAccessUnits.FPS).maxClients(200).maxSessionsPerAddress(200).maxConnections(256)
                .maxConnectionsPerAddress(256).queuedFrames(queued) // every receiver is on 127.0.0.1
                .bindAddress(java.net.InetAddress.getLoopbackAddress()).build());
        Thread feeder = new Thread(() -> feed(server, clip, byteBuffers), "bench-feeder");
        feeder.setDaemon(true);
        feeder.start();
        Thread loop = findThread("camstream-rtsp-" + server.port());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        out.println("READY " + server.port());

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int markFed = 0;
        long markLoopBytes = 0;
        long markFeederBytes = 0;
        RtspServerStats markStats = server.stats();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("MARK")) {
                markFed = fed;
                markLoopBytes = threads.getThreadAllocatedBytes(loop.getId());
                markFeederBytes = threads.getThreadAllocatedBytes(feeder.getId());
                markStats = server.stats();
                out.println("OK");
            } else if (line.startsWith("REPORT ")) {
                int endFed = fed;
                long loopBytes = threads.getThreadAllocatedBytes(loop.getId()) - markLoopBytes;
                long feederBytes = threads.getThreadAllocatedBytes(feeder.getId()) - markFeederBytes;
                RtspServerStats s = server.stats();
                int n = endFed - markFed;
                long[] lat = new long[n];
                StringBuilder times = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    int k = (markFed + i) & (RING - 1);
                    lat[i] = sendNanos[k];
                    times.append(sendStart[k]).append('\n');
                }
                Files.writeString(Path.of(line.substring(7).trim()), times);
                Arrays.sort(lat);
                long sent = s.framesSent() - markStats.framesSent();
                Runtime rt = Runtime.getRuntime();
                out.println("REPORT fed=" + n + " sent=" + sent
                        + " dropped=" + (s.framesDropped() - markStats.framesDropped())
                        + " playing=" + s.playingClients()
                        + " sendP50=" + Stats.percentile(lat, 0.50) + " sendP99=" + Stats.percentile(lat, 0.99)
                        + " sendP999=" + Stats.percentile(lat, 0.999) + " sendMax=" + (n == 0 ? 0 : lat[n - 1])
                        + " loopBytes=" + loopBytes + " feederBytes=" + feederBytes
                        + " heapUsed=" + (rt.totalMemory() - rt.freeMemory()) + " heapMax=" + rt.maxMemory());
            } else if (line.equals("MEM")) {
                out.println(memory());
            } else if (line.equals("QUIT")) {
                break;
            }
        }
        running = false;
        server.stop();
        out.println("BYE");
    }

    /**
     * Heap used after a full collection ({@code System.gc()} is a full, compacting GC with SerialGC; twice,
     * so objects freed by the first one's reference processing go too) and the direct buffer pool.
     */
    private static String memory() {
        System.gc();
        System.gc();
        java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long direct = 0;
        long directCount = 0;
        for (java.lang.management.BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                direct = b.getMemoryUsed();
                directCount = b.getCount();
            }
        }
        return "MEM heapUsed=" + heap.getUsed() + " heapCommitted=" + heap.getCommitted() + " direct=" + direct
                + " directCount=" + directCount;
    }

    /** Feeder thread: one access unit every 1/FPS s on an absolute schedule; allocates nothing itself. */
    private void feed(RtspServer server, ClipAccessUnits clip, boolean byteBuffers) {
        ByteBuffer[] wrapped = new ByteBuffer[clip.size()];
        for (int i = 0; i < wrapped.length; i++) wrapped[i] = ByteBuffer.wrap(clip.get(i));
        long period = 1_000_000_000L / ClipAccessUnits.FPS;
        long next = System.nanoTime();
        int i = 0;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            long t0 = System.nanoTime();
            if (byteBuffers) server.send(wrapped[i]);
            else server.send(clip.get(i));
            long t1 = System.nanoTime();
            int k = fed & (RING - 1);
            sendStart[k] = t0;
            sendNanos[k] = t1 - t0;
            fed = fed + 1; // single writer; the volatile store publishes the ring entries
            i = i + 1 == clip.size() ? 0 : i + 1;
            next += period;
            // late (stall): catch up, but never closer than half a period, so a stall does not become a burst
            if (next - t1 < period / 2) next = t1 + period / 2;
        }
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) return t;
        }
        throw new IllegalStateException("no thread " + name);
    }
}
