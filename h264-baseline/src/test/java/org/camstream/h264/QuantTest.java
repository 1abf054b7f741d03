package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link Quant}: the decoder-side scaling against §8.5.9-§8.5.12.1 restated here, the
 * encoder-side quantiser against its defining formula with multipliers derived from the spec's
 * normAdjust table, and the whole quantise / scale / inverse-transform loop against an error
 * bound derived from first principles (see {@link #roundTripBound}).
 */
class QuantTest {

    // ------------------------------------------------------------------ spec restatement

    /** §8.5.9: normAdjust4x4 v_m0 (i, j both even), v_m1 (both odd), v_m2 (otherwise). */
    private static final int[][] NORM_ADJUST = {
        {10, 16, 13}, {11, 18, 14}, {13, 20, 16}, {14, 23, 18}, {16, 25, 20}, {18, 29, 23},
    };

    static int normAdjust(int m, int i, int j) {
        if (i % 2 == 0 && j % 2 == 0) {
            return NORM_ADJUST[m][0];
        }
        if (i % 2 == 1 && j % 2 == 1) {
            return NORM_ADJUST[m][1];
        }
        return NORM_ADJUST[m][2];
    }

    /** LevelScale4x4 with the flat weightScale4x4 = 16 of Constrained Baseline (§8.5.9). */
    static int levelScale(int m, int i, int j) {
        return 16 * normAdjust(m, i, j);
    }

    /** Dot product of row i of Cf with row i of the §8.5.12.2 inverse basis: 4, 5, 4, 5. */
    static int n(int i) {
        return i % 2 == 0 ? 4 : 5;
    }

    /** Encoder multiplier, defined so that MF · v · n_i · n_j ≈ 2^21: round(2^21 / (v n_i n_j)). */
    static long mf(int m, int i, int j) {
        long den = (long) normAdjust(m, i, j) * n(i) * n(j);
        return ((1L << 22) + den) / (2 * den);
    }

    static int quantFormula(int w, long mf, int qbits, BigInteger f) {
        BigInteger mag = BigInteger.valueOf(Math.abs((long) w)).multiply(BigInteger.valueOf(mf))
                .add(f).shiftRight(qbits);
        int level = mag.intValueExact();
        return w < 0 ? -level : level;
    }

    // ------------------------------------------------------------------ arbitraries

    @Provide
    Arbitrary<int[]> coefficients() {
        // |W| of an 8-bit residual's 4x4 transform is at most 255 · 6 · 6 = 9180
        return Arbitraries.integers().between(-9180, 9180).array(int[].class).ofSize(16);
    }

    @Provide
    Arbitrary<int[]> levels() {
        return Arbitraries.integers().between(-2063, 2063).array(int[].class).ofSize(16);
    }

    @Provide
    Arbitrary<int[]> dcLevels4() {
        return Arbitraries.integers().between(-2063, 2063).array(int[].class).ofSize(4);
    }

    @Provide
    Arbitrary<int[]> dcTransformed() {
        // |(H W H) / 2| <= 16 · 4080 / 2
        return Arbitraries.integers().between(-32640, 32640).array(int[].class).ofSize(16);
    }

    @Provide
    Arbitrary<int[]> residual4x4() {
        return Arbitraries.integers().between(-255, 255).array(int[].class).ofSize(16);
    }

    @Provide
    Arbitrary<int[]> residual16x16() {
        return Arbitraries.integers().between(-255, 255).array(int[].class).ofSize(256);
    }

    @Provide
    Arbitrary<int[]> residual8x8() {
        return Arbitraries.integers().between(-255, 255).array(int[].class).ofSize(64);
    }

    // ------------------------------------------------------------------ forward quantisation

    /**
     * The dead-zone offset f for {@code qbits}: 2^qbits / 3 for intra blocks; for inter blocks 2^qbits / 3
     * up to QP 20, 2^qbits / 6 from QP 32, and 2^qbits * (1/3 - (qp - 20) / 72) in between.
     */
    private static BigInteger offset(int qbits, int qp, boolean intra) {
        BigInteger step = BigInteger.ONE.shiftLeft(qbits);
        if (intra || qp <= 20) {
            return step.divide(BigInteger.valueOf(3));
        }
        if (qp >= 32) {
            return step.divide(BigInteger.valueOf(6));
        }
        return step.multiply(BigInteger.valueOf(24 - (qp - 20))).divide(BigInteger.valueOf(72));
    }

    @Test
    void theInterDeadZoneWidensFromTheIntraOneAtFineStepsToASixthAtCoarseOnes() {
        long previous = Long.MAX_VALUE;
        for (int qp = 0; qp <= 51; qp++) {
            long inter = Quant.roundingOffset(20, qp, false), intra = Quant.roundingOffset(20, qp, true);
            assertThat(intra).isEqualTo((1L << 20) / 3);
            assertThat(inter).as("qp %d", qp).isLessThanOrEqualTo(previous).isBetween((1L << 20) / 6, intra);
            previous = inter;
        }
        assertThat(Quant.roundingOffset(20, 20, false)).isEqualTo((1L << 20) / 3);
        assertThat(Quant.roundingOffset(20, 26, false)).isEqualTo((1L << 20) / 4);
        assertThat(Quant.roundingOffset(20, 32, false)).isEqualTo((1L << 20) / 6);
    }

    /** level = sign(W) · ((|W| · MF + f) &gt;&gt; qbits), f as {@link #offset}. */
    @Property
    void quant4x4MatchesTheFormula(@ForAll("coefficients") int[] w, @ForAll @IntRange(max = 51) int qp,
            @ForAll boolean intra, @ForAll @IntRange(max = 1) int startIndex) {
        int qbits = 15 + qp / 6;
        BigInteger f = offset(qbits, qp, intra);
        int[] out = new int[16];
        java.util.Arrays.fill(out, 99);
        int nonzero = Quant.quant4x4(w, qp, intra, out, startIndex);
        int expectedNonzero = 0;
        for (int k = 0; k < 16; k++) {
            int expected = k < startIndex ? 0 : quantFormula(w[k], mf(qp % 6, k / 4, k % 4), qbits, f);
            assertThat(out[k]).as("level %d at qp %d", k, qp).isEqualTo(expected);
            if (expected != 0) {
                expectedNonzero++;
            }
        }
        assertThat(nonzero).isEqualTo(expectedNonzero);
    }

    /** Luma DC: qbits + 1 and f as {@link #offset} for qbits + 1, MF at position (0,0). */
    @Property
    void quantLumaDcMatchesTheFormula(@ForAll("dcTransformed") int[] dcT, @ForAll @IntRange(max = 51) int qp,
            @ForAll boolean intra) {
        int qbits = 16 + qp / 6;
        BigInteger f = offset(qbits, qp, intra);
        int[] out = new int[16];
        int nonzero = Quant.quantLumaDc(dcT, qp, intra, out);
        int expectedNonzero = 0;
        for (int k = 0; k < 16; k++) {
            int expected = quantFormula(dcT[k], mf(qp % 6, 0, 0), qbits, f);
            assertThat(out[k]).isEqualTo(expected);
            expectedNonzero += expected != 0 ? 1 : 0;
        }
        assertThat(nonzero).isEqualTo(expectedNonzero);
    }

    @Property
    void quantChromaDcMatchesTheFormula(@ForAll("dcLevels4") int[] seed, @ForAll @IntRange(max = 39) int qpc,
            @ForAll boolean intra) {
        int[] dcT = new int[4];
        for (int k = 0; k < 4; k++) {
            dcT[k] = seed[k] * 8; // |H W H| <= 4 · 4080
        }
        int qbits = 16 + qpc / 6;
        BigInteger f = offset(qbits, qpc, intra);
        int[] out = new int[4];
        int nonzero = Quant.quantChromaDc(dcT, qpc, intra, out);
        int expectedNonzero = 0;
        for (int k = 0; k < 4; k++) {
            int expected = quantFormula(dcT[k], mf(qpc % 6, 0, 0), qbits, f);
            assertThat(out[k]).isEqualTo(expected);
            expectedNonzero += expected != 0 ? 1 : 0;
        }
        assertThat(nonzero).isEqualTo(expectedNonzero);
    }

    // ------------------------------------------------------------------ decoder-side scaling

    /** §8.5.12.1 with LevelScale4x4 = 16 · normAdjust4x4; d_00 passed through when startIndex is 1. */
    @Property
    void dequant4x4Matches8_5_12_1(@ForAll("levels") int[] c, @ForAll @IntRange(max = 51) int qp,
            @ForAll @IntRange(max = 1) int startIndex) {
        int[] d = new int[16];
        Quant.dequant4x4(c, qp, d, startIndex);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int k = i * 4 + j;
                long expected;
                if (k == 0 && startIndex == 1) {
                    expected = c[0];
                } else if (qp >= 24) {
                    expected = ((long) c[k] * levelScale(qp % 6, i, j)) << (qp / 6 - 4);
                } else {
                    expected = ((long) c[k] * levelScale(qp % 6, i, j) + (1L << (3 - qp / 6))) >> (4 - qp / 6);
                }
                assertThat((long) d[k]).as("d[%d][%d] at qp %d", i, j, qp).isEqualTo(expected);
            }
        }
    }

    /** §8.5.10: f = H c H, then dcY = (f · LevelScale(qP%6,0,0)) << (qP/6 − 6) or the rounded right shift. */
    @Property
    void dequantLumaDcMatches8_5_10(@ForAll("levels") int[] c, @ForAll @IntRange(max = 51) int qp) {
        int[][] h = {{1, 1, 1, 1}, {1, 1, -1, -1}, {1, -1, -1, 1}, {1, -1, 1, -1}};
        int[] f = TransformTest.flat(TransformTest.mul(TransformTest.mul(h, TransformTest.grid(c)), h));
        int[] dcY = new int[16];
        Quant.dequantLumaDc(c, qp, dcY);
        long ls = levelScale(qp % 6, 0, 0);
        for (int k = 0; k < 16; k++) {
            long expected = qp >= 36
                    ? (f[k] * ls) << (qp / 6 - 6)
                    : (f[k] * ls + (1L << (5 - qp / 6))) >> (6 - qp / 6);
            assertThat((long) dcY[k]).isEqualTo(expected);
        }
    }

    /** §8.5.11: f = H2 c H2 (8.5.11.1), dcC = ((f · LevelScale(qP%6,0,0)) << (qP/6)) >> 5 (8.5.11.2). */
    @Property
    void dequantChromaDcMatches8_5_11(@ForAll("dcLevels4") int[] c, @ForAll @IntRange(max = 39) int qpc) {
        long[] f = {
            c[0] + c[1] + c[2] + c[3], c[0] - c[1] + c[2] - c[3],
            c[0] + c[1] - c[2] - c[3], c[0] - c[1] - c[2] + c[3],
        };
        int[] dcC = new int[4];
        Quant.dequantChromaDc(c, qpc, dcC);
        for (int k = 0; k < 4; k++) {
            long expected = ((f[k] * levelScale(qpc % 6, 0, 0)) << (qpc / 6)) >> 5;
            assertThat((long) dcC[k]).isEqualTo(expected);
        }
    }

    /** §8.5.8 with chroma_qp_index_offset = 0: qPI = Clip3(0, 51, QPY), QPc from Table 8-15. */
    @Test
    void chromaQpFollowsTable8_15() {
        int[] table815 = {29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39};
        for (int qp = 0; qp <= 51; qp++) {
            int expected = qp < 30 ? qp : table815[qp - 30];
            assertThat(Quant.chromaQp(qp)).as("QPc for %d", qp).isEqualTo(expected);
        }
        assertThat(Quant.chromaQp(-3)).isZero();
        assertThat(Quant.chromaQp(60)).isEqualTo(39);
    }

    // ------------------------------------------------------------------ round trips

    /**
     * 4x4 block without DC path: inverse(dequant(quant(forward(x)))) stays within
     * {@link #roundTripBound} of x at every QP, intra and inter.
     */
    @Property
    void roundTrip4x4StaysWithinTheDerivedBound(@ForAll("residual4x4") int[] x, @ForAll @IntRange(max = 51) int qp,
            @ForAll boolean intra) {
        int[] w = new int[16];
        int[] lev = new int[16];
        int[] d = new int[16];
        int[] r = new int[16];
        Transform.forward4x4(x, w);
        Quant.quant4x4(w, qp, intra, lev, 0);
        Quant.dequant4x4(lev, qp, d, 0);
        Transform.inverse4x4(d, r);
        double[] dd = acErrorBounds(qp, intra);
        int bound = roundTripBound(dd);
        for (int k = 0; k < 16; k++) {
            assertThat(Math.abs(r[k] - x[k])).as("sample %d at qp %d (bound %d)", k, qp, bound)
                    .isLessThanOrEqualTo(bound);
        }
    }

    /** The derived bound is tight enough to mean something: at QP 0..4 it is 2 or 3 samples. */
    @Test
    void derivedBoundIsSmallAtLowQp() {
        for (int qp = 0; qp <= 4; qp++) {
            assertThat(roundTripBound(acErrorBounds(qp, true))).isBetween(1, 3);
        }
        assertThat(roundTripBound(acErrorBounds(0, true))).isEqualTo(2);
    }

    /** Intra_16x16 luma: AC via quant4x4(startIndex 1), DC via forward Hadamard / quantLumaDc / dequantLumaDc. */
    @Property
    void roundTripIntra16x16StaysWithinTheDerivedBound(@ForAll("residual16x16") int[] x,
            @ForAll @IntRange(max = 51) int qp) {
        int[][] w = new int[16][16];
        int[] dc = new int[16];
        int[] blk = new int[16];
        for (int b = 0; b < 16; b++) {
            copyBlock(x, 16, (b % 4) * 4, (b / 4) * 4, blk);
            Transform.forward4x4(blk, w[b]);
            dc[b] = w[b][0];
        }
        int[] dcT = new int[16];
        int[] dcLev = new int[16];
        int[] dcY = new int[16];
        Transform.forwardHadamard4x4(dc, dcT);
        Quant.quantLumaDc(dcT, qp, true, dcLev);
        Quant.dequantLumaDc(dcLev, qp, dcY);

        double[] dd = acErrorBounds(qp, true);
        dd[0] = lumaDcErrorBound(qp);
        int bound = roundTripBound(dd);
        int[] lev = new int[16];
        int[] d = new int[16];
        int[] r = new int[16];
        for (int b = 0; b < 16; b++) {
            Quant.quant4x4(w[b], qp, true, lev, 1);
            assertThat(lev[0]).isZero();
            lev[0] = dcY[b]; // passed through by dequant4x4 when startIndex is 1
            Quant.dequant4x4(lev, qp, d, 1);
            Transform.inverse4x4(d, r);
            for (int k = 0; k < 16; k++) {
                int orig = x[((b / 4) * 4 + k / 4) * 16 + (b % 4) * 4 + k % 4];
                assertThat(Math.abs(r[k] - orig)).as("block %d sample %d at qp %d (bound %d)", b, k, qp, bound)
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    /** One 8x8 chroma component: AC via quant4x4(startIndex 1), DC via the 2x2 Hadamard path. */
    @Property
    void roundTripChromaStaysWithinTheDerivedBound(@ForAll("residual8x8") int[] x, @ForAll @IntRange(max = 51) int qp,
            @ForAll boolean intra) {
        int qpc = Quant.chromaQp(qp);
        int[][] w = new int[4][16];
        int[] dc = new int[4];
        int[] blk = new int[16];
        for (int b = 0; b < 4; b++) {
            copyBlock(x, 8, (b % 2) * 4, (b / 2) * 4, blk);
            Transform.forward4x4(blk, w[b]);
            dc[b] = w[b][0];
        }
        int[] dcT = new int[4];
        int[] dcLev = new int[4];
        int[] dcC = new int[4];
        Transform.forwardHadamard2x2(dc, dcT);
        Quant.quantChromaDc(dcT, qpc, intra, dcLev);
        Quant.dequantChromaDc(dcLev, qpc, dcC);

        double[] dd = acErrorBounds(qpc, intra);
        dd[0] = chromaDcErrorBound(qpc, intra);
        int bound = roundTripBound(dd);
        int[] lev = new int[16];
        int[] d = new int[16];
        int[] r = new int[16];
        for (int b = 0; b < 4; b++) {
            Quant.quant4x4(w[b], qpc, intra, lev, 1);
            Quant.dequant4x4(lev, qpc, d, 1);
            d[0] = dcC[b];
            Transform.inverse4x4(d, r);
            for (int k = 0; k < 16; k++) {
                int orig = x[((b / 2) * 4 + k / 4) * 8 + (b % 2) * 4 + k % 4];
                assertThat(Math.abs(r[k] - orig)).as("block %d sample %d at qpc %d (bound %d)", b, k, qpc, bound)
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    // ------------------------------------------------------------------ the error bound

    /** Weight of coefficient k on output p of the 1-D inverse of §8.5.12.2 (halves exact). */
    private static final double[][] T = {
        {1, 1, 1, 1}, {1, 0.5, -0.5, -1}, {1, -1, -1, 1}, {0.5, -1, 1, -0.5},
    };

    /** Row sums of |Cf|: |W_ij| <= 255 · R_i · R_j for an 8-bit residual. */
    private static final int[] R = {4, 6, 4, 6};

    /**
     * Bound on |r − x| given bounds dd[i*4+j] on |d_ij − d*_ij|, where d* = W_ij · 64 / (n_i n_j)
     * is the real-valued input that the exact inverse maps to 64 · x. The inverse adds
     * Σ |T_i,y| |T_j,x| dd_ij, its four &gt;&gt; 1 add at most 2.25 (each f is off by at most 1/2,
     * each g by at most 1.25), and (h + 32) &gt;&gt; 6 then gives an integer within
     * floor((E + 32) / 64) of x.
     */
    static int roundTripBound(double[] dd) {
        double worst = 0;
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                double e = 0;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        e += Math.abs(T[i][y]) * Math.abs(T[j][x]) * dd[i * 4 + j];
                    }
                }
                worst = Math.max(worst, e);
            }
        }
        return (int) Math.floor((worst + 2.25 + 32) / 64);
    }

    /**
     * |d − d*| per coefficient for the plain 4x4 path: the quantiser's own error
     * |level − |W|·MF/2^qbits| &lt;= 1 − f/2^qbits, scaled by v · 2^(qP/6), plus the mismatch
     * |MF · v / 2^15 − 64 / (n_i n_j)| · |W|max of the multiplier table, plus 1/2 for the rounding
     * right shift of §8.5.12.1 at qP &lt; 24.
     */
    static double[] acErrorBounds(int qp, boolean intra) {
        int m = qp % 6;
        int qbits = 15 + qp / 6;
        double delta = 1 - (double) ((1L << qbits) / (intra ? 3 : 6)) / (1L << qbits);
        double[] dd = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double v = normAdjust(m, i, j);
                double mismatch = Math.abs(mf(m, i, j) * v / 32768.0 - 64.0 / (n(i) * n(j)));
                dd[i * 4 + j] = delta * v * (1 << (qp / 6)) + mismatch * 255 * R[i] * R[j] + 0.5;
            }
        }
        return dd;
    }

    /**
     * |dcY − 4 W_00| for Intra_16x16: the forward Hadamard's halving (error 1/2 in Y, i.e.
     * MF/2^(qbits+2) in level units) and the quantiser error 1 − f/2^(qbits+1) on each of the 16
     * levels add up through H c H (16 terms), scaled by 16 v_0 2^(qP/6) / 64; plus the table
     * mismatch on |W_00| &lt;= 4080 and 1/2 for the rounding of §8.5.10.
     */
    static double lumaDcErrorBound(int qp) {
        int m = qp % 6;
        int qbits1 = 16 + qp / 6;
        double delta = 1 - (double) ((1L << qbits1) / 3) / (1L << qbits1);
        double v0 = normAdjust(m, 0, 0);
        double perLevel = mf(m, 0, 0) / Math.pow(2, qbits1 + 1) + delta;
        double mismatch = Math.abs(mf(m, 0, 0) * v0 / 32768.0 - 4);
        return 16 * perLevel * 16 * v0 * (1 << (qp / 6)) / 64 + mismatch * 4080 + 0.5;
    }

    /** |dcC − 4 W_00| for chroma: 4 quantiser errors through H2 c H2, scaled by 16 v_0 2^(qP/6) / 32, +1 for §8.5.11.2's floor. */
    static double chromaDcErrorBound(int qpc, boolean intra) {
        int m = qpc % 6;
        int qbits1 = 16 + qpc / 6;
        double delta = 1 - (double) ((1L << qbits1) / (intra ? 3 : 6)) / (1L << qbits1);
        double v0 = normAdjust(m, 0, 0);
        double mismatch = Math.abs(mf(m, 0, 0) * v0 / 32768.0 - 4);
        return 4 * delta * 16 * v0 * (1 << (qpc / 6)) / 32 + mismatch * 4080 + 1;
    }

    private static void copyBlock(int[] src, int stride, int x0, int y0, int[] blk) {
        for (int k = 0; k < 16; k++) {
            blk[k] = src[(y0 + k / 4) * stride + x0 + k % 4];
        }
    }
}
