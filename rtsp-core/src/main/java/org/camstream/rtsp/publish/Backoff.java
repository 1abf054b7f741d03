package org.camstream.rtsp.publish;

import java.util.Random;

/**
 * Exponential backoff with jitter for reconnects: attempt {@code k} waits a random time in
 * {@code [d/2, d]} with {@code d = min(max, min * 2^k)} ("equal jitter"): it grows quickly so a relay
 * that is down is not hammered, never drops to zero, and publishers that lost the same relay at the same
 * moment spread out instead of reconnecting in lockstep. Not thread-safe.
 */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final Random random;
    private int attempts;

    Backoff(long minNanos, long maxNanos, Random random) {
        if (minNanos <= 0 || maxNanos < minNanos) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + minNanos + ", " + maxNanos);
        }
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.random = random;
    }

    /** The wait before the next attempt; each call doubles the ceiling up to the maximum. */
    long next() {
        long ceiling = minNanos;
        for (int i = 0; i < attempts && ceiling < maxNanos; i++) ceiling *= 2;
        ceiling = Math.min(ceiling, maxNanos);
        attempts++;
        long half = ceiling / 2;
        return half + (long) (random.nextDouble() * (ceiling - half));
    }

    /** Back to the shortest wait (after a session reached RECORD). */
    void reset() {
        attempts = 0;
    }

    int attempts() {
        return attempts;
    }
}
