package org.camstream.h264;

/**
 * Forward quantisation (encoder choice, dead-zone rounding) and the decoder's scaling
 * (inverse quantisation, bit-exact with H.264 §8.5.10, §8.5.11.2 and §8.5.12.1) for 8-bit
 * 4:2:0 with flat scaling lists (Constrained Baseline: weightScale4x4 = 16 everywhere).
 *
 * <p>Forward: level = sign(W) · ((|W| · MF + f) &gt;&gt; qbits), qbits = 15 + qP / 6, with the
 * dead-zone offset f = 2^qbits / 3 for intra blocks and, for inter blocks, 2^qbits / 3 up to qP
 * {@link #FINE_QP} falling to 2^qbits / 6 at {@link #COARSE_QP} and above (see {@link #roundingOffset}; the
 * {@code intra} parameters choose the offset; the caller may quantise intra blocks with the inter
 * offset). MF is the classic multiplier table (see {@link #MF}), so that quantising and scaling back
 * is a division by the quantiser step size.
 *
 * <p>All 4x4 arrays are raster order (index = row * 4 + col). Nothing allocates.
 * Thread-safety: stateless; callers own the arrays.
 */
final class Quant {

    private Quant() {}

    /**
     * Inter blocks quantise with the intra offset 1/3 up to this QP (and chroma QP), with the wider dead
     * zone of offset 1/6 from {@link #COARSE_QP} on, linear in between. The rounding is the encoder's
     * choice (§8.5.12 fixes only the scaling back). The best offset for Laplacian coefficients grows
     * towards 1/2 as the step shrinks against their spread (Sullivan, "Efficient scalar quantization of
     * exponential and Laplacian random variables", 1996): a fixed 1/6 zeroed too much at fine steps. FAST
     * against x264 veryfast at equal rate, 24 cells: testsrc2 at 640x480 3 Mb/s (QP 19) -1.86 -> -0.68 dB,
     * 320x240 (QP 10) -1.00 -> -0.19; 1/3 at every QP lost up to 2 dB at QP 40.
     */
    static final int FINE_QP = 20, COARSE_QP = 32;

    /**
     * f of a block quantised with {@code qbits} at {@code qp}: 2^qbits / 3 for intra blocks, for inter
     * ones 2^qbits * (24 - (qp - FINE_QP)) / 72 clamped between 2^qbits / 3 and 2^qbits / 6.
     */
    static long roundingOffset(int qbits, int qp, boolean intra) {
        int in72 = intra ? 24 : 24 - Math.max(0, Math.min(COARSE_QP - FINE_QP, qp - FINE_QP));
        return ((1L << qbits) * in72) / 72;
    }

    /**
     * normAdjust4x4(m, i, j) of H.264 §8.5.9 (flat weightScale, so
     * LevelScale4x4 = 16 · v): [m][0] for (i, j) both even, [m][1] both odd, [m][2] otherwise.
     */
    private static final int[][] V = {
        {10, 16, 13}, {11, 18, 14}, {13, 20, 16}, {14, 23, 18}, {16, 25, 20}, {18, 29, 23},
    };

    /** Encoder multipliers MF(m, class), same class layout as {@link #V}: MF = round(2^21 / (v · n_i · n_j))
     *  with v = {@link #V} and n = (4, 5, 4, 5) the dot products of each row of Cf with the matching
     *  row of the §8.5.12.2 inverse basis; so quant then scale then inverse gives back the input
     *  (QuantTest derives the table from this rule). */
    private static final int[][] MF = {
        {13107, 5243, 8066}, {11916, 4660, 7490}, {10082, 4194, 6554},
        {9362, 3647, 5825}, {8192, 3355, 5243}, {7282, 2893, 4559},
    };

    /** Position class of raster index k (row = k / 4, col = k % 4), see {@link #V}. */
    private static final int[] CLASS = {0, 2, 0, 2, 2, 1, 2, 1, 0, 2, 0, 2, 2, 1, 2, 1};

    /** {@link #MF} and LevelScale4x4 = 16 * {@link #V} per qP % 6 and raster position (the class lookups done once). */
    private static final int[][] MF_POS = new int[6][16], LEVEL_SCALE_POS = new int[6][16];

    static {
        for (int m = 0; m < 6; m++) {
            for (int k = 0; k < 16; k++) {
                MF_POS[m][k] = MF[m][CLASS[k]];
                LEVEL_SCALE_POS[m][k] = 16 * V[m][CLASS[k]];
            }
        }
    }

    /** H.264 Table 8-15: QPc as a function of qPI for qPI in 30..51 (below 30, QPc = qPI). */
    private static final int[] QPC_FROM_30 = {
        29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39,
    };

    /**
     * Quantises a forward-transformed 4x4 block (from {@link Transform#forward4x4}).
     * Positions below {@code startIndex} (raster) are set to 0 in {@code levelOut}: pass 1 for
     * Intra_16x16 luma and chroma blocks, whose DC travels in the DC block.
     *
     * @return number of nonzero levels written (positions startIndex..15)
     */
    static int quant4x4(int[] coeff, int qp, boolean intra, int[] levelOut, int startIndex) {
        int m = qp % 6;
        int qbits = 15 + qp / 6;
        long f = roundingOffset(qbits, qp, intra);
        int[] mf = MF_POS[m];
        int nonzero = 0;
        for (int k = 0; k < startIndex; k++) {
            levelOut[k] = 0;
        }
        for (int k = startIndex; k < 16; k++) {
            int w = coeff[k];
            int level = (int) ((Math.abs((long) w) * mf[k] + f) >> qbits);
            if (level != 0) {
                nonzero++;
            }
            levelOut[k] = w < 0 ? -level : level;
        }
        return nonzero;
    }

    /**
     * Scaling of a 4x4 block of levels, H.264 §8.5.12.1 with flat weightScale
     * (LevelScale4x4(m, i, j) = 16 · normAdjust4x4(m, i, j), §8.5.9): for qP &gt;= 24
     * d = (c · LevelScale4x4) &lt;&lt; (qP / 6 − 4), else
     * d = (c · LevelScale4x4 + 2^(3 − qP / 6)) &gt;&gt; (4 − qP / 6).
     * When {@code startIndex} is 1, d_00 = c_00 unchanged (§8.5.12.1: the DC of Intra_16x16
     * and chroma blocks is already scaled by the DC path; the caller puts it there).
     */
    static void dequant4x4(int[] level, int qp, int[] dOut, int startIndex) {
        int[] ls = LEVEL_SCALE_POS[qp % 6];
        int q6 = qp / 6;
        if (startIndex == 1) {
            dOut[0] = level[0];
        }
        if (q6 >= 4) {
            int shift = q6 - 4;
            for (int k = startIndex; k < 16; k++) {
                dOut[k] = (level[k] * ls[k]) << shift;
            }
        } else {
            int shift = 4 - q6, round = 1 << (3 - q6);
            for (int k = startIndex; k < 16; k++) {
                dOut[k] = (level[k] * ls[k] + round) >> shift;
            }
        }
    }

    /**
     * Quantises the 16 Hadamard-transformed luma DC values of an Intra_16x16 macroblock
     * (from {@link Transform#forwardHadamard4x4}, which already halved them): qbits + 1 and
     * the doubled dead-zone offset 2 · 2^qbits / 3 (or the inter one with {@code intra} false,
     * the rounding that intra macroblocks of P slices use), matching the extra factor of the
     * decoder's §8.5.10 scaling (shift 6 instead of 4, and H · H = 4I).
     *
     * @return number of nonzero levels
     */
    static int quantLumaDc(int[] dcT, int qp, boolean intra, int[] levelOut) {
        int qbits1 = 16 + qp / 6;
        long f = roundingOffset(qbits1, qp, intra);
        return quantDc(dcT, 16, MF[qp % 6][0], qbits1, f, levelOut);
    }

    /**
     * The whole H.264 §8.5.10 for Intra_16x16 luma DC: input the 16 decoded levels c (raster
     * order of the 4x4 blocks: index = blkY * 4 + blkX, i.e. c after the inverse scan);
     * f = H · c · H ({@link Transform#inverseHadamard4x4}); then for qP &gt;= 36
     * dcY = (f · LevelScale4x4(qP % 6, 0, 0)) &lt;&lt; (qP / 6 − 6), else
     * dcY = (f · LevelScale4x4(qP % 6, 0, 0) + 2^(5 − qP / 6)) &gt;&gt; (6 − qP / 6).
     * dcY[k] is d_00 of the 4x4 block at (k % 4, k / 4). {@code c} and {@code dcY} may be the
     * same array.
     */
    static void dequantLumaDc(int[] c, int qp, int[] dcY) {
        Transform.inverseHadamard4x4(c, dcY);
        int levelScale = 16 * V[qp % 6][0];
        int q6 = qp / 6;
        for (int k = 0; k < 16; k++) {
            if (q6 >= 6) {
                dcY[k] = (dcY[k] * levelScale) << (q6 - 6);
            } else {
                dcY[k] = (dcY[k] * levelScale + (1 << (5 - q6))) >> (6 - q6);
            }
        }
    }

    /**
     * Quantises the four 2x2-Hadamard-transformed chroma DC values of one chroma component
     * (from {@link Transform#forwardHadamard2x2}): qbits + 1 and doubled dead-zone offset,
     * matching the shift of 5 (instead of 4) of §8.5.11.2 with H2 · H2 = 2I.
     *
     * @param qpc the chroma QP, see {@link #chromaQp}
     * @return number of nonzero levels
     */
    static int quantChromaDc(int[] dcT, int qpc, boolean intra, int[] levelOut) {
        int qbits1 = 16 + qpc / 6;
        long f = roundingOffset(qbits1, qpc, intra);
        return quantDc(dcT, 4, MF[qpc % 6][0], qbits1, f, levelOut);
    }

    /**
     * The whole H.264 §8.5.11 for 4:2:0 chroma DC of one component: input the four decoded
     * levels c (raster order of the chroma 4x4 blocks, = chroma DC scan order); f = H2 · c · H2
     * (§8.5.11.1, {@link Transform#inverseHadamard2x2}); then (§8.5.11.2)
     * dcC = ((f · LevelScale4x4(qP % 6, 0, 0)) &lt;&lt; (qP / 6)) &gt;&gt; 5 with qP = QP'c.
     * {@code c} and {@code dcC} may be the same array.
     */
    static void dequantChromaDc(int[] c, int qpc, int[] dcC) {
        Transform.inverseHadamard2x2(c, dcC);
        int levelScale = 16 * V[qpc % 6][0];
        int q6 = qpc / 6;
        for (int k = 0; k < 4; k++) {
            dcC[k] = ((dcC[k] * levelScale) << q6) >> 5;
        }
    }

    /**
     * QPc for chroma_qp_index_offset = 0 and 8-bit video: H.264 §8.5.8 (qPI =
     * Clip3(0, 51, QPY)) and Table 8-15.
     */
    static int chromaQp(int qpY) {
        int qpi = Math.max(0, Math.min(51, qpY));
        return qpi < 30 ? qpi : QPC_FROM_30[qpi - 30];
    }

    private static int quantDc(int[] in, int n, int mf, int qbits, long f, int[] levelOut) {
        int nonzero = 0;
        for (int k = 0; k < n; k++) {
            int w = in[k];
            int level = (int) ((Math.abs((long) w) * mf + f) >> qbits);
            if (level != 0) {
                nonzero++;
            }
            levelOut[k] = w < 0 ? -level : level;
        }
        return nonzero;
    }
}
