package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The peer's upper envelope (issue #3 item 6, fairness) and the Bjøntegaard delta PSNR (VCEG-M33). */
class EnvelopeAndBdTest {

    /**
     * JCodec's noise sweep of the 15:16 run, in the order it was measured (QP 30 first, then upwards):
     * QP 33 (5484 kb/s, 30.12 dB) is worse than QP 36 with half the bits. At 2960 kb/s the generous value
     * is the chord from QP 36 (2764, 30.64) to QP 30 (13560, 31.35), worked out here by hand; the
     * sweep's neighbours in measuring order (QP 33 and QP 36) would give a value below 30.64, which is
     * less than what JCodec showed it can do with fewer bits.
     */
    @Test
    void noiseSweepIsJudgedByItsBestPoints() {
        double[] rates = {13_560e3, 5_484e3, 2_764e3, 2_376e3, 2_097e3, 1_967e3, 1_901e3};
        double[] psnr = {31.35, 30.12, 30.64, 29.84, 29.07, 27.94, 26.36};
        double t = Math.log(2960.0 / 2764) / Math.log(13560.0 / 2764);
        double expected = 30.64 + t * (31.35 - 30.64);
        assertThat(RateMath.envelopePsnr(rates, psnr, 2_960e3)).isCloseTo(expected, within(1e-9))
                .isGreaterThanOrEqualTo(30.64);
        // QP 33 is never the answer: at its own rate the envelope is above it
        assertThat(RateMath.envelopePsnr(rates, psnr, 5_484e3)).isGreaterThan(30.64);
    }

    /** Free disposal: at any rate the envelope is at least the best PSNR of every point with no more bits. */
    @Property
    void envelopeIsAtLeastEveryAffordablePoint(@ForAll("curve") double[][] c,
                                               @ForAll @DoubleRange(min = 0, max = 1) double where) {
        double lo = Arrays.stream(c[0]).min().orElseThrow(), hi = Arrays.stream(c[0]).max().orElseThrow();
        double r = Math.min(hi, Math.max(lo, Math.exp(Math.log(lo) + where * (Math.log(hi) - Math.log(lo)))));
        double e = RateMath.envelopePsnr(c[0], c[1], r);
        for (int i = 0; i < c[0].length; i++) {
            if (c[0][i] <= r) {
                assertThat(e).isGreaterThanOrEqualTo(c[1][i] - 1e-9);
            }
        }
        // and never above the best point measured
        assertThat(e).isLessThanOrEqualTo(Arrays.stream(c[1]).max().orElseThrow() + 1e-9);
    }

    /** The envelope's points rise in rate and PSNR, and each is a measured point. */
    @Property
    void envelopeIsIncreasingAndMadeOfMeasuredPoints(@ForAll("curve") double[][] c) {
        double[][] e = RateMath.upperEnvelope(c[0], c[1]);
        for (int i = 0; i < e[0].length; i++) {
            int k = i;
            assertThat(java.util.stream.IntStream.range(0, c[0].length)
                    .anyMatch(j -> c[0][j] == e[0][k] && c[1][j] == e[1][k])).isTrue();
            if (i > 0) {
                assertThat(e[0][i]).isGreaterThan(e[0][i - 1]);
                assertThat(e[1][i]).isGreaterThan(e[1][i - 1]);
            }
        }
        assertThat(RateMath.envelopePsnr(c[0], c[1], Arrays.stream(c[0]).min().orElseThrow() * 0.99)).isNaN();
    }

    /**
     * At the rate of a point no other point beats, the envelope is exactly that point: a curve that is
     * convex in log rate (x264 on testsrc2: 1055 kb/s 41.07 dB between 545 kb/s 36.59 and 3873 kb/s 59.93)
     * must not be lifted onto a chord above what was measured, as a concave hull would.
     */
    @Property
    void envelopePassesThroughUndominatedPoints(@ForAll("curve") double[][] c) {
        for (int i : RateMath.paretoFront(c[0], c[1])) {
            assertThat(RateMath.envelopePsnr(c[0], c[1], c[0][i])).isCloseTo(c[1][i], within(1e-9));
        }
    }

    @Test
    void convexCurveIsNotLifted() {
        double[] r = {443e3, 545e3, 1055e3, 1945e3, 3156e3, 3873e3};
        double[] p = {35.48, 36.59, 41.07, 47.78, 55.92, 59.93};
        double t = Math.log(978.0 / 545) / Math.log(1055.0 / 545); // between its own neighbours, by hand
        assertThat(RateMath.envelopePsnr(r, p, 978e3)).isCloseTo(36.59 + t * (41.07 - 36.59), within(1e-9));
    }

    /** The task's own example: the same curve shifted up by exactly 1 dB is +1.00 (and B vs A is -1.00). */
    @Test
    void curveShiftedByOneDbGivesPlusOne() {
        double[] r = {500e3, 1000e3, 2000e3, 3000e3};
        double[] a = {33.1, 36.0, 38.2, 39.4};
        double[] b = Arrays.stream(a).map(p -> p - 1).toArray();
        assertThat(RateMath.bdPsnr(r, a, r, b)).isCloseTo(1.0, within(1e-9));
        assertThat(RateMath.bdPsnr(r, b, r, a)).isCloseTo(-1.0, within(1e-9));
    }

    /**
     * Different sample rates on the same cubic in log10 rate, one shifted by d: the fits are exact, so
     * the delta is d wherever the points fall.
     */
    @Property
    void shiftedCubicSampledAtOtherRatesGivesTheShift(@ForAll @DoubleRange(min = -5, max = 5) double d,
                                                      @ForAll @DoubleRange(min = -2, max = 2) double c3,
                                                      @ForAll @DoubleRange(min = 0.01, max = 0.3) double offset) {
        double[] ra = {3e5, 8e5, 1.5e6, 4e6}, rb = new double[4];
        for (int i = 0; i < 4; i++) {
            rb[i] = ra[i] * Math.pow(10, offset);
        }
        java.util.function.DoubleUnaryOperator f = r -> {
            double x = Math.log10(r) - 6;
            return 35 + 8 * x - 3 * x * x + c3 * x * x * x;
        };
        double[] pa = Arrays.stream(ra).map(r -> f.applyAsDouble(r) + d).toArray();
        double[] pb = Arrays.stream(rb).map(f).toArray();
        assertThat(RateMath.bdPsnr(ra, pa, rb, pb)).isCloseTo(d, within(1e-6));
    }

    /**
     * A straight line in log rate against a flat curve: the mean of the line over the overlap, worked out
     * by hand (the midpoint of the overlap in log rate), not by the code under test.
     */
    @Test
    void lineAgainstFlatCurveIsItsMeanOverTheOverlap() {
        double[] ra = {1e5, 1e6, 1e7}, pa = {30, 40, 50};        // 10 dB per decade
        double[] rb = {1e6, 1e6 * Math.sqrt(10), 1e8}, pb = {35, 35, 35};
        // overlap 1e6 .. 1e7, log10 midpoint 6.5 -> line 45; minus 35
        assertThat(RateMath.bdPsnr(ra, pa, rb, pb)).isCloseTo(10, within(1e-9));
    }

    @Test
    void noOverlapOrTooFewPointsIsNaN() {
        assertThat(RateMath.bdPsnr(new double[] {1e5, 2e5}, new double[] {30, 31}, new double[] {3e5, 4e5},
                new double[] {30, 31})).isNaN();
        assertThat(RateMath.bdPsnr(new double[] {1e5}, new double[] {30}, new double[] {1e5, 4e5},
                new double[] {30, 31})).isNaN();
    }

    @Provide
    Arbitrary<double[][]> curve() {
        return Arbitraries.integers().between(1, 10).flatMap(n -> {
            Arbitrary<double[]> rates = Arbitraries.doubles().between(1e4, 1e7).array(double[].class).ofSize(n)
                    .uniqueElements();
            Arbitrary<double[]> psnr = Arbitraries.doubles().between(20, 60).array(double[].class).ofSize(n);
            return rates.flatMap(r -> psnr.map(p -> new double[][] {r, p}));
        });
    }
}
