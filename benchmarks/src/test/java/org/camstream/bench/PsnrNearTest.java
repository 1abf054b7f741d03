package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reading x264 at camstream's exact rate from the encodes nearest to it. */
class PsnrNearTest {
    @Test
    void interpolatesLinearlyInLogRateBetweenTheTwoNearest() {
        // 1000 -> 30 dB, 2000 -> 36 dB: at sqrt(2) * 1000 half way, 33 dB; the far point 8000 plays no part
        double[] r = {8000, 1000, 2000}, p = {60, 30, 36};
        assertThat(RateMath.psnrNear(r, p, 1000 * Math.sqrt(2))).isCloseTo(33, within(1e-9));
    }

    @Test
    void extrapolatesAShortWayOnly() {
        double[] r = {1000, 1050}, p = {30, 31};
        double at = 1100; // beyond both, within 10 % of the highest
        double expected = 30 + Math.log(at / 1000) / Math.log(1.05);
        assertThat(RateMath.psnrNear(r, p, at)).isCloseTo(expected, within(1e-9));
        assertThat(RateMath.psnrNear(r, p, 1050 * 1.11)).isNaN();
        assertThat(RateMath.psnrNear(r, p, 1000 / 1.11)).isNaN();
    }

    /** 1040 and 1050 are nearer than 900, but 900 and 1040 are the ones on either side of 1000. */
    @Test
    void prefersThePairOnEitherSide() {
        double[] r = {1050, 900, 1040}, p = {33, 30, 32};
        double expected = 30 + 2 * Math.log(1000 / 900.0) / Math.log(1040 / 900.0);
        assertThat(RateMath.psnrNear(r, p, 1000)).isCloseTo(expected, within(1e-9));
        assertThat(RateMath.psnrNear(r, p, 1040)).isEqualTo(32);
    }

    @Test
    void usesTwoDifferentRatesEvenWhenTheNearestRepeats() {
        double[] r = {1000, 1000, 1100}, p = {30, 30, 32};
        assertThat(RateMath.psnrNear(r, p, 1050)).isCloseTo(30 + 2 * Math.log(1.05) / Math.log(1.1), within(1e-9));
    }

    @Test
    void onePointCountsOnlyAtItsOwnRate() {
        assertThat(RateMath.psnrNear(new double[] {1000}, new double[] {30}, 1004)).isEqualTo(30);
        assertThat(RateMath.psnrNear(new double[] {1000}, new double[] {30}, 1020)).isNaN();
        assertThat(RateMath.psnrNear(new double[0], new double[0], 1000)).isNaN();
    }

    @Test
    void skipsFailedPoints() {
        double[] r = {1000, Double.NaN, 2000}, p = {30, 99, 36};
        assertThat(RateMath.psnrNear(r, p, 1500)).isCloseTo(30 + 6 * Math.log(1.5) / Math.log(2), within(1e-9));
    }
}
