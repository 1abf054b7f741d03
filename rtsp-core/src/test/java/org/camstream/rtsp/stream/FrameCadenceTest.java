package org.camstream.rtsp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FrameCadenceTest {
    private static final long MS = 1_000_000;

    @Test
    void predictsNothingUntilItHasSeenARegularRate() {
        FrameCadence c = new FrameCadence();
        for (int i = 0; i < 4; i++) {
            assertThat(c.predicting()).as("after %d frames", i).isFalse();
            c.arrived(1_000 * MS + i * 33 * MS);
        }
        assertThat(c.predicting()).isFalse(); // 4 frames = 3 intervals
        c.arrived(1_000 * MS + 4 * 33 * MS);
        assertThat(c.predicting()).isTrue();
    }

    @Property
    void aSteadyProducersNextFrameFallsInsideTheWindow(@ForAll @IntRange(min = 5, max = 200) int periodMs,
                                                       @ForAll @LongRange(min = -1L << 50, max = 1L << 50) long start,
                                                       @ForAll @IntRange(min = 0, max = 500) int jitterMicros,
                                                       @ForAll long seed) {
        Random r = new Random(seed);
        FrameCadence c = new FrameCadence();
        long t = start;
        int inside = 0, predicted = 0;
        for (int i = 0; i < 200; i++) {
            long next = t + periodMs * MS + (long) ((r.nextDouble() * 2 - 1) * jitterMicros * 1000);
            if (c.predicting()) {
                predicted++;
                if (next - c.windowStart() >= 0 && c.windowEnd() - next > 0) inside++;
            }
            c.arrived(next);
            t = next;
        }
        // Jitter of at most half a millisecond stays within the minimum margin of 1 ms.
        assertThat(inside).isEqualTo(predicted).isGreaterThan(150);
        assertThat(Math.abs(c.periodNanos() - periodMs * MS)).isLessThan(MS);
    }

    @Test
    void aPauseOfTheProducerDoesNotChangeTheRate() {
        FrameCadence c = new FrameCadence();
        long t = 0;
        for (int i = 0; i < 20; i++) c.arrived(t += 40 * MS);
        c.arrived(t += 5_000 * MS);
        assertThat(c.periodNanos()).isBetween(39 * MS, 41 * MS);
        c.arrived(t += 40 * MS);
        assertThat(c.windowStart()).isLessThanOrEqualTo(t + 40 * MS).isGreaterThan(t + 30 * MS);
    }

    @Test
    void aProducerThatStaysSlowerIsLearntAgain() {
        FrameCadence c = new FrameCadence();
        long t = 0;
        for (int i = 0; i < 20; i++) c.arrived(t += 33 * MS);
        for (int i = 0; i < 3; i++) {
            c.arrived(t += 200 * MS);
            assertThat(c.periodNanos()).as("a pause, not yet a new rate").isBetween(32 * MS, 34 * MS);
        }
        for (int i = 0; i < 6; i++) c.arrived(t += 200 * MS);
        assertThat(c.predicting()).isTrue();
        assertThat(c.periodNanos()).isEqualTo(200 * MS);
        assertThat(c.windowStart()).isLessThan(t + 200 * MS);
        assertThat(c.windowEnd()).isGreaterThan(t + 200 * MS);
    }

    @Test
    void framesQueuedTogetherAreNoEvidenceOfTheRate() {
        FrameCadence c = new FrameCadence();
        long t = 0;
        for (int i = 0; i < 20; i++) c.arrived(t += 33 * MS);
        c.arrived(t);
        c.arrived(t);
        assertThat(c.periodNanos()).isBetween(32 * MS, 34 * MS);
    }

    @Test
    void theWindowIsAtMostHalfAPeriodWidePlusTheMinimum() {
        FrameCadence c = new FrameCadence();
        long t = 0;
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) c.arrived(t += 10 * MS + r.nextInt(8_000_000)); // very irregular
        assertThat(c.windowEnd() - c.windowStart()).isLessThanOrEqualTo(c.periodNanos() / 2 + 2 * FrameCadence.MIN_MARGIN_NANOS);
    }
}
