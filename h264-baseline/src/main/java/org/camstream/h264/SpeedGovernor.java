package org.camstream.h264;

/**
 * Adaptive speed (EncoderConfig.adaptiveSpeed): picks the preset of the next frame from the measured
 * encode time of the last ones against the frame interval, so that a capture loop keeps its frame rate
 * on a slower or busier machine. An encoder policy, not part of H.264.
 *
 * <p>Hysteresis, so that it neither oscillates nor reacts to one slow IDR picture:
 * <ul>
 *   <li>faster: after {@link #SLOW_FRAMES} frames in a row over {@link #SLOW_SHARE} of the interval;
 *   <li>slower (never slower than the configured preset): after {@link #FAST_FRAMES} frames in a row
 *       under {@link #FAST_SHARE} of the interval (the next slower preset costs up to about twice as
 *       much);
 *   <li>after a change, the first {@link #SETTLE_FRAMES} frames are not judged (the new preset's times
 *       replace the old ones).
 * </ul>
 * State and transitions live here only; the encoder reports each frame's time to {@link #frameDone}.
 */
final class SpeedGovernor {
    static final int SLOW_FRAMES = 3;
    static final double SLOW_SHARE = 0.9;
    static final int FAST_FRAMES = 60;
    static final double FAST_SHARE = 0.45;
    static final int SETTLE_FRAMES = 5;

    private final Preset slowest;
    private final boolean enabled;
    private final long slowNanos, fastNanos;
    private Preset active;
    private int slowRun, fastRun, settle;
    private long changes;

    /**
     * @param configured the configured preset: the start, and the slowest the governor returns to
     * @param fps        the frame rate whose interval is the budget
     * @param enabled    false: always the configured preset
     */
    SpeedGovernor(Preset configured, int fps, boolean enabled) {
        this.slowest = configured;
        this.active = configured;
        this.enabled = enabled;
        long interval = 1_000_000_000L / fps;
        this.slowNanos = (long) (interval * SLOW_SHARE);
        this.fastNanos = (long) (interval * FAST_SHARE);
    }

    /** @return the preset for the next frame */
    Preset active() {
        return active;
    }

    /** @return how many times the active preset changed */
    long changes() {
        return changes;
    }

    /** Records the encode time of the frame just coded with {@link #active()}; may change it. */
    void frameDone(long nanos) {
        if (!enabled) {
            return;
        }
        if (settle > 0) {
            settle--;
            return;
        }
        slowRun = nanos > slowNanos ? slowRun + 1 : 0;
        fastRun = nanos < fastNanos ? fastRun + 1 : 0;
        if (slowRun >= SLOW_FRAMES && active != Preset.FASTEST) {
            change(active.faster());
        } else if (fastRun >= FAST_FRAMES && active != slowest) {
            change(active.slower());
        }
    }

    private void change(Preset next) {
        active = next;
        changes++;
        slowRun = 0;
        fastRun = 0;
        settle = SETTLE_FRAMES;
    }
}
