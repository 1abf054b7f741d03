package org.camstream.h264;

/**
 * The integer transforms of H.264 Constrained Baseline: the 4x4 core transform (forward for
 * the encoder, inverse exactly as the decoder does it), the 4x4 Hadamard of Intra_16x16 luma
 * DC and the 2x2 Hadamard of chroma DC (4:2:0).
 *
 * <p>All arrays are 4x4 (or 2x2) in raster order: index = row * N + col. Every method reads
 * its input completely before it overwrites a value it still needs, so input and output may
 * be the same array. No method allocates.
 *
 * <p>Thread-safety: stateless; callers own the arrays they pass.
 */
final class Transform {

    private Transform() {}

    /**
     * Forward core transform W = Cf · X · Cf<sup>T</sup> with
     * Cf = [[1,1,1,1],[2,1,-1,-2],[1,-1,-1,1],[1,-2,2,-1]] (the integer transform whose
     * inverse, together with the scaling of Quant, is H.264 §8.5.12.2). No normalisation: the
     * post-scaling is folded into {@link Quant#quant4x4}. Exact for any int input whose result
     * fits (|x| &lt;= 2^26 / 36).
     */
    static void forward4x4(int[] residual, int[] coeff) {
        // Rows: each row x0..x3 -> (Cf · row)
        for (int r = 0; r < 16; r += 4) {
            int x0 = residual[r], x1 = residual[r + 1], x2 = residual[r + 2], x3 = residual[r + 3];
            int s03 = x0 + x3, d03 = x0 - x3, s12 = x1 + x2, d12 = x1 - x2;
            coeff[r] = s03 + s12;
            coeff[r + 1] = 2 * d03 + d12;
            coeff[r + 2] = s03 - s12;
            coeff[r + 3] = d03 - 2 * d12;
        }
        // Columns (the transform is linear, so the order of the passes does not matter here).
        forward4x4Columns(coeff);
    }

    /** The column pass of {@link #forward4x4}, in place on a block whose rows are already transformed. */
    static void forward4x4Columns(int[] coeff) {
        for (int c = 0; c < 4; c++) {
            int x0 = coeff[c], x1 = coeff[c + 4], x2 = coeff[c + 8], x3 = coeff[c + 12];
            int s03 = x0 + x3, d03 = x0 - x3, s12 = x1 + x2, d12 = x1 - x2;
            coeff[c] = s03 + s12;
            coeff[c + 4] = 2 * d03 + d12;
            coeff[c + 8] = s03 - s12;
            coeff[c + 12] = d03 - 2 * d12;
        }
    }

    /**
     * Inverse core transform, bit-exact with H.264 §8.5.12.2: first each horizontal row
     * (e, f), then each vertical column (g, h), then r = (h + 2^5) &gt;&gt; 6. The order of the passes matters because of the
     * &gt;&gt; 1 inside each pass. Input: scaled coefficients d (from {@link Quant#dequant4x4},
     * with d_00 from the DC path for Intra_16x16 and chroma); output: residual samples
     * (not clipped; the caller adds the prediction and clips, §8.5.14).
     */
    static void inverse4x4(int[] d, int[] residualOut) {
        // §8.5.12.2: horizontal rows first
        for (int r = 0; r < 16; r += 4) {
            int d0 = d[r], d1 = d[r + 1], d2 = d[r + 2], d3 = d[r + 3];
            int e0 = d0 + d2;            // e_i0 .. e_i3, then f_i0 .. f_i3 of §8.5.12.2
            int e1 = d0 - d2;
            int e2 = (d1 >> 1) - d3;
            int e3 = d1 + (d3 >> 1);
            residualOut[r] = e0 + e3;
            residualOut[r + 1] = e1 + e2;
            residualOut[r + 2] = e1 - e2;
            residualOut[r + 3] = e0 - e3;
        }
        // then vertical columns, with the final rounding
        for (int c = 0; c < 4; c++) {
            int f0 = residualOut[c], f1 = residualOut[c + 4];
            int f2 = residualOut[c + 8], f3 = residualOut[c + 12];
            int g0 = f0 + f2;            // g_0j .. g_3j, then h_0j .. h_3j of §8.5.12.2
            int g1 = f0 - f2;
            int g2 = (f1 >> 1) - f3;
            int g3 = f1 + (f3 >> 1);
            residualOut[c] = (g0 + g3 + 32) >> 6;
            residualOut[c + 4] = (g1 + g2 + 32) >> 6;
            residualOut[c + 8] = (g1 - g2 + 32) >> 6;
            residualOut[c + 12] = (g0 - g3 + 32) >> 6;
        }
    }

    /**
     * Encoder-side forward Hadamard of the 16 luma DC coefficients of an Intra_16x16
     * macroblock (input: W_00 of each 4x4 block, raster order of the blocks in the MB,
     * index = blkY * 4 + blkX). out = (H · dc · H) / 2 with H = [[1,1,1,1],[1,1,-1,-1],
     * [1,-1,-1,1],[1,-1,1,-1]], the division rounding half away from zero.
     *
     * <p>Why /2: the decoder (§8.5.10) computes H·c·H and scales with LevelScale(qP%6,0,0)
     * and a right shift of 6 instead of the 4 of the AC path; with H·H = 4I this pairing
     * needs c = (H·W·H) / 2 quantised with qbits + 1, which {@link Quant#quantLumaDc} does.
     */
    static void forwardHadamard4x4(int[] dc, int[] out) {
        hadamard4x4(dc, out);
        for (int i = 0; i < 16; i++) {
            int s = out[i];
            out[i] = s >= 0 ? (s + 1) >> 1 : -((1 - s) >> 1);
        }
    }

    /** H.264 §8.5.10: f = H · c · H for the Intra_16x16 luma DC levels (exact). */
    static void inverseHadamard4x4(int[] c, int[] out) {
        hadamard4x4(c, out);
    }

    /**
     * Encoder-side forward 2x2 Hadamard of the chroma DC coefficients (4:2:0; raster order of
     * the four chroma 4x4 blocks): out = H2 · dc · H2, H2 = [[1,1],[1,-1]], no normalisation.
     * The decoder (§8.5.11.2) shifts by 5 instead of 4, so {@link Quant#quantChromaDc}
     * quantises with qbits + 1.
     */
    static void forwardHadamard2x2(int[] dc4, int[] out4) {
        hadamard2x2(dc4, out4);
    }

    /** H.264 §8.5.11.1: f = H2 · c · H2 for the chroma DC levels, 4:2:0 (exact). */
    static void inverseHadamard2x2(int[] c4, int[] out4) {
        hadamard2x2(c4, out4);
    }

    private static void hadamard4x4(int[] in, int[] out) {
        for (int r = 0; r < 16; r += 4) {
            int x0 = in[r], x1 = in[r + 1], x2 = in[r + 2], x3 = in[r + 3];
            int s01 = x0 + x1, d01 = x0 - x1, s23 = x2 + x3, d23 = x2 - x3;
            out[r] = s01 + s23;
            out[r + 1] = s01 - s23;
            out[r + 2] = d01 - d23;
            out[r + 3] = d01 + d23;
        }
        for (int c = 0; c < 4; c++) {
            int x0 = out[c], x1 = out[c + 4], x2 = out[c + 8], x3 = out[c + 12];
            int s01 = x0 + x1, d01 = x0 - x1, s23 = x2 + x3, d23 = x2 - x3;
            out[c] = s01 + s23;
            out[c + 4] = s01 - s23;
            out[c + 8] = d01 - d23;
            out[c + 12] = d01 + d23;
        }
    }

    private static void hadamard2x2(int[] in, int[] out) {
        int a = in[0], b = in[1], c = in[2], d = in[3];
        out[0] = a + b + c + d;
        out[1] = a - b + c - d;
        out[2] = a + b - c - d;
        out[3] = a - b - c + d;
    }
}
