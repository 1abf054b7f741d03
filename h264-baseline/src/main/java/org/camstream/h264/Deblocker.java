package org.camstream.h264;

/**
 * H.264 §8.7 deblocking filter process for one reconstructed picture, restricted to what this
 * encoder produces: frame macroblocks only, disable_deblocking_filter_idc = 0 (slice edges filtered
 * like any other, so the slices of a picture need no special case),
 * FilterOffsetA = FilterOffsetB = 0, one reference picture, no 8x8 transform, 4:2:0 8-bit,
 * chroma_qp_index_offset = 0. Meant to be bit-exact with a conforming decoder.
 *
 * <p>The picture is filtered in place, in macroblock address order (§8.7: "on a macroblock basis
 * ... in order of increasing macroblock addresses"); run it before {@link Picture#extendBorders()}.
 * Only visible samples are read or written.
 *
 * <p>An instance holds only the bS scratch of the macroblock being filtered: reused, it allocates
 * nothing; one call owns the picture and info for its duration. Not thread-safe.
 */
final class Deblocker {

    // H.264 Table 8-16: alpha' as a function of indexA (0..51), 8-bit so alpha = alpha'.
    private static final int[] ALPHA = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        4, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 17, 20, 22, 25, 28,
        32, 36, 40, 45, 50, 56, 63, 71, 80, 90, 101, 113, 127, 144, 162, 182,
        203, 226, 255, 255,
    };
    // H.264 Table 8-16: beta' as a function of indexB (0..51).
    private static final int[] BETA = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 6, 6, 7, 7, 8, 8,
        9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16,
        17, 17, 18, 18,
    };
    // H.264 Table 8-17: tC0' for bS = 1, 2, 3 as a function of indexA (0..51), row = indexA.
    private static final int[] TC0 = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   // 0..7
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   // 8..15
        0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1,   // 16..23
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 2, 3,   // 24..31
        1, 2, 3, 2, 2, 3, 2, 2, 4, 2, 3, 4, 2, 3, 4, 3, 3, 5, 3, 4, 6, 3, 4, 6,   // 32..39
        4, 5, 7, 4, 5, 8, 4, 6, 9, 5, 7, 10, 6, 8, 11, 6, 8, 13, 7, 10, 14, 8, 11, 16, // 40..47
        9, 12, 18, 10, 13, 20, 11, 15, 23, 13, 17, 25,                          // 48..51
    };

    /** Table 8-16 alpha for an already clipped indexA. */
    static int alpha(int indexA) {
        return ALPHA[indexA];
    }

    /** Table 8-16 beta for an already clipped indexB. */
    static int beta(int indexB) {
        return BETA[indexB];
    }

    /** Table 8-17 tC0 for an already clipped indexA and bS in 1..3. */
    static int tc0(int indexA, int bS) {
        return TC0[indexA * 3 + bS - 1];
    }

    /**
     * Filters the whole picture. {@code mbWidth}/{@code mbHeight} must match the picture and info.
     */
    static void filter(Picture pic, MacroblockInfo info, int mbWidth, int mbHeight) {
        new Deblocker().filterPicture(pic, info, mbWidth, mbHeight);
    }

    /** bS per edge of the current macroblock: [edge * 4 + k], vertical edges (k = row of 4x4 blocks) and horizontal. */
    private final int[] bsV = new int[16], bsH = new int[16];

    /**
     * Filters the whole picture (an instance holds the per-macroblock bS scratch, so a reused one
     * allocates nothing). With disable_deblocking_filter_idc 0 the filter crosses slice edges (§7.4.3).
     */
    void filterPicture(Picture pic, MacroblockInfo info, int mbWidth, int mbHeight) {
        if (pic.width != mbWidth * 16 || pic.height != mbHeight * 16
                || info.mbWidth != mbWidth || info.mbHeight != mbHeight) {
            throw new IllegalArgumentException("picture/info size does not match " + mbWidth + "x" + mbHeight);
        }
        if (maxQp(info, mbWidth * mbHeight) < FIRST_FILTERING_INDEX) {
            return; // every indexA = qPav <= the largest QP_Y has alpha' = 0 (Table 8-16): no sample changes
        }
        for (int mbY = 0; mbY < mbHeight; mbY++) {
            for (int mbX = 0; mbX < mbWidth; mbX++) {
                int mb = mbY * mbWidth + mbX;
                // §8.7: filterLeftMbEdgeFlag / filterTopMbEdgeFlag are 0 at the picture edge
                // (mbAddrA / mbAddrB not available); with idc 0 never 0 otherwise, slice edges included.
                boolean left = mbX > 0;
                boolean top = mbY > 0;
                if (!strengths(info, mb, mbWidth, left, top)) {
                    continue; // every bS is 0: nothing to filter (§8.7.2: filterSamplesFlag needs bS != 0)
                }
                luma(pic, info, mb, mbX, mbY, mbWidth, left, top);
                chroma(pic.u, pic, info, mb, mbX, mbY, mbWidth, left, top);
                chroma(pic.v, pic, info, mb, mbX, mbY, mbWidth, left, top);
            }
        }
    }

    /** Smallest indexA with alpha' &gt; 0 (Table 8-16); below it filterSamplesFlag is 0 (§8.7.2.2). */
    private static final int FIRST_FILTERING_INDEX = 16;

    private static int maxQp(MacroblockInfo info, int mbs) {
        int max = 0;
        for (int mb = 0; mb < mbs; mb++) {
            max = Math.max(max, info.qp[mb]);
        }
        return max;
    }

    /** Fills bsV / bsH for one macroblock (edges not filtered get 0); @return whether any is nonzero. */
    private boolean strengths(MacroblockInfo info, int mb, int mbWidth, boolean left, boolean top) {
        if (uniformInside(info, mb)) { // P_Skip and the like: every inner edge has bS 0 (§8.7.2.1)
            int any = 0;
            for (int k = 0; k < 4; k++) {
                int v = left ? boundaryStrength(info, mb - 1, k * 4 + 3, mb, k * 4, true) : 0;
                int h = top ? boundaryStrength(info, mb - mbWidth, 12 + k, mb, k, true) : 0;
                bsV[k] = v;
                bsH[k] = h;
                any |= v | h;
            }
            java.util.Arrays.fill(bsV, 4, 16, 0);
            java.util.Arrays.fill(bsH, 4, 16, 0);
            return any != 0;
        }
        int any = 0;
        for (int e = 0; e < 4; e++) {
            for (int k = 0; k < 4; k++) {
                int v = 0, h = 0;
                if (e > 0 || left) {
                    int blkQ = k * 4 + e;
                    v = boundaryStrength(info, e == 0 ? mb - 1 : mb, e == 0 ? k * 4 + 3 : blkQ - 1, mb, blkQ, e == 0);
                }
                if (e > 0 || top) {
                    int blkQ = e * 4 + k;
                    h = boundaryStrength(info, e == 0 ? mb - mbWidth : mb, e == 0 ? 12 + k : blkQ - 4, mb, blkQ,
                            e == 0);
                }
                bsV[e * 4 + k] = v;
                bsH[e * 4 + k] = h;
                any |= v | h;
            }
        }
        return any != 0;
    }

    /**
     * True if no edge inside the macroblock can have a bS above 0 (§8.7.2.1): an inter macroblock without
     * luma coefficients whose sixteen 4x4 blocks share one motion vector.
     */
    private static boolean uniformInside(MacroblockInfo info, int mb) {
        if (info.intra[mb]) {
            return false;
        }
        byte[] tc = info.totalCoeffLuma;
        short[] mvX = info.mvX, mvY = info.mvY;
        int base = mb * 16;
        short x = mvX[base], y = mvY[base];
        for (int i = base; i < base + 16; i++) {
            if (tc[i] != 0 || mvX[i] != x || mvY[i] != y) {
                return false;
            }
        }
        return true;
    }

    /**
     * §8.7.2.1 boundary filtering strength for frame macroblocks in a P or I slice with one
     * reference picture and no 8x8 transform. Blocks are raster 4x4 indices (by * 4 + bx).
     */
    static int boundaryStrength(MacroblockInfo info, int mbP, int blkP, int mbQ, int blkQ, boolean mbEdge) {
        if (info.intra[mbP] || info.intra[mbQ]) {
            return mbEdge ? 4 : 3;   // intra on a macroblock edge -> 4, inside -> 3
        }
        int p = mbP * 16 + blkP;
        int q = mbQ * 16 + blkQ;
        if (info.totalCoeffLuma[p] != 0 || info.totalCoeffLuma[q] != 0) {
            return 2;                // the 4x4 luma block of p0 or q0 has non-zero coefficients
        }
        // one motion vector each, same reference picture: compare in quarter luma frame samples
        if (Math.abs(info.mvX[p] - info.mvX[q]) >= 4 || Math.abs(info.mvY[p] - info.mvY[q]) >= 4) {
            return 1;
        }
        return 0;
    }

    private static int clip3(int lo, int hi, int x) {
        return x < lo ? lo : (x > hi ? hi : x);
    }

    /** §8.7.1 for luma: vertical edges left to right, then horizontal edges top to bottom. */
    private void luma(Picture pic, MacroblockInfo info, int mb, int mbX, int mbY, int mbWidth,
                             boolean left, boolean top) {
        byte[] s = pic.y;
        int st = pic.strideY;
        int base = pic.originY + mbY * 16 * st + mbX * 16;
        for (int e = left ? 0 : 1; e < 4; e++) {
            int mbP = e == 0 ? mb - 1 : mb;
            // §8.7.2.2: qPav = (qPp + qPq + 1) >> 1, indexA/B = Clip3(0, 51, qPav + offset 0)
            int indexA = clip3(0, 51, (info.qp[mbP] + info.qp[mb] + 1) >> 1);
            int alpha = ALPHA[indexA];
            int beta = BETA[indexA];
            if (alpha == 0 || beta == 0) {
                continue;            // filterSamplesFlag can never be 1 (|p0 - q0| < 0)
            }
            for (int by = 0; by < 4; by++) {
                int bS = bsV[e * 4 + by];
                if (bS == 0) {
                    continue;
                }
                int tc0 = bS < 4 ? TC0[indexA * 3 + bS - 1] : 0;
                int q0 = base + by * 4 * st + e * 4;
                for (int k = 0; k < 4; k++, q0 += st) {
                    filterLuma(s, q0, 1, bS, alpha, beta, tc0);
                }
            }
        }
        for (int e = top ? 0 : 1; e < 4; e++) {
            int mbP = e == 0 ? mb - mbWidth : mb;
            int indexA = clip3(0, 51, (info.qp[mbP] + info.qp[mb] + 1) >> 1);
            int alpha = ALPHA[indexA];
            int beta = BETA[indexA];
            if (alpha == 0 || beta == 0) {
                continue;
            }
            for (int bx = 0; bx < 4; bx++) {
                int bS = bsH[e * 4 + bx];
                if (bS == 0) {
                    continue;
                }
                int tc0 = bS < 4 ? TC0[indexA * 3 + bS - 1] : 0;
                int q0 = base + e * 4 * st + bx * 4;
                for (int k = 0; k < 4; k++, q0++) {
                    filterLuma(s, q0, st, bS, alpha, beta, tc0);
                }
            }
        }
    }

    /**
     * §8.7.1 for one chroma component (4:2:0): edges at chroma x/y = 0 and 4, which take the bS of
     * luma edges 0 and 2 (§8.7.2: chroma bS = bS of the corresponding luma sample; chroma sample k
     * along the edge lies in the luma 4x4 block k / 2). QP from §8.7.2.2 with QPc of each MB
     * (Table 8-15) averaged.
     */
    private void chroma(byte[] s, Picture pic, MacroblockInfo info, int mb, int mbX, int mbY,
                               int mbWidth, boolean left, boolean top) {
        int st = pic.strideC;
        int base = pic.originC + mbY * 8 * st + mbX * 8;
        for (int ce = left ? 0 : 1; ce < 2; ce++) {
            int e = ce * 2;          // corresponding luma edge
            int mbP = e == 0 ? mb - 1 : mb;
            int indexA = clip3(0, 51, (Quant.chromaQp(info.qp[mbP]) + Quant.chromaQp(info.qp[mb]) + 1) >> 1);
            int alpha = ALPHA[indexA];
            int beta = BETA[indexA];
            if (alpha == 0 || beta == 0) {
                continue;
            }
            for (int by = 0; by < 4; by++) {
                int bS = bsV[e * 4 + by];
                if (bS == 0) {
                    continue;
                }
                int tc0 = bS < 4 ? TC0[indexA * 3 + bS - 1] : 0;
                int q0 = base + by * 2 * st + ce * 4;
                filterChroma(s, q0, 1, bS, alpha, beta, tc0);
                filterChroma(s, q0 + st, 1, bS, alpha, beta, tc0);
            }
        }
        for (int ce = top ? 0 : 1; ce < 2; ce++) {
            int e = ce * 2;
            int mbP = e == 0 ? mb - mbWidth : mb;
            int indexA = clip3(0, 51, (Quant.chromaQp(info.qp[mbP]) + Quant.chromaQp(info.qp[mb]) + 1) >> 1);
            int alpha = ALPHA[indexA];
            int beta = BETA[indexA];
            if (alpha == 0 || beta == 0) {
                continue;
            }
            for (int bx = 0; bx < 4; bx++) {
                int bS = bsH[e * 4 + bx];
                if (bS == 0) {
                    continue;
                }
                int tc0 = bS < 4 ? TC0[indexA * 3 + bS - 1] : 0;
                int q0 = base + ce * 4 * st + bx * 2;
                filterChroma(s, q0, st, bS, alpha, beta, tc0);
                filterChroma(s, q0 + 1, st, bS, alpha, beta, tc0);
            }
        }
    }

    /**
     * §8.7.2.3 / §8.7.2.4 for one line of luma samples across an edge; q0 at {@code q},
     * p_i at q - (i + 1) * step, q_i at q + i * step.
     */
    private static void filterLuma(byte[] s, int q, int step, int bS, int alpha, int beta, int tc0) {
        int p0 = s[q - step] & 0xFF;
        int q0 = s[q] & 0xFF;
        int p1 = s[q - 2 * step] & 0xFF;
        int q1 = s[q + step] & 0xFF;
        // §8.7.2.2 eq. filterSamplesFlag = bS != 0 && |p0 - q0| < alpha && |p1 - p0| < beta && |q1 - q0| < beta
        if (Math.abs(p0 - q0) >= alpha || Math.abs(p1 - p0) >= beta || Math.abs(q1 - q0) >= beta) {
            return;
        }
        int p2 = s[q - 3 * step] & 0xFF;
        int q2 = s[q + 2 * step] & 0xFF;
        boolean apSmall = Math.abs(p2 - p0) < beta;   // ap < beta
        boolean aqSmall = Math.abs(q2 - q0) < beta;   // aq < beta
        if (bS < 4) {
            // §8.7.2.3: tC = tC0 + (ap < beta) + (aq < beta) for luma
            int tc = tc0 + (apSmall ? 1 : 0) + (aqSmall ? 1 : 0);
            int delta = clip3(-tc, tc, (((q0 - p0) << 2) + (p1 - q1) + 4) >> 3);
            s[q - step] = (byte) clip3(0, 255, p0 + delta);
            s[q] = (byte) clip3(0, 255, q0 - delta);
            int avg = (p0 + q0 + 1) >> 1;
            if (apSmall) {
                s[q - 2 * step] = (byte) (p1 + clip3(-tc0, tc0, (p2 + avg - (p1 << 1)) >> 1));
            }
            if (aqSmall) {
                s[q + step] = (byte) (q1 + clip3(-tc0, tc0, (q2 + avg - (q1 << 1)) >> 1));
            }
            return;
        }
        // §8.7.2.4 (bS == 4): strong filter where ap/aq < beta and |p0 - q0| < (alpha >> 2) + 2
        boolean smallGap = Math.abs(p0 - q0) < ((alpha >> 2) + 2);
        if (apSmall && smallGap) {
            int p3 = s[q - 4 * step] & 0xFF;
            s[q - step] = (byte) ((p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3);
            s[q - 2 * step] = (byte) ((p2 + p1 + p0 + q0 + 2) >> 2);
            s[q - 3 * step] = (byte) ((2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3);
        } else {
            s[q - step] = (byte) ((2 * p1 + p0 + q1 + 2) >> 2);
        }
        if (aqSmall && smallGap) {
            int q3 = s[q + 3 * step] & 0xFF;
            s[q] = (byte) ((p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4) >> 3);
            s[q + step] = (byte) ((p0 + q0 + q1 + q2 + 2) >> 2);
            s[q + 2 * step] = (byte) ((2 * q3 + 3 * q2 + q1 + q0 + p0 + 4) >> 3);
        } else {
            s[q] = (byte) ((2 * q1 + q0 + p1 + 2) >> 2);
        }
    }

    /** §8.7.2.3 / §8.7.2.4 with chromaStyleFilteringFlag = 1: only p0 and q0 change. */
    private static void filterChroma(byte[] s, int q, int step, int bS, int alpha, int beta, int tc0) {
        int p0 = s[q - step] & 0xFF;
        int q0 = s[q] & 0xFF;
        int p1 = s[q - 2 * step] & 0xFF;
        int q1 = s[q + step] & 0xFF;
        if (Math.abs(p0 - q0) >= alpha || Math.abs(p1 - p0) >= beta || Math.abs(q1 - q0) >= beta) {
            return;
        }
        if (bS < 4) {
            int tc = tc0 + 1;        // §8.7.2.3: tC = tC0 + 1 for chroma
            int delta = clip3(-tc, tc, (((q0 - p0) << 2) + (p1 - q1) + 4) >> 3);
            s[q - step] = (byte) clip3(0, 255, p0 + delta);
            s[q] = (byte) clip3(0, 255, q0 - delta);
        } else {
            s[q - step] = (byte) ((2 * p1 + p0 + q1 + 2) >> 2);   // §8.7.2.4 chroma p0'
            s[q] = (byte) ((2 * q1 + q0 + p1 + 2) >> 2);          // §8.7.2.4 chroma q0'
        }
    }
}
