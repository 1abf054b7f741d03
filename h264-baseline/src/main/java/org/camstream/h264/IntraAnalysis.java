package org.camstream.h264;

/**
 * Intra mode decisions (Intra_16x16, Intra_4x4, chroma) by SATD + lambda * mode bits, and the
 * Intra_4x4 coding loop (each 4x4 block is predicted from the reconstruction of the previous ones,
 * H.264 §8.3.1.2, so decision and coding are interleaved).
 *
 * <p>Owns the per-picture Intra4x4PredMode map used for the mode prediction of §8.3.1.1.
 * One instance per slice context; not thread-safe; allocation-free after construction.
 */
final class IntraAnalysis {
    private final int mbWidth;
    /** Slice layout, for the availability of the macroblocks above (§6.4.9). */
    private final MacroblockInfo info;
    /**
     * Intra4x4PredMode per [mbAddr * 16 + blkRaster]; 2 (DC) for macroblocks that are not I_NxN. Shared by
     * the slices of a picture (each writes only its own macroblocks and reads only its own slice).
     */
    private final byte[] modes;
    private final int[] pred16 = new int[16];
    private final int[] best16 = new int[16];
    private final int[] tmp256 = new int[256];
    /** Hadamard transforms of the macroblock's 16 source 4x4 blocks [blk * 16 + u * 4 + v] and their magnitude sums. */
    private final int[] srcT = new int[256], srcTSum = new int[16];
    private final int[] tmp64u = new int[64];
    private final int[] tmp64v = new int[64];
    /** raster 4x4 block (by*4+bx) -> luma4x4BlkIdx. */
    private static final int[] RASTER_TO_BLK = new int[16];

    static {
        for (int blk = 0; blk < 16; blk++) {
            RASTER_TO_BLK[(Scan.BLOCK_4x4_Y[blk] >> 2) * 4 + (Scan.BLOCK_4x4_X[blk] >> 2)] = blk;
        }
    }

    IntraAnalysis(MacroblockInfo info, byte[] modes) {
        this.mbWidth = info.mbWidth;
        this.info = info;
        this.modes = modes;
    }

    /** @return a mode map for {@link #IntraAnalysis(MacroblockInfo, byte[])}, one per picture size */
    static byte[] newModeMap(MacroblockInfo info) {
        return new byte[info.mbWidth * info.mbHeight * 16];
    }

    /** Marks a macroblock as not Intra_4x4: its blocks predict mode 2 (§8.3.1.1). */
    void markNotI4(int mbAddr) {
        java.util.Arrays.fill(modes, mbAddr * 16, mbAddr * 16 + 16, (byte) 2);
    }

    /**
     * Best Intra_16x16 mode by SATD; leaves its prediction in {@code pred256}.
     *
     * @param bound only costs below this matter to the caller: a mode's SATD sum stops once it reaches it
     * @return cost (SATD + lambda * approximate mode bits), or {@code bound} if no mode costs less (then
     *         {@code pred256} and the mode are unchanged)
     */
    int decide16x16(byte[] src, int srcOff, int srcStride, Picture rec, int mbX, int mbY, int lambda,
            int[] pred256, CodedMacroblock mb, int bound) {
        boolean left = mbX > 0, top = info.topAvailable(mbY), topLeft = left && top;
        int x = Picture.PAD_Y + mbX * 16, y = Picture.PAD_Y + mbY * 16;
        byte[] plane = rec.y;
        int stride = rec.strideY;
        int up = (y - 1) * stride + x, lft = y * stride + x - 1;
        // The 4x4 Hadamard transform is linear: T(src - pred) = T(src) - T(pred). T(src) of the 16 blocks is
        // computed once; the DC, vertical and horizontal predictions are flat along one or both directions, so
        // their transforms are non-zero only at (0,0), in row 0 or in column 0 (x264's intra_satd_x3): those
        // modes' SATDs, equal to satd4x4's, come from a few coefficients each. Plane needs the full SATD.
        int[] t = srcT, whole = srcTSum;
        for (int b = 0; b < 16; b++) {
            int bx = (b & 3) * 4, by = (b >> 2) * 4;
            whole[b] = transform4x4(src, srcOff + by * srcStride + bx, srcStride, t, b * 16);
        }
        int bestCost = bound;
        int bestMode = -1;
        if (top) { // I16_VERTICAL: T(pred)[0][v] = 4 * H(top row of the block)[v]
            int cost = lambda * 3;
            for (int b = 0; b < 16; b++) {
                int o = up + (b & 3) * 4, k = b * 16;
                cost += edgePredictionSatd(whole[b], t, k, 1, plane[o] & 0xFF, plane[o + 1] & 0xFF,
                        plane[o + 2] & 0xFF, plane[o + 3] & 0xFF);
            }
            if (cost < bestCost) {
                bestCost = cost;
                bestMode = IntraPredictor.I16_VERTICAL;
            }
        }
        if (left) { // I16_HORIZONTAL: T(pred)[u][0] = 4 * H(left column of the block)[u]
            int cost = lambda * 3;
            for (int b = 0; b < 16; b++) {
                int o = lft + (b >> 2) * 4 * stride, k = b * 16;
                cost += edgePredictionSatd(whole[b], t, k, 4, plane[o] & 0xFF, plane[o + stride] & 0xFF,
                        plane[o + 2 * stride] & 0xFF, plane[o + 3 * stride] & 0xFF);
            }
            if (cost < bestCost) {
                bestCost = cost;
                bestMode = IntraPredictor.I16_HORIZONTAL;
            }
        }
        { // I16_DC (always allowed, §8.3.3.3): T(pred)[0][0] = 16 * dc
            int dc16 = 16 * IntraPredictor.dc16x16(plane, stride, up, lft, left, top);
            int cost = lambda;
            for (int b = 0; b < 16; b++) {
                int k = b * 16;
                cost += (whole[b] - Math.abs(t[k]) + Math.abs(t[k] - dc16)) >> 1;
            }
            if (cost < bestCost) {
                bestCost = cost;
                bestMode = IntraPredictor.I16_DC;
            }
        }
        if (IntraPredictor.modeAllowed16x16(IntraPredictor.I16_PLANE, left, top, topLeft)) {
            IntraPredictor.predict16x16(IntraPredictor.I16_PLANE, plane, stride, x, y, left, top, topLeft, tmp256);
            int cost = 0;
            for (int b = 0; b < 16 && cost < bestCost; b++) {
                int bx = (b & 3) * 4, by = (b >> 2) * 4;
                cost += satd4x4(src, srcOff + by * srcStride + bx, srcStride, tmp256, by * 16 + bx, 16);
            }
            cost += lambda * 3;
            if (cost < bestCost) {
                bestCost = cost;
                bestMode = IntraPredictor.I16_PLANE;
            }
        }
        if (bestMode >= 0) {
            mb.i16Mode = bestMode;
            if (bestMode == IntraPredictor.I16_PLANE) {
                System.arraycopy(tmp256, 0, pred256, 0, 256);
            } else {
                IntraPredictor.predict16x16(bestMode, plane, stride, x, y, left, top, topLeft, pred256);
            }
        }
        return bestCost;
    }

    /**
     * SATD of one 4x4 block against a vertical (step 1: the prediction's transform is one row) or
     * horizontal (step 4: one column) Intra_16x16 prediction, from the source's Hadamard coefficients
     * {@code t[k..]} and their magnitude sum {@code whole}: the prediction's transform is 4 x the 1-D
     * Hadamard of its edge samples p0..p3 along that row or column and zero elsewhere, so only those
     * four coefficients change (halved, as {@link #satd4x4}).
     */
    private static int edgePredictionSatd(int whole, int[] t, int k, int step, int p0, int p1, int p2, int p3) {
        int a = p0 + p1, d = p0 - p1, c = p2 + p3, e = p2 - p3;
        int t0 = t[k], t1 = t[k + step], t2 = t[k + 2 * step], t3 = t[k + 3 * step];
        return (whole - Math.abs(t0) - Math.abs(t1) - Math.abs(t2) - Math.abs(t3)
                + Math.abs(t0 - 4 * (a + c)) + Math.abs(t1 - 4 * (d + e))
                + Math.abs(t2 - 4 * (a - c)) + Math.abs(t3 - 4 * (d - e))) >> 1;
    }

    /**
     * The 2-D 4x4 Hadamard transform of a source block as {@link #satd4x4} computes it (coefficient [u][v] at
     * {@code out[off + u * 4 + v]}, v the horizontal index); @return the sum of the coefficients' magnitudes
     * (not halved).
     */
    private static int transform4x4(byte[] src, int srcOff, int srcStride, int[] out, int off) {
        for (int r = 0; r < 4; r++) {
            int s = srcOff + r * srcStride;
            int x0 = src[s] & 0xFF, x1 = src[s + 1] & 0xFF, x2 = src[s + 2] & 0xFF, x3 = src[s + 3] & 0xFF;
            int a = x0 + x1, b = x0 - x1, c = x2 + x3, e = x2 - x3;
            out[off + r * 4] = a + c;
            out[off + r * 4 + 1] = b + e;
            out[off + r * 4 + 2] = a - c;
            out[off + r * 4 + 3] = b - e;
        }
        int sum = 0;
        for (int v = 0; v < 4; v++) {
            int x0 = out[off + v], x1 = out[off + 4 + v], x2 = out[off + 8 + v], x3 = out[off + 12 + v];
            int a = x0 + x1, b = x0 - x1, c = x2 + x3, e = x2 - x3;
            out[off + v] = a + c;
            out[off + 4 + v] = b + e;
            out[off + 8 + v] = a - c;
            out[off + 12 + v] = b - e;
            sum += Math.abs(a + c) + Math.abs(b + e) + Math.abs(a - c) + Math.abs(b - e);
        }
        return sum;
    }

    /** Best chroma mode by SATD over Cb and Cr; leaves the predictions in predU / predV. */
    int decideChroma(byte[] srcU, byte[] srcV, int srcOff, int srcStride, Picture rec, int mbX, int mbY,
            int lambda, int[] predU, int[] predV, CodedMacroblock mb) {
        boolean left = mbX > 0, top = info.topAvailable(mbY), topLeft = left && top;
        int x = Picture.PAD_C + mbX * 8, y = Picture.PAD_C + mbY * 8;
        int bestCost = Integer.MAX_VALUE;
        int bestMode = 0;
        for (int mode = 0; mode < 4; mode++) {
            if (!IntraPredictor.modeAllowedChroma(mode, left, top, topLeft)) {
                continue;
            }
            IntraPredictor.predictChroma8x8(mode, rec.u, rec.strideC, x, y, left, top, topLeft, tmp64u);
            IntraPredictor.predictChroma8x8(mode, rec.v, rec.strideC, x, y, left, top, topLeft, tmp64v);
            int cost = lambda * (mode == 0 ? 1 : 3);
            for (int b = 0; b < 4; b++) {
                int bx = (b & 1) * 4, by = (b >> 1) * 4;
                cost += satd4x4(srcU, srcOff + by * srcStride + bx, srcStride, tmp64u, by * 8 + bx, 8);
                cost += satd4x4(srcV, srcOff + by * srcStride + bx, srcStride, tmp64v, by * 8 + bx, 8);
            }
            if (cost < bestCost) {
                bestCost = cost;
                bestMode = mode;
                System.arraycopy(tmp64u, 0, predU, 0, 64);
                System.arraycopy(tmp64v, 0, predV, 0, 64);
            }
        }
        mb.chromaMode = bestMode;
        return bestCost;
    }

    /**
     * Decides and codes all sixteen Intra_4x4 blocks, reconstructing into {@code rec} as it goes, and
     * records the modes. Fills mb.i4Mode, i4PredMode, luma levels and cbpLuma.
     *
     * @param stopAbove give up (returning Integer.MAX_VALUE) once the cost exceeds this
     * @return cost (sum of SATD + lambda * mode bits), or Integer.MAX_VALUE if abandoned
     */
    int code4x4(byte[] src, int srcOff, int srcStride, Picture rec, int mbX, int mbY, int qp, int lambda,
            ResidualCoder coder, CodedMacroblock mb, int stopAbove) {
        int mbAddr = mbY * mbWidth + mbX;
        int px = Picture.PAD_Y + mbX * 16, py = Picture.PAD_Y + mbY * 16;
        int total = 6 * lambda;
        int cbp = 0;
        for (int blk = 0; blk < 16; blk++) {
            int bx = Scan.BLOCK_4x4_X[blk] >> 2, by = Scan.BLOCK_4x4_Y[blk] >> 2;
            boolean left = bx > 0 || mbX > 0;
            boolean top = by > 0 || info.topAvailable(mbY);
            boolean topLeft = left && top;
            boolean topRight = topRightAvailable(bx, by, mbX, mbY);
            // §8.3.1.1: predIntra4x4PredMode = Min(A, B), or 2 if A or B is not available
            int predMode;
            if (!left || !top) {
                predMode = 2;
            } else {
                int a = bx > 0 ? modes[mbAddr * 16 + by * 4 + bx - 1] : modes[(mbAddr - 1) * 16 + by * 4 + 3];
                int b = by > 0 ? modes[mbAddr * 16 + (by - 1) * 4 + bx] : modes[(mbAddr - mbWidth) * 16 + 12 + bx];
                predMode = Math.min(a, b);
            }
            int x = px + bx * 4, y = py + by * 4;
            int sOff = srcOff + by * 4 * srcStride + bx * 4;
            int bestCost = Integer.MAX_VALUE;
            int bestMode = 2;
            for (int mode = 0; mode < 9; mode++) {
                if (!IntraPredictor.modeAllowed4x4(mode, left, top, topLeft)) {
                    continue;
                }
                IntraPredictor.predict4x4(mode, rec.y, rec.strideY, x, y, left, top, topRight, topLeft, pred16);
                int cost = satd4x4(src, sOff, srcStride, pred16, 0, 4) + lambda * (mode == predMode ? 1 : 4);
                if (cost < bestCost) {
                    bestCost = cost;
                    bestMode = mode;
                    System.arraycopy(pred16, 0, best16, 0, 16);
                }
            }
            total += bestCost;
            if (total > stopAbove) {
                return Integer.MAX_VALUE;
            }
            mb.i4Mode[blk] = bestMode;
            mb.i4PredMode[blk] = predMode;
            modes[mbAddr * 16 + by * 4 + bx] = (byte) bestMode;
            int nz = coder.codeLuma4x4(src, sOff, srcStride, best16, 0, 4, qp, true, mb.luma, blk * 16,
                    rec.y, rec.originY + (mbY * 16 + by * 4) * rec.strideY + mbX * 16 + bx * 4, rec.strideY);
            if (nz > 0) {
                cbp |= 1 << (blk >> 2);
            }
        }
        mb.cbpLuma = cbp;
        return total;
    }

    /** §6.4.11.4 availability of the block above-right of luma 4x4 block (bx, by). */
    private boolean topRightAvailable(int bx, int by, int mbX, int mbY) {
        if (by == 0) {
            return bx < 3 ? info.topAvailable(mbY) : info.topAvailable(mbY) && mbX < mbWidth - 1;
        }
        if (bx == 3) {
            return false; // right neighbour macroblock is not yet decoded
        }
        return RASTER_TO_BLK[(by - 1) * 4 + bx + 1] < RASTER_TO_BLK[by * 4 + bx];
    }

    /** Sum of absolute 4x4 Hadamard-transformed differences, halved. */
    static int satd4x4(byte[] src, int srcOff, int srcStride, int[] pred, int predOff, int predStride) {
        // rows: horizontal 4-point Hadamard of each difference row (kept in locals, no array traffic)
        int s0 = srcOff, s1 = s0 + srcStride, s2 = s1 + srcStride, s3 = s2 + srcStride;
        int p0 = predOff, p1 = p0 + predStride, p2 = p1 + predStride, p3 = p2 + predStride;
        int a, b, c, e;
        a = (src[s0] & 0xFF) - pred[p0] + (src[s0 + 1] & 0xFF) - pred[p0 + 1];
        b = (src[s0] & 0xFF) - pred[p0] - (src[s0 + 1] & 0xFF) + pred[p0 + 1];
        c = (src[s0 + 2] & 0xFF) - pred[p0 + 2] + (src[s0 + 3] & 0xFF) - pred[p0 + 3];
        e = (src[s0 + 2] & 0xFF) - pred[p0 + 2] - (src[s0 + 3] & 0xFF) + pred[p0 + 3];
        int t00 = a + c, t01 = b + e, t02 = a - c, t03 = b - e;
        a = (src[s1] & 0xFF) - pred[p1] + (src[s1 + 1] & 0xFF) - pred[p1 + 1];
        b = (src[s1] & 0xFF) - pred[p1] - (src[s1 + 1] & 0xFF) + pred[p1 + 1];
        c = (src[s1 + 2] & 0xFF) - pred[p1 + 2] + (src[s1 + 3] & 0xFF) - pred[p1 + 3];
        e = (src[s1 + 2] & 0xFF) - pred[p1 + 2] - (src[s1 + 3] & 0xFF) + pred[p1 + 3];
        int t10 = a + c, t11 = b + e, t12 = a - c, t13 = b - e;
        a = (src[s2] & 0xFF) - pred[p2] + (src[s2 + 1] & 0xFF) - pred[p2 + 1];
        b = (src[s2] & 0xFF) - pred[p2] - (src[s2 + 1] & 0xFF) + pred[p2 + 1];
        c = (src[s2 + 2] & 0xFF) - pred[p2 + 2] + (src[s2 + 3] & 0xFF) - pred[p2 + 3];
        e = (src[s2 + 2] & 0xFF) - pred[p2 + 2] - (src[s2 + 3] & 0xFF) + pred[p2 + 3];
        int t20 = a + c, t21 = b + e, t22 = a - c, t23 = b - e;
        a = (src[s3] & 0xFF) - pred[p3] + (src[s3 + 1] & 0xFF) - pred[p3 + 1];
        b = (src[s3] & 0xFF) - pred[p3] - (src[s3 + 1] & 0xFF) + pred[p3 + 1];
        c = (src[s3 + 2] & 0xFF) - pred[p3 + 2] + (src[s3 + 3] & 0xFF) - pred[p3 + 3];
        e = (src[s3 + 2] & 0xFF) - pred[p3 + 2] - (src[s3 + 3] & 0xFF) + pred[p3 + 3];
        int t30 = a + c, t31 = b + e, t32 = a - c, t33 = b - e;
        // columns: vertical 4-point Hadamard, sum of magnitudes
        return (col(t00, t10, t20, t30) + col(t01, t11, t21, t31) + col(t02, t12, t22, t32)
                + col(t03, t13, t23, t33)) >> 1;
    }

    /** Sum of |.| of the 4-point Hadamard transform of one column (also {@link PictureComplexity}'s). */
    static int col(int x0, int x1, int x2, int x3) {
        int a = x0 + x1, b = x0 - x1, c = x2 + x3, e = x2 - x3;
        return Math.abs(a + c) + Math.abs(b + e) + Math.abs(a - c) + Math.abs(b - e);
    }
}
