package org.camstream.h264;

/**
 * Motion estimation for a 16x16 luma partition against the single reference picture: candidate
 * vectors (predicted, zero, neighbours), an iterated hexagon search and a square refinement at full
 * sample precision, then half- and quarter-sample refinement on the §8.4.2.2.1 interpolated
 * reference ({@link Interpolator}). Cost = SAD + lambda * bits(mvd) (se(v) lengths, §9.1.1).
 *
 * <p>Vectors are clamped so that the 6-tap support stays inside the reference padding
 * ({@link Picture#PAD_Y}). One instance per encoder; not thread-safe; allocation-free.
 */
final class MotionSearch {
    private static final int[] HEX_X = {-2, -1, 1, 2, 1, -1};
    private static final int[] HEX_Y = {0, -2, -2, 0, 2, 2};
    private static final int[] SQ_X = {-1, 0, 1, -1, 1, -1, 0, 1};
    private static final int[] SQ_Y = {-1, -1, -1, 0, 0, 1, 1, 1};
    /** Full-sample margin kept inside the padding (6-tap reach 3 + quarter refinement 1). */
    private static final int MARGIN = Picture.PAD_Y - 4;
    private static final int MAX_RANGE = 64;

    private final byte[] interp = new byte[256];
    private int minX, maxX, minY, maxY; // full-sample bounds of the vector for the current MB
    private int mvpX, mvpY, lambda;

    /** Result of the last search: quarter-sample vector and its cost. */
    int mvX, mvY, cost;

    /**
     * Searches the best vector for the macroblock at (mbX, mbY).
     *
     * @param cand extra full-sample candidates in quarter-sample units {x0, y0, x1, y1, ...}
     * @param nCand number of candidate vectors in cand
     */
    void search(byte[] src, int srcOff, int srcStride, Picture ref, int mbX, int mbY, int mvpX, int mvpY,
            int lambda, int[] cand, int nCand) {
        int px = mbX * 16, py = mbY * 16;
        this.mvpX = mvpX;
        this.mvpY = mvpY;
        this.lambda = lambda;
        minX = Math.max(-MAX_RANGE, -px - MARGIN);
        maxX = Math.min(MAX_RANGE, ref.width - 16 - px + MARGIN);
        minY = Math.max(-MAX_RANGE, -py - MARGIN);
        maxY = Math.min(MAX_RANGE, ref.height - 16 - py + MARGIN);
        int bestX = 0, bestY = 0;
        int best = fullCost(src, srcOff, srcStride, ref, px, py, 0, 0);
        int cx = clampX((mvpX + 2) >> 2), cy = clampY((mvpY + 2) >> 2);
        int c = fullCost(src, srcOff, srcStride, ref, px, py, cx, cy);
        if (c < best) {
            best = c;
            bestX = cx;
            bestY = cy;
        }
        for (int i = 0; i < nCand; i++) {
            cx = clampX((cand[2 * i] + 2) >> 2);
            cy = clampY((cand[2 * i + 1] + 2) >> 2);
            c = fullCost(src, srcOff, srcStride, ref, px, py, cx, cy);
            if (c < best) {
                best = c;
                bestX = cx;
                bestY = cy;
            }
        }
        // hexagon iterations (each step moves up to 2 samples), then a square refinement
        for (int iter = 0; iter < 24; iter++) {
            int nbX = bestX, nbY = bestY;
            for (int k = 0; k < 6; k++) {
                int x = bestX + HEX_X[k], y = bestY + HEX_Y[k];
                if (x < minX || x > maxX || y < minY || y > maxY) {
                    continue;
                }
                c = fullCost(src, srcOff, srcStride, ref, px, py, x, y);
                if (c < best) {
                    best = c;
                    nbX = x;
                    nbY = y;
                }
            }
            if (nbX == bestX && nbY == bestY) {
                break;
            }
            bestX = nbX;
            bestY = nbY;
        }
        int sx = bestX, sy = bestY;
        for (int k = 0; k < 8; k++) {
            int x = sx + SQ_X[k], y = sy + SQ_Y[k];
            if (x < minX || x > maxX || y < minY || y > maxY) {
                continue;
            }
            c = fullCost(src, srcOff, srcStride, ref, px, py, x, y);
            if (c < best) {
                best = c;
                bestX = x;
                bestY = y;
            }
        }
        // sub-sample refinement: half then quarter (quarter-sample units)
        int qx = bestX * 4, qy = bestY * 4;
        for (int step = 2; step >= 1; step--) {
            int cqx = qx, cqy = qy;
            for (int k = 0; k < 8; k++) {
                int x = cqx + SQ_X[k] * step, y = cqy + SQ_Y[k] * step;
                c = subCost(src, srcOff, srcStride, ref, px, py, x, y);
                if (c < best) {
                    best = c;
                    qx = x;
                    qy = y;
                }
            }
        }
        mvX = qx;
        mvY = qy;
        cost = best;
    }

    /** se(v) length in bits (§9.1, §9.1.1) of a motion vector difference component. */
    static int mvdBits(int v) {
        int codeNum = v > 0 ? 2 * v - 1 : -2 * v;
        return 2 * (31 - Integer.numberOfLeadingZeros(codeNum + 1)) + 1;
    }

    private int clampX(int x) {
        return Math.max(minX, Math.min(maxX, x));
    }

    private int clampY(int y) {
        return Math.max(minY, Math.min(maxY, y));
    }

    private int fullCost(byte[] src, int srcOff, int srcStride, Picture ref, int px, int py, int dx, int dy) {
        byte[] r = ref.y;
        int rs = ref.strideY;
        int ro = ref.originY + (py + dy) * rs + px + dx;
        int sad = 0;
        for (int j = 0; j < 16; j++) {
            int s = srcOff + j * srcStride, p = ro + j * rs;
            for (int i = 0; i < 16; i++) {
                sad += Math.abs((src[s + i] & 0xFF) - (r[p + i] & 0xFF));
            }
        }
        return sad + lambda * (mvdBits(dx * 4 - mvpX) + mvdBits(dy * 4 - mvpY));
    }

    private int subCost(byte[] src, int srcOff, int srcStride, Picture ref, int px, int py, int qx, int qy) {
        Interpolator.predictLuma(ref, px, py, qx, qy, 16, 16, interp, 0, 16);
        int sad = 0;
        for (int j = 0; j < 16; j++) {
            int s = srcOff + j * srcStride, p = j * 16;
            for (int i = 0; i < 16; i++) {
                sad += Math.abs((src[s + i] & 0xFF) - (interp[p + i] & 0xFF));
            }
        }
        return sad + lambda * (mvdBits(qx - mvpX) + mvdBits(qy - mvpY));
    }
}
