package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reading x264 at camstream's exact rate on the envelope of the encodes near it ({@link RateMath#envelopeNear}). */
class EnvelopeNearTest {
    @Test
    void interpolatesLinearlyInLogRateBetweenNeighbours() {
        // 1000 -> 30 dB, 2000 -> 36 dB: at sqrt(2) * 1000 half way, 33 dB
        double[] r = {8000, 1000, 2000}, p = {60, 30, 36};
        assertThat(RateMath.envelopeNear(r, p, 1000 * Math.sqrt(2))).isCloseTo(33, within(1e-9));
    }

    /** Two encodes at nearly the same rate, 4 dB apart: the better one counts, no steep line through both. */
    @Test
    void aDominatedEncodeIsIgnored() {
        double[] r = {477, 489.4, 490.3}, p = {32.3, 37.2, 32.9};
        assertThat(RateMath.envelopeNear(r, p, 490)).isEqualTo(37.2);
        double expected = 32.3 + 4.9 * Math.log(480 / 477.0) / Math.log(489.4 / 477);
        assertThat(RateMath.envelopeNear(r, p, 480)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void aboveTheBestEncodeThePeerKeepsItsBest() {
        double[] r = {1000, 1100}, p = {30, 31};
        assertThat(RateMath.envelopeNear(r, p, 2000)).isEqualTo(31);
    }

    @Test
    void extrapolatesAShortWayDownOnly() {
        double[] r = {1000, 1100}, p = {30, 31};
        double at = 950;
        assertThat(RateMath.envelopeNear(r, p, at)).isCloseTo(30 + Math.log(0.95) / Math.log(1.1), within(1e-9));
        assertThat(RateMath.envelopeNear(r, p, 1000 / 1.11)).isNaN();
        // no further down than the two points are apart
        assertThat(RateMath.envelopeNear(new double[] {1000, 1010}, new double[] {30, 31}, 995))
                .isCloseTo(30 + Math.log(0.995) / Math.log(1.01), within(1e-9));
        assertThat(RateMath.envelopeNear(new double[] {1000, 1010}, new double[] {30, 31}, 985)).isNaN();
        // points nearly at the lowest rate give no slope: the next one far enough gives it
        assertThat(RateMath.envelopeNear(new double[] {1000, 1002}, new double[] {30, 31}, 999)).isNaN();
        assertThat(RateMath.envelopeNear(new double[] {1000, 1002, 1100}, new double[] {30, 30.1, 31}, 950))
                .isCloseTo(30 + Math.log(0.95) / Math.log(1.1), within(1e-9));
        assertThat(RateMath.envelopeNear(new double[] {1000}, new double[] {30}, 990)).isNaN();
    }

    @Test
    void skipsFailedPointsAndNeedsOne() {
        double[] r = {1000, Double.NaN, 2000}, p = {30, 99, 36};
        assertThat(RateMath.envelopeNear(r, p, 1500)).isCloseTo(30 + 6 * Math.log(1.5) / Math.log(2), within(1e-9));
        assertThat(RateMath.envelopeNear(new double[0], new double[0], 1000)).isNaN();
    }
}
