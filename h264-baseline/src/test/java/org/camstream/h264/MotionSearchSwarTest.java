package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The SWAR helpers of {@link MotionSearch}'s cost loops against plain per-byte arithmetic. */
class MotionSearchSwarTest {
    private static final long LANES = 0x00FF00FF00FF00FFL, BIAS = 0x0100010001000100L;

    /** Eight-byte SAD through biased 16-bit lanes equals the sum of per-byte |a - b| (no lane borrows). */
    @Property
    void laneSadEqualsByteSad(@ForAll long a, @ForAll long b) {
        long acc = MotionSearch.absLanes(((a & LANES) | BIAS) - (b & LANES))
                + MotionSearch.absLanes((((a >>> 8) & LANES) | BIAS) - ((b >>> 8) & LANES));
        int expected = 0;
        for (int i = 0; i < 8; i++) {
            expected += Math.abs((int) ((a >>> (8 * i)) & 0xFF) - (int) ((b >>> (8 * i)) & 0xFF));
        }
        assertThat(MotionSearch.sumLanes(acc)).isEqualTo(expected);
    }

    /** The lane sum holds the largest accumulation of the cost loops: 4 rows x 2 halves x 2 lane sets of 255. */
    @Test
    void laneSumHoldsTheLargestAccumulation() {
        long acc = 0;
        for (int i = 0; i < 16; i++) {
            acc += MotionSearch.absLanes(BIAS - LANES); // every lane 256 + 0 - 255
        }
        assertThat(MotionSearch.sumLanes(acc)).isEqualTo(16 * 4 * 255);
    }

    /** Byte-wise (a + b + 1) >> 1, the quarter-sample average of §8.4.2.2.1 eq. 8-250..8-261. */
    @Property
    void averageRoundsUpPerByte(@ForAll long a, @ForAll long b) {
        long avg = MotionSearch.avgBytes(a, b);
        for (int i = 0; i < 8; i++) {
            int x = (int) ((a >>> (8 * i)) & 0xFF), y = (int) ((b >>> (8 * i)) & 0xFF);
            assertThat((int) ((avg >>> (8 * i)) & 0xFF)).isEqualTo((x + y + 1) >> 1);
        }
    }
}
