package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.stream.FrameCadence;
import org.junit.jupiter.api.Test;

/**
 * The loop's wait decision ({@link EventLoop#waitPlan}): block in the selector until the next timer or
 * the predicted frame, poll when the frame is due. Pure arithmetic on given times.
 */
class EventLoopWaitTest {
    private static final long MS = 1_000_000;
    private static final long T0 = 5_000_000 * MS;

    /** A cadence that saw frames every 20 ms, the last at {@code T0}. */
    private static FrameCadence steady20ms() {
        FrameCadence c = new FrameCadence();
        for (int i = 10; i >= 0; i--) c.arrived(T0 - i * 20 * MS);
        assertThat(c.predicting()).isTrue();
        return c;
    }

    @Test
    void withoutAPredictionTheLoopBlocksUntilTheNextTick() {
        FrameCadence none = new FrameCadence();
        assertThat(EventLoop.waitPlan(none, T0, T0 + 200 * MS)).isEqualTo(200 * MS);
    }

    @Test
    void beforeTheWindowTheLoopBlocksUntilItOpens() {
        // Window: T0 + 20 ms +- 1 ms (a perfectly regular producer keeps the minimum margin).
        assertThat(EventLoop.waitPlan(steady20ms(), T0 + MS, T0 + 200 * MS)).isEqualTo(18 * MS);
        // The tick comes first: wait for the tick.
        assertThat(EventLoop.waitPlan(steady20ms(), T0 + MS, T0 + 5 * MS)).isEqualTo(4 * MS);
    }

    @Test
    void inTheWindowOrJustBeforeItTheLoopPolls() {
        FrameCadence c = steady20ms();
        assertThat(EventLoop.waitPlan(c, T0 + 19_500_000, T0 + 200 * MS)).isEqualTo(-EventLoop.POLL_NANOS);
        assertThat(EventLoop.waitPlan(c, T0 + 20 * MS, T0 + 200 * MS)).isEqualTo(-EventLoop.POLL_NANOS);
        // 0.6 ms before the window opens: less than a select granule, so park that long, then poll.
        assertThat(EventLoop.waitPlan(c, T0 + 18_400_000, T0 + 200 * MS)).isEqualTo(-600_000);
    }

    @Test
    void afterTheWindowTheLoopBlocksAgain() {
        assertThat(EventLoop.waitPlan(steady20ms(), T0 + 21 * MS, T0 + 200 * MS)).isEqualTo(179 * MS);
    }
}
