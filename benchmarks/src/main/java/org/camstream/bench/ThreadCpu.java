package org.camstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread, so that the Java encoders' speed can be stated per CPU second as
 * well as per wall second: on a shared machine the wall clock also counts time the thread spent
 * preempted. Stateless.
 */
final class ThreadCpu {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** @return the calling thread's CPU time in nanoseconds, or -1 if the JVM cannot measure it */
    static long nanos() {
        return MX.isCurrentThreadCpuTimeSupported() ? MX.getCurrentThreadCpuTime() : -1;
    }

    /** @return seconds between two {@link #nanos()} readings, or NaN if either was unavailable */
    static double seconds(long from, long to) {
        return from < 0 || to < 0 ? Double.NaN : (to - from) / 1e9;
    }
}
