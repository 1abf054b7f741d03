package org.camstream.bench.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import org.camstream.examples.LiveCameraDemo;

/**
 * The live camera demo ({@link LiveCameraDemo}, exactly what {@code ./demo} runs), unchanged, in the
 * soak's child JVM, plus one daemon thread that answers the harness on stdin: {@code SAMPLE} prints
 * {@code SAMPLE heapUsed=.. heapCommitted=.. heapPeak=.. liveAfterGc=.. direct=.. directCount=..
 * gcCount=.. gcMillis=..}; {@code QUIT} exits (the demo's shutdown hook stops the server). Never forces
 * a GC: the soak watches the demo as it runs. The demo's own status lines (every 5 s) go to stdout too.
 *
 * <p>{@code heapPeak} is the sum of the heap pools' peak usage (an upper bound of the peak of heap used:
 * the pools peak at different moments); {@code liveAfterGc} is the old generation's usage after its
 * last collection (what survived), or -1 before the first old collection.
 *
 * <p>Usage: {@code DemoSoakChild [LiveCameraDemo options]}.
 */
public final class DemoSoakChild {
    private DemoSoakChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Thread control = new Thread(() -> control(out), "soak-control");
        control.setDaemon(true);
        control.start();
        LiveCameraDemo.main(args);
    }

    private static void control(PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("SAMPLE")) {
                    out.println(sample());
                } else if (line.equals("QUIT")) {
                    break;
                }
            }
        } catch (java.io.IOException e) {
            // the harness went away: stop too
        }
        System.exit(0);
    }

    static String sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long peak = 0;
        long liveAfterGc = -1;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP) continue;
            peak += p.getPeakUsage().getUsed();
            String n = p.getName();
            if (n.contains("Tenured") || n.contains("Old")) {
                MemoryUsage c = p.getCollectionUsage();
                if (c != null && oldCollections() > 0) liveAfterGc = c.getUsed();
            }
        }
        long direct = 0;
        long directCount = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                direct = b.getMemoryUsed();
                directCount = b.getCount();
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, g.getCollectionCount());
            gcMillis += Math.max(0, g.getCollectionTime());
        }
        return "SAMPLE heapUsed=" + heap.getUsed() + " heapCommitted=" + heap.getCommitted() + " heapMax=" + heap.getMax()
                + " heapPeak=" + peak + " liveAfterGc=" + liveAfterGc + " direct=" + direct + " directCount=" + directCount
                + " gcCount=" + gcCount + " gcMillis=" + gcMillis + " oldGcCount=" + oldCollections();
    }

    /** Collections of the old generation (SerialGC: "MarkSweepCompact"; others: a name with "Old" or "MarkSweep"). */
    private static long oldCollections() {
        long n = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = g.getName();
            if (name.contains("MarkSweep") || name.contains("Old")) n += Math.max(0, g.getCollectionCount());
        }
        return n;
    }
}
