package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link Transform} against independent restatements: matrix products for the forward
 * transform and the Hadamards, the §8.5.12.2 equations (rows first) for the inverse, and the
 * exact integer identity linking the two.
 */
class TransformTest {

    private static final int[][] CF = {{1, 1, 1, 1}, {2, 1, -1, -2}, {1, -1, -1, 1}, {1, -2, 2, -1}};
    private static final int[][] H4 = {{1, 1, 1, 1}, {1, 1, -1, -1}, {1, -1, -1, 1}, {1, -1, 1, -1}};
    private static final int[][] H2 = {{1, 1}, {1, -1}};

    @Provide
    Arbitrary<int[]> residuals() {
        return Arbitraries.integers().between(-255, 255).array(int[].class).ofSize(16);
    }

    @Provide
    Arbitrary<int[]> scaledCoefficients() {
        // the range of d_ij a decoder sees for 8-bit video is well inside +-2^15
        return Arbitraries.integers().between(-(1 << 15), 1 << 15).array(int[].class).ofSize(16);
    }

    @Provide
    Arbitrary<int[]> dcLevels4() {
        return Arbitraries.integers().between(-4096, 4096).array(int[].class).ofSize(4);
    }

    /** W = Cf · X · Cf^T, computed as a plain matrix product. */
    @Property
    void forwardIsCfXCfTranspose(@ForAll("residuals") int[] x) {
        int[] out = new int[16];
        Transform.forward4x4(x, out);
        assertThat(out).containsExactly(flat(mul(mul(CF, grid(x)), transpose(CF))));
    }

    /** §8.5.12.2 restated with its own variable names: rows (e, f) first, then columns (g, h). */
    @Property
    void inverseMatchesTheEquationsOf8_5_12_2(@ForAll("scaledCoefficients") int[] d) {
        int[] out = new int[16];
        Transform.inverse4x4(d, out);
        assertThat(out).containsExactly(specInverse(d, true));
    }

    /**
     * The test's reference would not notice a swapped pass order if the two orders always agreed;
     * they do not (the &gt;&gt; 1 inside each pass), so the property above really pins rows-first.
     */
    @Test
    void passOrderMattersSoTheReferenceCanTellThemApart() {
        Random rnd = new Random(42);
        boolean differs = false;
        for (int n = 0; n < 1000 && !differs; n++) {
            int[] d = new int[16];
            for (int k = 0; k < 16; k++) {
                d[k] = rnd.nextInt(201) - 100;
            }
            differs = !java.util.Arrays.equals(specInverse(d, true), specInverse(d, false));
        }
        assertThat(differs).isTrue();
    }

    /**
     * Exact identity: the inverse basis rows meet the rows of Cf with dot products n = (4,5,4,5),
     * so scaling W_ij by 1600 / (n_i n_j) (100, 80 or 64: all even, so every &gt;&gt; 1 is exact)
     * makes the inverse, including its (h + 32) &gt;&gt; 6, return exactly 25 · X.
     */
    @Property
    void inverseUndoesForwardExactlyWhenScaled(@ForAll("residuals") int[] x) {
        int[] n = {4, 5, 4, 5};
        int[] w = new int[16];
        Transform.forward4x4(x, w);
        int[] d = new int[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                d[i * 4 + j] = w[i * 4 + j] * (1600 / (n[i] * n[j]));
            }
        }
        int[] r = new int[16];
        Transform.inverse4x4(d, r);
        for (int k = 0; k < 16; k++) {
            assertThat(r[k]).as("sample %d", k).isEqualTo(25 * x[k]);
        }
    }

    @Property
    void transformsWorkInPlace(@ForAll("residuals") int[] x) {
        int[] separate = new int[16];
        int[] inPlace = x.clone();
        Transform.forward4x4(x, separate);
        Transform.forward4x4(inPlace, inPlace);
        assertThat(inPlace).containsExactly(separate);
        int[] inverted = new int[16];
        Transform.inverse4x4(separate, inverted);
        Transform.inverse4x4(inPlace, inPlace);
        assertThat(inPlace).containsExactly(inverted);
        int[] h = x.clone();
        Transform.inverseHadamard4x4(h, h);
        Transform.inverseHadamard4x4(x, separate);
        assertThat(h).containsExactly(separate);
    }

    /** §8.5.10: f = H · c · H. */
    @Property
    void inverseHadamard4x4IsHcH(@ForAll("residuals") int[] c) {
        int[] out = new int[16];
        Transform.inverseHadamard4x4(c, out);
        assertThat(out).containsExactly(flat(mul(mul(H4, grid(c)), H4)));
    }

    /** Encoder side: (H · x · H) / 2, rounded half away from zero. */
    @Property
    void forwardHadamard4x4IsHalfOfHxH(@ForAll("residuals") int[] x) {
        int[] out = new int[16];
        Transform.forwardHadamard4x4(x, out);
        int[] full = flat(mul(mul(H4, grid(x)), H4));
        for (int k = 0; k < 16; k++) {
            int twice = 2 * out[k];
            // |2·out − full| <= 1, and an odd full rounds away from zero
            assertThat(Math.abs(twice - full[k])).isLessThanOrEqualTo(1);
            if (full[k] % 2 != 0) {
                assertThat(Math.abs(twice)).isGreaterThan(Math.abs(full[k]));
            }
        }
    }

    /**
     * H · H = 4I, so inverse(forward(x)) = 8x when every entry of H x H is even (they all share
     * the parity of the sum of x), and otherwise differs from 8x by at most 16 · 1/2 = 8.
     */
    @Property
    void hadamard4x4PairGivesBackEightTimesTheInput(@ForAll("residuals") int[] x) {
        int[] fwd = new int[16];
        int[] back = new int[16];
        Transform.forwardHadamard4x4(x, fwd);
        Transform.inverseHadamard4x4(fwd, back);
        int sum = 0;
        for (int v : x) {
            sum += v;
        }
        for (int k = 0; k < 16; k++) {
            if (sum % 2 == 0) {
                assertThat(back[k]).isEqualTo(8 * x[k]);
            } else {
                assertThat(Math.abs(back[k] - 8 * x[k])).isLessThanOrEqualTo(8);
            }
        }
    }

    /** §8.5.11.1 and its encoder twin: both are H2 · c · H2; H2 · H2 = 2I so the pair gives 4x. */
    @Property
    void hadamard2x2MatchesMatrixAndRoundTrips(@ForAll("dcLevels4") int[] c) {
        int[][] g = {{c[0], c[1]}, {c[2], c[3]}};
        int[] expected = flat(mul(mul(H2, g), H2));
        int[] inv = new int[4];
        int[] fwd = new int[4];
        Transform.inverseHadamard2x2(c, inv);
        Transform.forwardHadamard2x2(c, fwd);
        assertThat(inv).containsExactly(expected);
        assertThat(fwd).containsExactly(expected);
        int[] back = new int[4];
        Transform.inverseHadamard2x2(fwd, back);
        for (int k = 0; k < 4; k++) {
            assertThat(back[k]).isEqualTo(4 * c[k]);
        }
    }

    // ------------------------------------------------------------------ reference helpers

    /** §8.5.12.2 written out per its equations; rowsFirst = false swaps the passes (wrong). */
    static int[] specInverse(int[] dRaster, boolean rowsFirst) {
        int[][] d = grid(dRaster);
        if (!rowsFirst) {
            d = transpose(d);
        }
        int[][] f = new int[4][4];
        for (int i = 0; i < 4; i++) {
            int e0 = d[i][0] + d[i][2];
            int e1 = d[i][0] - d[i][2];
            int e2 = (d[i][1] >> 1) - d[i][3];
            int e3 = d[i][1] + (d[i][3] >> 1);
            f[i][0] = e0 + e3;
            f[i][1] = e1 + e2;
            f[i][2] = e1 - e2;
            f[i][3] = e0 - e3;
        }
        int[][] r = new int[4][4];
        for (int j = 0; j < 4; j++) {
            int g0 = f[0][j] + f[2][j];
            int g1 = f[0][j] - f[2][j];
            int g2 = (f[1][j] >> 1) - f[3][j];
            int g3 = f[1][j] + (f[3][j] >> 1);
            r[0][j] = (g0 + g3 + 32) >> 6;
            r[1][j] = (g1 + g2 + 32) >> 6;
            r[2][j] = (g1 - g2 + 32) >> 6;
            r[3][j] = (g0 - g3 + 32) >> 6;
        }
        return flat(rowsFirst ? r : transpose(r));
    }

    static int[][] grid(int[] raster) {
        int n = (int) Math.round(Math.sqrt(raster.length));
        int[][] g = new int[n][n];
        for (int k = 0; k < raster.length; k++) {
            g[k / n][k % n] = raster[k];
        }
        return g;
    }

    static int[] flat(int[][] g) {
        int n = g.length;
        int[] out = new int[n * n];
        for (int k = 0; k < out.length; k++) {
            out[k] = g[k / n][k % n];
        }
        return out;
    }

    static int[][] mul(int[][] a, int[][] b) {
        int n = a.length;
        int[][] out = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * b[k][j];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    static int[][] transpose(int[][] a) {
        int n = a.length;
        int[][] out = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[j][i] = a[i][j];
            }
        }
        return out;
    }
}
