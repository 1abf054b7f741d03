package org.camstream.rtsp.testing;

import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.runtime.Clock;

/**
 * A clock that moves only when a test says so. Both readings advance together; the monotonic one
 * starts at an arbitrary large value (as {@code System.nanoTime()} may), the wall one at a fixed date.
 * Thread-safe.
 */
public final class FakeClock implements Clock {
    private volatile long nanos = 1_000_000_000_000L;
    private volatile long wallMillis = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long currentTimeMillis() {
        return wallMillis;
    }

    /** Moves both clocks forward. */
    public synchronized void advance(long amount, TimeUnit unit) {
        long n = unit.toNanos(amount);
        nanos += n;
        wallMillis += TimeUnit.NANOSECONDS.toMillis(n);
    }

    public void advanceMillis(long millis) {
        advance(millis, TimeUnit.MILLISECONDS);
    }
}
