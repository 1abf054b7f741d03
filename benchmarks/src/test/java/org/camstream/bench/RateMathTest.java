package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The report's arithmetic: bitrate, median, log-rate interpolation, Pareto front. */
class RateMathTest {

    /** 1000 bytes per frame at 30 fps is 8 * 1000 * 30 bits per second, whatever the frame count. */
    @Property
    void bitrateIsBytesPerFrameTimesEightTimesFps(@ForAll @IntRange(min = 1, max = 10_000) int frames,
                                                   @ForAll @IntRange(min = 1, max = 240) int fps,
                                                   @ForAll @IntRange(min = 0, max = 100_000) int bytesPerFrame) {
        double r = RateMath.bitrate((long) bytesPerFrame * frames, frames, fps);
        assertThat(r).isCloseTo(8.0 * bytesPerFrame * fps, within(1e-6 * (1 + r)));
    }

    @Test
    void bitrateRejectsNoFrames() {
        assertThatThrownBy(() -> RateMath.bitrate(10, 0, 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(RateMath.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(RateMath.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    /** At least half the values are <= the median and at least half are >=; the input is left as it was. */
    @Property
    void medianSplitsTheValuesInHalf(@ForAll @Size(min = 1, max = 20) double[] raw) {
        double[] v = Arrays.stream(raw).map(d -> Double.isFinite(d) ? d : 0).toArray();
        double[] before = v.clone();
        double m = RateMath.median(v);
        assertThat(v).containsExactly(before);
        long le = Arrays.stream(v).filter(d -> d <= m).count();
        long ge = Arrays.stream(v).filter(d -> d >= m).count();
        assertThat(2 * le).isGreaterThanOrEqualTo(v.length);
        assertThat(2 * ge).isGreaterThanOrEqualTo(v.length);
    }

    /** Halfway in log rate between two points (their geometric mean) lies halfway in PSNR. */
    @Test
    void interpolatesLinearlyInLogRate() {
        double[] rates = {4_000_000, 1_000_000};
        double[] psnr = {40, 30};
        assertThat(RateMath.psnrAtBitrate(rates, psnr, 2_000_000)).isCloseTo(35, within(1e-9));
        assertThat(RateMath.psnrAtBitrate(rates, psnr, 1_000_000)).isCloseTo(30, within(1e-9));
        assertThat(RateMath.psnrAtBitrate(rates, psnr, 4_000_000)).isCloseTo(40, within(1e-9));
    }

    @Test
    void doesNotExtrapolate() {
        double[] rates = {1_000_000, 2_000_000};
        double[] psnr = {30, 35};
        assertThat(RateMath.psnrAtBitrate(rates, psnr, 999_999)).isNaN();
        assertThat(RateMath.psnrAtBitrate(rates, psnr, 2_000_001)).isNaN();
    }

    /** Within the range, the interpolated PSNR lies between the PSNRs of the bracketing points. */
    @Property
    void interpolationStaysBetweenNeighbours(@ForAll("curve") double[][] curve,
                                             @ForAll @DoubleRange(min = 0, max = 1) double where) {
        double[] rates = curve[0], psnr = curve[1];
        double lo = Arrays.stream(rates).min().orElseThrow(), hi = Arrays.stream(rates).max().orElseThrow();
        double r = Math.min(hi, Math.max(lo, lo + where * (hi - lo))); // rounding must not leave [lo, hi]
        double p = RateMath.psnrAtBitrate(rates, psnr, r);
        double below = Double.NEGATIVE_INFINITY, above = Double.POSITIVE_INFINITY;
        int ib = -1, ia = -1;
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] <= r && rates[i] > below) {
                below = rates[i];
                ib = i;
            }
            if (rates[i] >= r && rates[i] < above) {
                above = rates[i];
                ia = i;
            }
        }
        assertThat(p).isBetween(Math.min(psnr[ib], psnr[ia]) - 1e-9, Math.max(psnr[ib], psnr[ia]) + 1e-9);
    }

    @Test
    void paretoFrontDropsDominatedPoints() {
        double[] rates = {100, 200, 300, 250};
        double[] psnr = {30, 29, 40, 41};
        // 200 kb/s at 29 dB is beaten by 100 at 30; 300 at 40 is beaten by 250 at 41
        assertThat(RateMath.paretoFront(rates, psnr)).containsExactlyInAnyOrder(0, 3);
    }

    /** No kept point is dominated, and every dropped point is dominated by a kept one. */
    @Property
    void paretoFrontIsExactlyTheUndominatedPoints(@ForAll("curve") double[][] curve) {
        double[] r = curve[0], p = curve[1];
        int[] front = RateMath.paretoFront(r, p);
        boolean[] kept = new boolean[r.length];
        for (int i : front) {
            kept[i] = true;
        }
        for (int i = 0; i < r.length; i++) {
            boolean dominatedByKept = false, dominatedByAny = false;
            for (int j = 0; j < r.length; j++) {
                boolean d = j != i && r[j] <= r[i] && p[j] >= p[i] && (r[j] < r[i] || p[j] > p[i]);
                dominatedByAny |= d;
                dominatedByKept |= d && kept[j];
            }
            assertThat(kept[i]).isEqualTo(!dominatedByAny);
            if (!kept[i]) {
                assertThat(dominatedByKept).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<double[][]> curve() {
        return Arbitraries.integers().between(2, 8).flatMap(n -> {
            Arbitrary<double[]> rates = Arbitraries.doubles().between(1e4, 1e7).array(double[].class).ofSize(n)
                    .uniqueElements(); // equal rates with different PSNRs have no single neighbour
            Arbitrary<double[]> psnr = Arbitraries.doubles().between(20, 60).array(double[].class).ofSize(n);
            return rates.flatMap(r -> psnr.map(p -> new double[][] {r, p}));
        });
    }
}
