package org.camstream.h264;


/**
 * Motion estimation for a 16x16, 16x8, 8x16 or 8x8 luma partition against the single reference
 * picture: candidate vectors (predicted, zero, neighbours), an iterated hexagon search and a square
 * refinement at full sample precision, then half- and quarter-sample refinement on the §8.4.2.2.1
 * interpolated reference ({@link Interpolator}), optionally split off into {@link #refine}. Cost = SAD +
 * lambda * bits(mvd) (se(v) lengths, §9.1.1).
 *
 * <p>Speed: vectors already costed in a search are not costed again (the result is the same), and the
 * SAD runs eight samples per {@code long} (SWAR, see {@link #absLanes}).
 *
 * <p>Vectors are clamped so that the 6-tap support stays inside the reference padding
 * ({@link Picture#PAD_Y}). One instance per encoder; not thread-safe; allocation-free.
 */
final class MotionSearch {
    private static final int[] HEX_X = {-2, -1, 1, 2, 1, -1};
    private static final int[] HEX_Y = {0, -2, -2, 0, 2, 2};
    private static final int[] SQ_X = {-1, 0, 1, -1, 1, -1, 0, 1};
    private static final int[] SQ_Y = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final int[] DIA_X = {0, -1, 1, 0};
    private static final int[] DIA_Y = {-1, 0, 0, 1};
    /** Full-sample margin kept inside the padding (6-tap reach 3 + quarter refinement 1). */
    private static final int MARGIN = Picture.PAD_Y - 4;
    /** Full-sample search window around zero; 48 keeps vectors inside MaxVmvR of every level (Table A-1). */
    private static final int MAX_RANGE = 48;

    /** Local full (G) and half-sample (b, h, j of §8.4.2.2.1) values around the best full-sample block. */
    private static final int LN = 18, LS = 18;
    private final byte[] localF = new byte[LS * LN], localH = new byte[LS * LN], localV = new byte[LS * LN],
            localJ = new byte[LS * LN];
    private final int[] localB1 = new int[LS * (LN + 5)];
    private int localX, localY, localWidth, localHeight;
    private Picture localRef;
    private final byte[][] pick = new byte[2][];
    private final int[] pickOff = new int[2];
    private int minX, maxX, minY, maxY; // full-sample bounds of the vector for the current MB
    private int mvpX, mvpY, lambda;
    private boolean satd;
    /** The sub-sample prediction of the block, row stride 16, for the SATD cost. */
    private final int[] subPred = new int[256];
    private int bw = 16, bh = 16; // block size of the current search
    /** Full-sample vectors costed in the current search: visited[(y + 48) * 97 + x + 48] == stamp. */
    private static final int VISIT_SIDE = 2 * MAX_RANGE + 1;
    private final int[] visited = new int[VISIT_SIDE * VISIT_SIDE];
    private int stamp;
    /** The source block of the current search, row stride 16. */
    private final byte[] blk = new byte[256];
    /**
     * The source block as four 16-bit lanes per long (even bytes in blkE, odd bytes in blkO, eight source
     * bytes per index k = row * 2 + half), each lane biased by 256, so that lane - reference sample is
     * 256 + difference, never borrowing from the next lane (SWAR SAD).
     */
    private final long[] blkE = new long[32], blkO = new long[32];
    private static final LittleEndianLongs LONG = LittleEndianLongs.INSTANCE;
    private static final long LANES = 0x00FF00FF00FF00FFL, BIAS = 0x0100010001000100L, ONE = 0x0001000100010001L,
            LOW7 = 0x7F7F7F7F7F7F7F7FL, PAIRS = 0x0000FFFF0000FFFFL;

    /** State of the current search: quarter-sample vector and its cost, and the full-sample centre. */
    private int mvX, mvY, cost;
    private int fullX, fullY;

    /**
     * Searches the best vector for the query's block ({@link MotionQuery#hexIterations} hexagon steps, then
     * a square round, then {@link MotionQuery#subRounds} sub-sample rounds) and writes the results into it.
     * {@link #refine} may finish a search stopped before quarter precision.
     */
    void search(MotionQuery q) {
        Picture ref = q.ref;
        int px = q.px, py = q.py, mvpX = q.mvpX, mvpY = q.mvpY, lambda = q.lambda;
        int[] cand = q.cand;
        int nCand = q.candidates, hexIterations = q.hexIterations, subRounds = q.subRounds;
        setBlock(q);
        stamp++;
        if (stamp == 0) { // wrapped: forget every mark
            java.util.Arrays.fill(visited, 0);
            stamp = 1;
        }
        int bestX = 0, bestY = 0;
        visit(0, 0);
        int best = fullCost(ref, px, py, 0, 0, Integer.MAX_VALUE);
        int c;
        for (int i = -1; i < nCand; i++) {
            int cx = clampX(((i < 0 ? mvpX : cand[2 * i]) + 2) >> 2);
            int cy = clampY(((i < 0 ? mvpY : cand[2 * i + 1]) + 2) >> 2);
            if (!visit(cx, cy)) {
                continue; // a repeated candidate cannot beat the best (its cost was already compared)
            }
            c = fullCost(ref, px, py, cx, cy, best);
            if (c < best) {
                best = c;
                bestX = cx;
                bestY = cy;
            }
        }
        // hexagon iterations (each step moves up to 2 samples), then a square refinement; points already
        // visited are skipped (after a step only three of the six are new): the best cost never rises, so a
        // point that lost once cannot win later, and skipping it changes no decision
        for (int iter = 0; iter < hexIterations; iter++) {
            int nbX = bestX, nbY = bestY;
            for (int k = 0; k < 6; k++) {
                int x = bestX + HEX_X[k], y = bestY + HEX_Y[k];
                if (x < minX || x > maxX || y < minY || y > maxY || !visit(x, y)) {
                    continue;
                }
                c = fullCost(ref, px, py, x, y, best);
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
            if (x < minX || x > maxX || y < minY || y > maxY || !visit(x, y)) {
                continue;
            }
            c = fullCost(ref, px, py, x, y, best);
            if (c < best) {
                best = c;
                bestX = x;
                bestY = y;
            }
        }
        // sub-sample refinement: half then quarter (quarter-sample units)
        int qx = bestX * 4, qy = bestY * 4;
        fullX = bestX;
        fullY = bestY;
        mvX = qx;
        mvY = qy;
        cost = best;
        q.fullX = bestX;
        q.fullY = bestY;
        q.intCost = best;
        if (subRounds != 0 && best != lambda * (mvdBits(qx - mvpX) + mvdBits(qy - mvpY))) {
            // (full-sample precision asked for, or an exact match: nothing to refine)
            prepareLocal(ref, px + bestX - 1, py + bestY - 1);
            if (satd) {
                cost = subCost(px, py, qx, qy, Integer.MAX_VALUE); // the centre in the sub-sample stage's measure
            }
            subSample(px, py, 0, subRounds, 1L << 24);
        }
        q.mvX = mvX;
        q.mvY = mvY;
        q.cost = cost;
    }

    /**
     * Finishes a search of the same block (possibly after searches of other blocks) that stopped after
     * {@code fromRound} sub-sample rounds, from the query's {@link MotionQuery#fullX} / fullY and
     * {@link MotionQuery#mvX} / mvY, for a predictor that may have changed since; writes the results back.
     */
    void refine(MotionQuery q, int fromRound) {
        setBlock(q);
        int px = q.px, py = q.py, qx = q.mvX, qy = q.mvY;
        fullX = q.fullX;
        fullY = q.fullY;
        prepareLocal(q.ref, px + fullX - 1, py + fullY - 1);
        mvX = qx;
        mvY = qy;
        cost = subCost(px, py, qx, qy, Integer.MAX_VALUE);
        if (cost != q.lambda * (mvdBits(qx - q.mvpX) + mvdBits(qy - q.mvpY))) { // else an exact match, as in search
            subSample(px, py, fromRound, 3, 1L << ((qy - fullY * 4 + 3) * 7 + qx - fullX * 4 + 3));
        }
        q.mvX = mvX;
        q.mvY = mvY;
        q.cost = cost;
    }

    private void setBlock(MotionQuery q) {
        byte[] src = q.src;
        int srcOff = q.srcOff, srcStride = q.srcStride, px = q.px, py = q.py, w = q.width, h = q.height;
        Picture ref = q.ref;
        this.bw = w;
        this.bh = h;
        for (int j = 0; j < h; j++) { // the source block once, contiguous (stride 16) for the cost loops
            System.arraycopy(src, srcOff + j * srcStride, blk, j * 16, w);
        }
        for (int k = 0; k < h * 2; k++) { // the same as 16-bit lanes for the SWAR cost loops
            long v = LONG.get(blk, k * 8);
            blkE[k] = (v & LANES) | BIAS;
            blkO[k] = ((v >>> 8) & LANES) | BIAS;
        }
        this.mvpX = q.mvpX;
        this.mvpY = q.mvpY;
        this.lambda = q.lambda;
        this.satd = q.satd;
        minX = Math.max(-MAX_RANGE, -px - MARGIN);
        maxX = Math.min(MAX_RANGE, ref.width - w - px + MARGIN);
        minY = Math.max(-MAX_RANGE, -py - MARGIN);
        maxY = Math.min(MAX_RANGE, ref.height - h - py + MARGIN);
    }

    /**
     * Sub-sample rounds {@code from} .. {@code to - 1} around {@link #mvX}, {@link #mvY} (cost {@link #cost})
     * inside the prepared area of {@link #fullX}, {@link #fullY}: round 0 the eight half-sample neighbours,
     * rounds 1 and 2 a quarter-sample diamond (the second only if the first moved; it reaches the diagonal
     * quarter positions). {@code subVisited} marks the 7x7 quarter positions around the full-sample vector
     * already costed (bit (dy + 3) * 7 + dx + 3), skipped as in the full-sample stage.
     */
    private void subSample(int px, int py, int from, int to, long subVisited) {
        int bestX = fullX, bestY = fullY;
        int qx = mvX, qy = mvY, best = cost;
        int c;
        for (int round = from; round < to; round++) {
            int step = round == 0 ? 2 : 1;
            int points = round == 0 ? 8 : 4;
            int cqx = qx, cqy = qy;
            for (int k = 0; k < points; k++) {
                int x = cqx + (round == 0 ? SQ_X[k] : DIA_X[k]) * step;
                int y = cqy + (round == 0 ? SQ_Y[k] : DIA_Y[k]) * step;
                if (x < bestX * 4 - 3 || x > bestX * 4 + 3 || y < bestY * 4 - 3 || y > bestY * 4 + 3) {
                    continue; // outside the prepared area around the full-sample best
                }
                long bit = 1L << ((y - bestY * 4 + 3) * 7 + x - bestX * 4 + 3);
                if ((subVisited & bit) != 0) {
                    continue;
                }
                subVisited |= bit;
                c = subCost(px, py, x, y, best);
                if (c < best) {
                    best = c;
                    qx = x;
                    qy = y;
                }
            }
            if (round == 1 && qx == cqx && qy == cqy) {
                break;
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

    /** Marks full-sample vector (x, y) as costed in this search; @return false if it already was. */
    private boolean visit(int x, int y) {
        int i = (y + MAX_RANGE) * VISIT_SIDE + x + MAX_RANGE;
        if (visited[i] == stamp) {
            return false;
        }
        visited[i] = stamp;
        return true;
    }

    private int clampX(int x) {
        return Math.max(minX, Math.min(maxX, x));
    }

    private int clampY(int y) {
        return Math.max(minY, Math.min(maxY, y));
    }

    /**
     * SAD + lambda * mvd bits of the full-sample vector (dx, dy). Once the cost reaches {@code limit}
     * (checked every four rows) any value &gt;= limit may be returned: callers only test {@code < limit}.
     */
    private int fullCost(Picture ref, int px, int py, int dx, int dy, int limit) {
        byte[] r = ref.y;
        int rs = ref.strideY;
        int ro = ref.originY + (py + dy) * rs + px + dx;
        int sad = lambda * (mvdBits(dx * 4 - mvpX) + mvdBits(dy * 4 - mvpY));
        int halves = bw >> 3, h = bh;
        long[] se = blkE, so = blkO;
        for (int j = 0; j < h && sad < limit; j += 4) { // stop once it cannot win
            long acc = 0;
            for (int jj = j; jj < j + 4; jj++) {
                int p = ro + jj * rs;
                for (int k = 0; k < halves; k++) {
                    long v = LONG.get(r, p + k * 8);
                    acc += absLanes(se[jj * 2 + k] - (v & LANES)) + absLanes(so[jj * 2 + k] - ((v >>> 8) & LANES));
                }
            }
            sad += sumLanes(acc);
        }
        return sad;
    }

    /**
     * |lane - 256| of four 16-bit lanes holding 256 + a - b with a, b in 0..255 (1..511): lanes at or
     * above 256 keep their low byte, the others become 256 - lane = (lane ^ 0xFF) + 1.
     */
    static long absLanes(long v) {
        long neg = ((v >>> 8) & ONE) ^ ONE;
        return ((v ^ (neg * 0xFF)) & LANES) + neg;
    }

    /** Sum of the four 16-bit lanes (each at most 4080 here: 16 values of at most 255). */
    static int sumLanes(long acc) {
        long pairs = (acc & PAIRS) + ((acc >>> 16) & PAIRS);
        return (int) (pairs + (pairs >>> 32));
    }

    /** Rounded-up average of eight bytes at once, (a + b + 1) >> 1 per byte. */
    static long avgBytes(long a, long b) {
        return (a | b) - (((a ^ b) >>> 1) & LOW7);
    }

    /** As {@link #fullCost} for the quarter-sample vector (qx, qy) inside the prepared local area. */
    private int subCost(int px, int py, int qx, int qy, int limit) {
        int sad = lambda * (mvdBits(qx - mvpX) + mvdBits(qy - mvpY));
        if (sad >= limit) {
            return sad;
        }
        int base = (py + (qy >> 2) - localY) * LS + px + (qx >> 2) - localX;
        int n = select(qx & 3, qy & 3, base);
        byte[] a = pick[0], b = pick[1];
        int ao = pickOff[0], bo = pickOff[1];
        if (satd) {
            return sad + satdCost(a, ao, n == 2 ? b : null, bo, limit - sad);
        }
        int halves = bw >> 3, h = bh;
        long[] se = blkE, so = blkO;
        for (int j = 0; j < h && sad < limit; j += 4) { // stop once it cannot win
            long acc = 0;
            for (int jj = j; jj < j + 4; jj++) {
                int p = ao + jj * LS, q = bo + jj * LS;
                for (int k = 0; k < halves; k++) {
                    long v = LONG.get(a, p + k * 8);
                    if (n == 2) {
                        v = avgBytes(v, LONG.get(b, q + k * 8));
                    }
                    acc += absLanes(se[jj * 2 + k] - (v & LANES)) + absLanes(so[jj * 2 + k] - ((v >>> 8) & LANES));
                }
            }
            sad += sumLanes(acc);
        }
        return sad;
    }

    /** SATD of the block against plane a (or the rounded-up average of a and b), stopping at limit per 4 rows. */
    private int satdCost(byte[] a, int ao, byte[] b, int bo, int limit) {
        int w = bw, h = bh;
        int[] pred = subPred;
        for (int j = 0; j < h; j++) {
            int p = ao + j * LS, q = bo + j * LS;
            for (int i = 0; i < w; i++) {
                int v = a[p + i] & 0xFF;
                pred[j * 16 + i] = b == null ? v : (v + (b[q + i] & 0xFF) + 1) >> 1;
            }
        }
        int cost = 0;
        for (int j = 0; j < h && cost < limit; j += 4) {
            for (int i = 0; i < w; i += 4) {
                cost += IntraAnalysis.satd4x4(blk, j * 16 + i, 16, pred, j * 16 + i, 16);
            }
        }
        return cost;
    }

    /**
     * Chooses the one or two sample planes whose (rounded-up) average is the quarter-sample position
     * (fx, fy) of §8.4.2.2.1 (eq. 8-250..8-261): G full, b = H plane, h = V plane, j = J plane.
     *
     * @return 1 if pick[0] alone is the sample, else 2
     */
    private int select(int fx, int fy, int base) {
        int st = LS;
        byte[] f = localF;
        byte[] planeH = localH, planeV = localV, planeJ = localJ;
        switch (fy * 4 + fx) {
            case 0: return one(f, base);
            case 1: return two(f, base, planeH, base);            // a = (G + b + 1) >> 1
            case 2: return one(planeH, base);                     // b
            case 3: return two(planeH, base, f, base + 1);        // c = (H + b + 1) >> 1
            case 4: return two(f, base, planeV, base);            // d = (G + h + 1) >> 1
            case 5: return two(planeH, base, planeV, base);       // e = (b + h + 1) >> 1
            case 6: return two(planeH, base, planeJ, base);       // f = (b + j + 1) >> 1
            case 7: return two(planeH, base, planeV, base + 1);   // g = (b + m + 1) >> 1
            case 8: return one(planeV, base);                     // h
            case 9: return two(planeV, base, planeJ, base);       // i = (h + j + 1) >> 1
            case 10: return one(planeJ, base);                    // j
            case 11: return two(planeJ, base, planeV, base + 1);  // k = (j + m + 1) >> 1
            case 12: return two(planeV, base, f, base + st);      // n = (M + h + 1) >> 1
            case 13: return two(planeV, base, planeH, base + st); // p = (h + s + 1) >> 1
            case 14: return two(planeJ, base, planeH, base + st); // q = (j + s + 1) >> 1
            default: return two(planeV, base + 1, planeH, base + st); // r = (m + s + 1) >> 1
        }
    }

    /** The 16x16 block at quarter-sample vector (qx, qy) as the search sees it; for tests. */
    void block16(Picture ref, int px, int py, int qx, int qy, byte[] dst) {
        bw = 16;
        bh = 16;
        prepareLocal(ref, px + (qx >> 2) - 1, py + (qy >> 2) - 1);
        int base = (py + (qy >> 2) - localY) * LS + px + (qx >> 2) - localX;
        int n = select(qx & 3, qy & 3, base);
        for (int j = 0; j < 16; j++) {
            for (int i = 0; i < 16; i++) {
                int a = pick[0][pickOff[0] + j * LS + i] & 0xFF;
                dst[j * 16 + i] = (byte) (n == 1 ? a : (a + (pick[1][pickOff[1] + j * LS + i] & 0xFF) + 1) >> 1);
            }
        }
    }

    private int one(byte[] a, int ao) {
        pick[0] = a;
        pickOff[0] = ao;
        return 1;
    }

    private int two(byte[] a, int ao, byte[] b, int bo) {
        pick[0] = a;
        pickOff[0] = ao;
        pick[1] = b;
        pickOff[1] = bo;
        return 2;
    }

    /**
     * Computes the full- and half-sample values of the 18x18 area whose top-left integer sample is
     * (ax, ay) (absolute luma coordinates), §8.4.2.2.1 eq. 8-241..8-247: b = Clip1((b1 + 16) >> 5),
     * h = Clip1((h1 + 16) >> 5), j = Clip1((j1 + 512) >> 10) with j1 the 6-tap over the unclipped b1.
     * Done per macroblock, only for macroblocks that reach the sub-sample stage.
     */
    private void prepareLocal(Picture ref, int ax, int ay) {
        int cw = bw + 2, ch = bh + 2; // the block plus one sample on each side (quarter steps reach +-3/4)
        if (ref == localRef && ax >= localX && ay >= localY && ax + cw <= localX + localWidth && ay + ch <= localY + localHeight) {
            return; // already computed (e.g. a partition whose vector equals the 16x16 one)
        }
        int st = ref.strideY;
        byte[] f = ref.y;
        int o = ref.originY + ay * st + ax;
        for (int r = -2; r < ch + 3; r++) {
            int p = o + r * st - 2;
            int lr = (r + 2) * LS;
            int a0 = f[p] & 0xFF, a1 = f[p + 1] & 0xFF, a2 = f[p + 2] & 0xFF, a3 = f[p + 3] & 0xFF,
                    a4 = f[p + 4] & 0xFF;
            for (int c = 0; c < cw; c++) {
                int a5 = f[p + c + 5] & 0xFF;
                localB1[lr + c] = a0 + a5 - 5 * (a1 + a4) + 20 * (a2 + a3); // b1, eq. 8-241
                a0 = a1;
                a1 = a2;
                a2 = a3;
                a3 = a4;
                a4 = a5;
            }
        }
        for (int r = 0; r < ch; r++) {
            int row = o + r * st;
            for (int c = 0; c < cw; c++) {
                int p = row + c;
                int l = r * LS + c;
                localF[l] = f[p];
                int q = (r + 2) * LS + c;
                int b1 = localB1[q];
                localH[l] = clip((b1 + 16) >> 5);
                int h1 = (f[p - 2 * st] & 0xFF) + (f[p + 3 * st] & 0xFF) - 5 * ((f[p - st] & 0xFF) + (f[p + 2 * st] & 0xFF))
                        + 20 * ((f[p] & 0xFF) + (f[p + st] & 0xFF));
                localV[l] = clip((h1 + 16) >> 5);
                int j1 = localB1[q - 2 * LS] + localB1[q + 3 * LS] - 5 * (localB1[q - LS] + localB1[q + 2 * LS])
                        + 20 * (b1 + localB1[q + LS]);
                localJ[l] = clip((j1 + 512) >> 10);
            }
        }
        localX = ax;
        localY = ay;
        localWidth = cw;
        localHeight = ch;
        localRef = ref;
    }

    /** Forgets the cached sub-sample values; call whenever the reference picture's samples change. */
    void invalidate() {
        localRef = null;
    }

    private static byte clip(int v) {
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
