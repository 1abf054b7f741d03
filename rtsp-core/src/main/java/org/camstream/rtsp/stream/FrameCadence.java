package org.camstream.rtsp.stream;

/**
 * Predicts when the capture thread will call {@code send()} next, from the times of the frames it
 * sent so far, so that the event loop can be awake (polling on its own short timer) when the frame
 * arrives instead of being woken by the sender.
 *
 * <p>Why: waking a thread blocked in a selector is a syscall plus a cross-CPU wake-up, which on a VM
 * costs the <em>caller</em> 8–30 µs (measured; far more than copying the frame), and the caller is the
 * camera's capture loop. A camera sends at a steady rate, so the next frame's time is predictable.
 *
 * <p>Estimates: the period is a running mean of the intervals between frames (gain 1/8), the jitter
 * the running mean deviation from it (gain 1/16, the estimator of RFC 3550 §6.4.1 applied to send
 * times). An interval over three periods is a pause of the producer, not a new rate: it does not move
 * the period, unless four come in a row (the producer slowed down: the rate is learnt again). The window is the predicted time ± (3 × jitter + {@link #MIN_MARGIN_NANOS}), at most a
 * quarter period on each side.
 *
 * <p>Thread: event loop only.
 */
public final class FrameCadence {
    /** Margin kept on each side of the predicted time even for a perfectly regular producer. */
    static final long MIN_MARGIN_NANOS = 1_000_000;
    /** Intervals needed before predicting at all. */
    private static final int WARM_UP_FRAMES = 4;

    private long lastNanos;
    private long periodNanos;
    private long jitterNanos;
    private int intervals;
    /** Consecutive intervals over three periods: a few are a pause, more are a slower producer. */
    private int longIntervals;
    private boolean seen;

    /** The loop took a frame that the producer handed over at {@code sendNanos}. */
    public void arrived(long sendNanos) {
        if (!seen) {
            seen = true;
            lastNanos = sendNanos;
            return;
        }
        long d = sendNanos - lastNanos;
        lastNanos = sendNanos;
        if (d <= 0) return; // frames queued together (a burst): no information about the rate
        if (intervals == 0) {
            periodNanos = d;
        } else if (d > 3 * periodNanos) {
            if (++longIntervals < WARM_UP_FRAMES) return; // the producer paused; keep the rate it had
            periodNanos = d; // it stayed slow: a new rate, learnt afresh
            jitterNanos = 0;
            intervals = 0;
        } else {
            periodNanos += (d - periodNanos) / 8;
            jitterNanos += (Math.abs(d - periodNanos) - jitterNanos) / 16;
        }
        longIntervals = 0;
        if (intervals < WARM_UP_FRAMES) intervals++;
    }

    /** True once enough regular frames were seen to predict the next one. */
    public boolean predicting() {
        return intervals >= WARM_UP_FRAMES;
    }

    /** Start of the window in which the next frame is expected (the stream clock's scale). */
    public long windowStart() {
        return lastNanos + periodNanos - margin();
    }

    /** End of that window; a frame later than this finds the loop blocked, and the sender wakes it. */
    public long windowEnd() {
        return lastNanos + periodNanos + margin();
    }

    public long periodNanos() {
        return periodNanos;
    }

    private long margin() {
        return Math.min(3 * jitterNanos + MIN_MARGIN_NANOS, Math.max(MIN_MARGIN_NANOS, periodNanos / 4));
    }
}
