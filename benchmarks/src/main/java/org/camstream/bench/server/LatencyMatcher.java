package org.camstream.bench.server;

import java.util.Arrays;

/**
 * Pairs each frame a receiver got with the server-side send() call that produced it, so latency is
 * measured against the exact send time on the same clock (CLOCK_MONOTONIC: Java's System.nanoTime and
 * Python's time.monotonic_ns, in different processes on one host).
 *
 * <p>Both servers stamp frames with a 90 kHz RTP clock (RFC 6184 §5.1) that advances with send time,
 * so arrival − ts/90 kHz = latency + a per-session constant C. The smallest value over the session
 * estimates C (plus the smallest latency, far below half a frame period); each frame is then paired
 * with the send time nearest to ts/90 kHz + C, if one lies within half a period. Stateless.
 */
final class LatencyMatcher {
    private LatencyMatcher() { }

    /**
     * For frame i of {@code log}: the index into {@code sendTimes} (ascending) it came from, or -1.
     * Only complete frames are matched.
     */
    static int[] match(FrameLog log, long[] sendTimes, long periodNanos) {
        int n = log.frames();
        int[] result = new int[n];
        Arrays.fill(result, -1);
        if (n == 0 || sendTimes.length == 0) return result;
        long[] u = new long[n]; // RTP time in ns, unwrapped relative to the first frame
        long ticks = 0;
        for (int i = 1; i < n; i++) {
            ticks += log.timestamp(i) - log.timestamp(i - 1); // signed 32-bit step: survives wrap-around
            u[i] = Math.floorDiv(ticks * 100_000L, 9L); // 90 kHz -> ns
        }
        long c = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (log.complete(i)) c = Math.min(c, log.arrival(i) - u[i]);
        }
        if (c == Long.MAX_VALUE) return result;
        for (int i = 0; i < n; i++) {
            if (!log.complete(i)) continue;
            long predicted = u[i] + c;
            int k = Arrays.binarySearch(sendTimes, predicted);
            if (k < 0) k = -k - 1;
            int best = -1;
            long bestD = Long.MAX_VALUE;
            for (int j = Math.max(0, k - 1); j <= Math.min(sendTimes.length - 1, k); j++) {
                long d = Math.abs(sendTimes[j] - predicted);
                if (d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            if (bestD <= periodNanos / 2 && log.arrival(i) >= sendTimes[best]) result[i] = best;
        }
        return result;
    }
}
