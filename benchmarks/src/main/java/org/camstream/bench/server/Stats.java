package org.camstream.bench.server;

/** Small statistics helpers for the harness. Stateless. */
final class Stats {
    private Stats() { }

    /** Nearest-rank percentile (q in 0..1) of an ascending array; 0 for an empty one. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }
}
