package org.camstream.conformance.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One sample of the JVM resources a leak would grow: open file descriptors ({@code /proc/self/fd}),
 * live threads by name, and heap used after garbage collection.
 *
 * <p>Threads named "process reaper" are left out: the JDK parks one per external process it waits
 * for, in a pool that keeps idle threads alive for a while after the process ended, so their
 * number says nothing about the server.
 *
 * @param fds open file descriptors of this JVM
 * @param threads names of live threads (sorted, with duplicates as separate entries)
 * @param heapBytes heap used after {@link System#gc()} (the smallest of a few tries)
 */
record SoakResources(int fds, List<String> threads, long heapBytes) {

    static SoakResources sample() throws InterruptedException {
        return new SoakResources(countFds(), threadNames(), heapAfterGc());
    }

    static int countFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot count open file descriptors (Linux /proc needed)", e);
        }
    }

    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.equals("process reaper"))
                .sorted()
                .collect(Collectors.toList());
    }

    /** Heap used after GC: several collections with pauses, keeping the minimum (finalization, soft refs). */
    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            min = Math.min(min, mx.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    /** Thread names present now but not in {@code baseline} (by multiset difference), for messages. */
    String newThreadsSince(SoakResources baseline) {
        List<String> extra = new java.util.ArrayList<>(threads);
        for (String t : baseline.threads) extra.remove(t);
        return String.join(", ", new TreeSet<>(extra));
    }

    @Override
    public String toString() {
        return fds + " fds, " + threads.size() + " threads, " + (heapBytes >> 10) + " KiB heap after GC";
    }
}
