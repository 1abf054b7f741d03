package org.camstream.rtsp.stream;

/**
 * One stream's requests for an IDR, coalesced and rate-limited before they reach the producer's
 * keyframe callback (issue 10 High 4, Medium 5): at most one callback per interval, however many
 * sessions ask and however often. RFC 4585 §6.3.1 (PLI) and RFC 5104 §4.3.1.2 (FIR) let a media
 * sender throttle its answers to such requests; one IDR answers every viewer at once, since each
 * frame is packetized once for all of them.
 *
 * <p>A request inside the interval is remembered, not dropped: the callback runs once the interval
 * since the last one has passed ({@link #poll}), unless an IDR reached the viewers meanwhile
 * ({@link #idrDelivered}), which answers it. So a session waiting for an IDR gets one within the
 * interval (plus the producer's delay to the next frame), and the producer is asked at most once per
 * interval. An interval of 0 forwards every request at once (no limit).
 *
 * <p>Thread: event loop only (the counters are atomics, read from any thread). Allocates nothing.
 */
final class KeyframeRequests {
    private final Runnable callback;
    private final long intervalNanos;
    private final StreamCounters counters;
    private boolean forwardedOnce;
    private long lastForwardNanos;
    private boolean pending;

    /**
     * @param callback the producer's keyframe callback; must not block
     * @param intervalNanos shortest time between two callbacks, 0 for none
     */
    KeyframeRequests(Runnable callback, long intervalNanos, StreamCounters counters) {
        if (intervalNanos < 0) throw new IllegalArgumentException("interval must be >= 0, got " + intervalNanos);
        this.callback = callback;
        this.intervalNanos = intervalNanos;
        this.counters = counters;
    }

    /** A viewer needs an IDR (it starts playing, lost a frame, or sent a PLI/FIR that was honoured). */
    void request(long nowNanos) {
        counters.keyframeRequests.incrementAndGet();
        if (intervalOver(nowNanos)) {
            forward(nowNanos);
        } else {
            pending = true;
            counters.keyframeRequestsSuppressed.incrementAndGet();
        }
    }

    /** Runs the remembered request once the interval is over; call on every frame and loop tick. */
    void poll(long nowNanos) {
        if (pending && intervalOver(nowNanos)) forward(nowNanos);
    }

    /** An IDR reached the viewers: a remembered request is answered by it. */
    void idrDelivered() {
        pending = false;
    }

    /** True while a request waits for the interval to end. */
    boolean pending() {
        return pending;
    }

    private boolean intervalOver(long nowNanos) {
        return !forwardedOnce || nowNanos - lastForwardNanos >= intervalNanos;
    }

    private void forward(long nowNanos) {
        forwardedOnce = true;
        lastForwardNanos = nowNanos;
        pending = false;
        counters.keyframesForced.incrementAndGet();
        callback.run();
    }
}
