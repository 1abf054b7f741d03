package org.camstream.h264;

/**
 * Mode decision and coding of the macroblock of a {@link MacroblockContext} in a P slice (x264's
 * analyse stage for P): early P_Skip when every 4x4 residual of the skip prediction is small; P_Skip
 * when its residual quantises to nothing; else the 16x16 motion search, and where its match is poor and
 * uneven over the quadrants 16x8 / 8x16 (and 8x8 if a split pays) decided on full-sample costs, then sub-sample refinement of
 * the winning split only. The coded inter macroblock then competes with P_Skip, and, where Intra_16x16
 * / Intra_4x4 beat it on SATD, with the coded intra macroblock, on J = SSD + lambda * bits
 * ({@link RdCost}). Which of these run is set by the preset's {@link Tools}.
 *
 * <p>One per slice; owns the motion search and its {@link MotionQuery}; allocation-free.
 */
final class InterAnalysis {
    /** 4x4 SAD below which a block is taken as residual-free for early P_Skip: ~2 quantiser steps (§8.5.12.1 Qstep). */
    private static final int[] SKIP_SAD = new int[52];

    static {
        for (int qp = 0; qp < 52; qp++) {
            SKIP_SAD[qp] = (int) (2.0 * 0.625 * Math.pow(2.0, qp / 6.0));
        }
    }

    /** Partition geometry per shape (MvPrediction.SHAPE_*), in 4x4 blocks: Table 7-13 / 7-17 partitions. */
    private static final int[][] PART_X = {{0}, {0, 0}, {0, 2}, {0, 2, 0, 2}};
    private static final int[][] PART_Y = {{0}, {0, 2}, {0, 0}, {0, 0, 2, 2}};
    private static final int[][] PART_W = {{4}, {4, 4}, {2, 2}, {2, 2, 2, 2}};
    private static final int[][] PART_H = {{4}, {2, 2}, {4, 4}, {2, 2, 2, 2}};
    private static final int[] PARTS = {1, 2, 2, 4};
    /** mb_type ue(v) bits (Table 7-13: 0..3), plus four sub_mb_type ue(0) for P_8x8 (Table 7-17). */
    private static final int[] TYPE_BITS = {1, 3, 3, 5 + 4};
    private static final int[] MB_TYPE = {CodedMacroblock.P_L0_16X16, CodedMacroblock.P_L0_16X8,
        CodedMacroblock.P_L0_8X16, CodedMacroblock.P_8X8};

    /** See {@link #quadrantsDiffer}. */
    private static final int QUADRANT_SPREAD = 2;
    private static final LittleEndianLongs LONG = LittleEndianLongs.INSTANCE;
    private static final long LANES = 0x00FF00FF00FF00FFL, BIAS = 0x0100010001000100L, PAIRS = 0x0000FFFF0000FFFFL;

    private final MacroblockContext c;
    private final RdCost rd;
    private final IntraCoder intraCoder;
    private final MotionSearch me = new MotionSearch();
    /** The motion search's inputs and results for the block being searched (reused, never reallocated). */
    private final MotionQuery query = new MotionQuery();
    private final byte[] tmpY = new byte[256], tmpU = new byte[64], tmpV = new byte[64];
    private final int[] mvp = new int[2], skipMv = new int[2];
    /** SSD of the P_Skip prediction of the current macroblock, or -1 if P_Skip is not possible. */
    private long ssdSkip;
    /** Vectors and predictors {x0, y0, x1, y1, ...} (up to four partitions) of the chosen and the trial partitioning. */
    private final int[] partMv = new int[8], partMvp = new int[8], trialMv = new int[8], trialMvp = new int[8];
    /** Full-sample vectors per partition, {x0, y0, ...} in samples, for the sub-sample refinement. */
    private final int[] partFull = new int[8], trialFull = new int[8];

    InterAnalysis(MacroblockContext c, RdCost rd, IntraCoder intraCoder) {
        this.c = c;
        this.rd = rd;
        this.intraCoder = intraCoder;
    }

    /** The reference picture holds new samples: forget what the motion search cached of the old one. */
    void newReference() {
        me.invalidate();
    }

    /** Decides and codes the macroblock; @return true if it is P_Skip (nothing to write but the run) */
    boolean code() {
        MacroblockContext c = this.c;
        MacroblockInfo info = c.info;
        Tools tools = c.tools;
        int mbX = c.mbX, mbY = c.mbY, mbAddr = c.mbAddr, lambda = c.lambda;
        info.intra[mbAddr] = false;
        c.intra.markNotI4(mbAddr);
        MvPrediction.predictSkip(info, mbX, mbY, c.mbWidth, skipMv);
        MvPrediction.predict16x16(info, mbX, mbY, c.mbWidth, mvp);
        boolean skipOk = mvInside(skipMv[0], skipMv[1]);
        ssdSkip = -1;
        if (skipOk) {
            predictInterBytes(skipMv[0], skipMv[1]);
            if (blockSadsBelow(c.srcY, c.srcOff, c.strideY, tmpY, 16, SKIP_SAD[c.qp])
                    && blockSadsBelow(c.srcU, c.srcOffC, c.strideC, tmpU, 8, SKIP_SAD[c.qpc])
                    && blockSadsBelow(c.srcV, c.srcOffC, c.strideC, tmpV, 8, SKIP_SAD[c.qpc])) {
                // every 4x4 residual is too small to survive quantisation by much: P_Skip without transforming
                copyPrediction();
                c.markSkip(skipMv[0], skipMv[1]);
                return true;
            }
            toInt(); // the int copies of the prediction, for the residual and cost loops
            // the SSD only feeds the RD checks (P_Skip and intra on J): without them the luma SAD alone
            int sadSkip;
            if (tools.rdSkip || tools.rdIntra) {
                ssdSkip = rd.ssdPrediction();
                sadSkip = rd.predictionSadLuma();
            } else {
                sadSkip = rd.predictionSadLumaOnly();
            }
            if (sadSkip < 96 * lambda + 256 && c.coder.interResidualVanishes(c.srcY, c.srcOff,
                    c.strideY, c.predInter, c.qp, c.srcU, c.srcV, c.srcOffC, c.strideC, c.interU, c.interV, c.qpc)) {
                copyPrediction(); // no residual: the reconstruction is the prediction
                c.markSkip(skipMv[0], skipMv[1]);
                return true;
            }
        }
        MotionQuery q = query.clearCandidates();
        if (mbX > 0) {
            q.addCandidate(info.mvX[(mbAddr - 1) * 16], info.mvY[(mbAddr - 1) * 16]);
        }
        if (info.topAvailable(mbY)) { // never a macroblock of another slice: it may be coding right now
            q.addCandidate(info.mvX[(mbAddr - c.mbWidth) * 16], info.mvY[(mbAddr - c.mbWidth) * 16]);
        }
        if (skipOk) {
            q.addCandidate(skipMv[0], skipMv[1]);
        }
        q.block(c.srcY, c.srcOff, c.strideY, c.ref, mbX * 16, mbY * 16, 16, 16).predictor(mvp[0], mvp[1], lambda)
                .effort(tools.hexIterations, tools.subRounds).satd(tools.satdSubpel);
        me.search(q);
        int mvx = q.mvX, mvy = q.mvY;
        int cost16 = q.cost;
        partMv[0] = mvx;
        partMv[1] = mvy;
        partMvp[0] = mvp[0];
        partMvp[1] = mvp[1];
        int shape = MvPrediction.SHAPE_16X16;
        boolean poorMatch = cost16 > 256 + 16 * lambda;
        // smaller partitions only where the 16x16 match is poor, and poor in parts: where all four quadrants
        // match equally badly (sensor noise, fine texture in flux) no split finds a better vector for one of them
        if (tools.partitions && poorMatch && quadrantsDiffer(q.fullX, q.fullY)) {
            q.addCandidate(mvx, mvy);
            // shapes compared on full-sample costs (the 16x16 one too, for fairness): only the winner pays for
            // the sub-sample stage (cheaper and no worse on testsrc2 / mandelbrot)
            int best = q.intCost + lambda * TYPE_BITS[shape];
            for (int sh = MvPrediction.SHAPE_16X8; sh <= MvPrediction.SHAPE_8X8; sh++) {
                if (sh == MvPrediction.SHAPE_8X8 && shape == MvPrediction.SHAPE_16X16) {
                    break; // 8x8 only when a two-way split already paid off
                }
                int cost = searchPartitions(sh, best - lambda * TYPE_BITS[sh]) + lambda * TYPE_BITS[sh];
                if (cost < best) {
                    best = cost;
                    shape = sh;
                    System.arraycopy(trialMv, 0, partMv, 0, 8);
                    System.arraycopy(trialMvp, 0, partMvp, 0, 8);
                    System.arraycopy(trialFull, 0, partFull, 0, 8);
                }
            }
            if (shape != MvPrediction.SHAPE_16X16) {
                refinePartitions(shape);
            }
        }
        int parts = PARTS[shape];
        setShapeVectors(shape);
        predictShape(shape);
        int interCost = lambda * TYPE_BITS[shape];
        for (int k = 0; k < 2 * parts; k++) {
            interCost += lambda * MotionSearch.mvdBits(partMv[k] - partMvp[k]);
        }
        for (int b = 0; b < 16; b++) {
            int bx = (b & 3) * 4, by = (b >> 2) * 4;
            interCost += c.intra.satd4x4(c.srcY, c.srcOff + by * c.strideY + bx, c.strideY, c.predInter,
                    by * 16 + bx, 16);
        }
        // only an intra cost below the inter one matters: the SATD sums stop there (same decision, less work)
        int costI16 = tools.intraInP ? c.intra.decide16x16(c.srcY, c.srcOff, c.strideY, c.cur, mbX, mbY, lambda,
                c.predIntra, c.mb, interCost - 4 * lambda) + 4 * lambda : Integer.MAX_VALUE;
        double lambdaSsd = RdCost.lambdaSsd(c.qp);
        boolean intraContends = costI16 < interCost;
        if (!intraContends && tools.intra4x4P) {
            // Intra_4x4 also where Intra_16x16 loses: fine detail (text, thin edges) that no vector matches
            // well; x264 analyses both (its analyse i4x4). Coded here already if it wins on SATD.
            intraContends = intraCoder.codeBelow(costI16, true, interCost);
            if (intraContends && !tools.rdIntra) {
                return false;
            }
        }
        if (!intraContends) {
            if (codeResidual(shape, skipOk)) {
                return true;
            }
            // P_Skip (one bit of mb_skip_run, about) against the coded residual, on J
            if (tools.rdSkip && ssdSkip >= 0 && c.coder.lumaCoeffs + c.coder.chromaCoeffs <= RdCost.RD_MAX_COEFFS
                    && ssdSkip + lambdaSsd <= rd.ssdMacroblock() + lambdaSsd * rd.codedBits()) {
                codeSkip();
                return true;
            }
            return false;
        }
        // Intra is a contender on SATD: decide on the real cost J = SSD + lambda * bits of both codings
        // (SATD overrates intra where the reference is noisy, since the inter residual is mostly quantised
        // away, §8.5.12, while an intra macroblock pays for its mb_type, DC and chroma).
        if (!tools.rdIntra) {
            intraCoder.code(costI16, true);
            return false;
        }
        boolean skip = codeResidual(shape, skipOk);
        double jInter = rd.ssdMacroblock() + lambdaSsd * (skip ? 1 : rd.codedBits());
        double jSkip = ssdSkip >= 0 ? ssdSkip + lambdaSsd : Double.MAX_VALUE;
        intraCoder.code(costI16, true);
        double jIntra = rd.ssdMacroblock() + lambdaSsd * rd.bits(true);
        if (jIntra < jInter && jIntra < jSkip) {
            return false;
        }
        if (jSkip <= jInter) {
            codeSkip();
            return true;
        }
        // back to the inter coding: same inputs, same result
        info.intra[mbAddr] = false;
        c.intra.markNotI4(mbAddr);
        setShapeVectors(shape);
        return codeResidual(shape, skipOk);
    }

    /**
     * Whether the 8x8 quadrants of the macroblock match the reference at the full-sample vector (fx, fy)
     * unevenly: the largest quadrant SAD over {@link #QUADRANT_SPREAD} times the smallest. On 640x480 at
     * 3 Mb/s (FAST) the partition search then runs on a fraction of the noise and mandelbrot macroblocks,
     * for -0.01 to -0.02 dB; at 3x testsrc2 lost 0.2 dB.
     */
    private boolean quadrantsDiffer(int fx, int fy) {
        MacroblockContext c = this.c;
        Picture ref = c.ref;
        return quadrantsDiffer(c.srcY, c.srcOff, c.strideY, ref.y,
                ref.originY + (c.mbY * 16 + fy) * ref.strideY + c.mbX * 16 + fx, ref.strideY);
    }

    /**
     * As {@link #quadrantsDiffer(int, int)} for the 16x16 blocks at {@code srcOff} and {@code refOff}; the
     * SADs eight samples per {@code long} as in {@link #blockSadsBelow} (an 8x8 quadrant: two differences of
     * at most 255 per lane and row, at most 4080 per lane over its eight rows).
     */
    static boolean quadrantsDiffer(byte[] src, int srcOff, int srcStride, byte[] ref, int refOff, int refStride) {
        LittleEndianLongs le = LONG;
        int min = Integer.MAX_VALUE, max = 0;
        for (int y = 0; y < 16; y += 8) {
            for (int x = 0; x < 16; x += 8) {
                long acc = 0;
                for (int j = y; j < y + 8; j++) {
                    long s = le.get(src, srcOff + j * srcStride + x), r = le.get(ref, refOff + j * refStride + x);
                    acc += MotionSearch.absLanes(((s & LANES) | BIAS) - (r & LANES))
                            + MotionSearch.absLanes((((s >>> 8) & LANES) | BIAS) - ((r >>> 8) & LANES));
                }
                int sad = MotionSearch.sumLanes(acc);
                min = Math.min(min, sad);
                max = Math.max(max, sad);
            }
        }
        return max > QUADRANT_SPREAD * min;
    }

    /**
     * Codes the residual of the chosen inter partitioning (vectors in partMv / partMvp and info, prediction in
     * predInter / interU / interV) and reconstructs it.
     *
     * @return true if the result is identical to P_Skip (then marked as such, §8.4.1.1)
     */
    private boolean codeResidual(int shape, boolean skipOk) {
        MacroblockContext c = this.c;
        CodedMacroblock mb = c.mb;
        Picture cur = c.cur;
        rd.newCoding();
        mb.cbpLuma = c.coder.codeInterLuma(c.srcY, c.srcOff, c.strideY, c.predInter, c.qp, mb, cur.y, c.recOff,
                cur.strideY);
        mb.cbpChroma = c.coder.codeChroma(c.srcU, c.srcV, c.srcOffC, c.strideC, c.interU, c.interV, c.qpc, false, mb,
                cur.u, cur.v, c.recOffC, cur.strideC);
        boolean asSkip = shape == MvPrediction.SHAPE_16X16 && skipOk && partMv[0] == skipMv[0]
                && partMv[1] == skipMv[1];
        if (asSkip && mb.cbpLuma == 0 && mb.cbpChroma == 0) {
            c.markSkip(partMv[0], partMv[1]); // identical to P_Skip, §8.4.1.1
            return true;
        }
        mb.type = MB_TYPE[shape];
        for (int k = 0; k < 2 * PARTS[shape]; k++) {
            mb.mvd[k] = partMv[k] - partMvp[k];
        }
        if (c.tools.rdChroma && mb.cbpChroma != 0 && c.coder.lumaCoeffs + c.coder.chromaCoeffs <= RdCost.RD_MAX_COEFFS
                && !rd.keepChroma(true, c.interU, c.interV) && asSkip && mb.cbpLuma == 0) {
            c.markSkip(partMv[0], partMv[1]); // identical to P_Skip, §8.4.1.1
            return true;
        }
        return false;
    }

    /** Makes the macroblock P_Skip (§8.4.1.1): reconstruction = the prediction with the skip vector. */
    private void codeSkip() {
        predictInter(skipMv[0], skipMv[1]);
        copyPrediction();
        c.info.intra[c.mbAddr] = false;
        c.intra.markNotI4(c.mbAddr);
        c.markSkip(skipMv[0], skipMv[1]);
    }

    /**
     * Motion search of the partitions of a 16x8, 8x16 or 8x8 split in decoding order; each partition's
     * prediction (§8.4.1.3) uses the earlier partitions' vectors, written to {@code info} for that purpose.
     *
     * @param budget the shape cannot win once the summed cost reaches this: the remaining partitions are
     *        then not searched (the caller's decision is the same, since it keeps the cheaper shape)
     * @return summed search cost (any value &gt;= budget if abandoned); vectors and predictors in trialMv / trialMvp
     */
    private int searchPartitions(int shape, int budget) {
        MacroblockContext c = this.c;
        int total = 0;
        for (int part = 0; part < PARTS[shape]; part++) {
            int x = PART_X[shape][part], y = PART_Y[shape][part], w = PART_W[shape][part], h = PART_H[shape][part];
            MvPrediction.predictPartition(c.info, c.mbX, c.mbY, c.mbWidth, x, y, w, shape, part, mvp);
            MotionQuery q = query.block(c.srcY, c.srcOff + y * 4 * c.strideY + x * 4, c.strideY, c.ref,
                    c.mbX * 16 + x * 4, c.mbY * 16 + y * 4, w * 4, h * 4).predictor(mvp[0], mvp[1], c.lambda)
                    .effort(2, 0); // short, full-sample
            me.search(q); // candidates: those of the 16x16 search and its result
            trialMv[2 * part] = q.mvX;
            trialMv[2 * part + 1] = q.mvY;
            trialFull[2 * part] = q.fullX;
            trialFull[2 * part + 1] = q.fullY;
            trialMvp[2 * part] = mvp[0];
            trialMvp[2 * part + 1] = mvp[1];
            setMvBlocks(x, y, w, h, q.mvX, q.mvY);
            total += q.cost;
            if (total >= budget) {
                return total;
            }
        }
        return total;
    }

    /**
     * Half- and quarter-sample refinement of the chosen split's partitions (their shape was decided on
     * full-sample searches, which spares the sub-sample stage of the shapes that lose), in decoding order,
     * each with the predictor from the refined vectors before it (§8.4.1.3).
     */
    private void refinePartitions(int shape) {
        MacroblockContext c = this.c;
        for (int part = 0; part < PARTS[shape]; part++) {
            int x = PART_X[shape][part], y = PART_Y[shape][part], w = PART_W[shape][part], h = PART_H[shape][part];
            MvPrediction.predictPartition(c.info, c.mbX, c.mbY, c.mbWidth, x, y, w, shape, part, mvp);
            MotionQuery q = query.block(c.srcY, c.srcOff + y * 4 * c.strideY + x * 4, c.strideY, c.ref,
                    c.mbX * 16 + x * 4, c.mbY * 16 + y * 4, w * 4, h * 4).predictor(mvp[0], mvp[1], c.lambda)
                    .satd(c.tools.satdSubpel);
            q.fullX = partFull[2 * part];
            q.fullY = partFull[2 * part + 1];
            q.mvX = partMv[2 * part];
            q.mvY = partMv[2 * part + 1];
            me.refine(q, 0);
            partMv[2 * part] = q.mvX;
            partMv[2 * part + 1] = q.mvY;
            partMvp[2 * part] = mvp[0];
            partMvp[2 * part + 1] = mvp[1];
            setMvBlocks(x, y, w, h, q.mvX, q.mvY);
        }
    }

    private void setShapeVectors(int shape) {
        for (int p = 0; p < PARTS[shape]; p++) {
            setMvBlocks(PART_X[shape][p], PART_Y[shape][p], PART_W[shape][p], PART_H[shape][p], partMv[2 * p],
                    partMv[2 * p + 1]);
        }
    }

    private void setMvBlocks(int x, int y, int w, int h, int mvx, int mvy) {
        int base = c.mbAddr * 16;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                c.info.mvX[base + j * 4 + i] = (short) mvx;
                c.info.mvY[base + j * 4 + i] = (short) mvy;
            }
        }
    }

    /** Motion-compensated prediction of the whole macroblock for the chosen partitioning (§8.4.2.2). */
    private void predictShape(int shape) {
        Picture ref = c.ref;
        for (int p = 0; p < PARTS[shape]; p++) {
            int x = PART_X[shape][p] * 4, y = PART_Y[shape][p] * 4, w = PART_W[shape][p] * 4, h = PART_H[shape][p] * 4;
            int mx = partMv[2 * p], my = partMv[2 * p + 1];
            Interpolator.predictLuma(ref, c.mbX * 16 + x, c.mbY * 16 + y, mx, my, w, h, tmpY, y * 16 + x, 16);
            Interpolator.predictChroma(ref, c.mbX * 8 + x / 2, c.mbY * 8 + y / 2, mx, my, w / 2, h / 2, tmpU, tmpV,
                    (y / 2) * 8 + x / 2, 8);
        }
        toInt();
    }

    /** True if the 6-tap support of the vector stays inside the reference padding. */
    private boolean mvInside(int mvx, int mvy) {
        int xi = c.mbX * 16 + (mvx >> 2), yi = c.mbY * 16 + (mvy >> 2);
        int lim = Picture.PAD_Y - 3;
        return xi >= -lim && yi >= -lim && xi + 16 <= c.ref.width + lim - 1 && yi + 16 <= c.ref.height + lim - 1;
    }

    /** Motion-compensated prediction of the 16x16 luma and 8x8 chroma blocks (§8.4.2.2). */
    private void predictInter(int mvx, int mvy) {
        predictInterBytes(mvx, mvy);
        toInt();
    }

    /** As {@link #predictInter} into tmpY / tmpU / tmpV only (not their int copies). */
    private void predictInterBytes(int mvx, int mvy) {
        Interpolator.predictLuma(c.ref, c.mbX * 16, c.mbY * 16, mvx, mvy, 16, 16, tmpY, 0, 16);
        Interpolator.predictChroma(c.ref, c.mbX * 8, c.mbY * 8, mvx, mvy, 8, 8, tmpU, tmpV, 0, 8);
    }

    private void toInt() {
        int[] predInter = c.predInter, interU = c.interU, interV = c.interV;
        for (int i = 0; i < 256; i++) {
            predInter[i] = tmpY[i] & 0xFF;
        }
        for (int i = 0; i < 64; i++) {
            interU[i] = tmpU[i] & 0xFF;
            interV[i] = tmpV[i] & 0xFF;
        }
    }

    /**
     * True if every 4x4 block of an n x n block (n = 16 or 8; pred with row stride n) has a SAD below limit.
     * Eight samples per {@code long} as in {@link MotionSearch} (SWAR): even and odd bytes in 16-bit lanes
     * biased by 256, so lanes 0-1 hold the left 4x4 block of the eight samples and lanes 2-3 the right one
     * (four rows of two differences per lane: at most 2040, no carry between lanes).
     */
    private static boolean blockSadsBelow(byte[] src, int srcOff, int srcStride, byte[] pred, int n, int limit) {
        LittleEndianLongs le = LONG;
        for (int by = 0; by < n; by += 4) {
            for (int g = 0; g < n; g += 8) {
                long acc = 0;
                for (int j = by; j < by + 4; j++) {
                    long s = le.get(src, srcOff + j * srcStride + g), p = le.get(pred, j * n + g);
                    acc += MotionSearch.absLanes(((s & LANES) | BIAS) - (p & LANES))
                            + MotionSearch.absLanes((((s >>> 8) & LANES) | BIAS) - ((p >>> 8) & LANES));
                }
                long pairs = (acc & PAIRS) + ((acc >>> 16) & PAIRS);
                if ((int) (pairs & 0xFFFF_FFFFL) >= limit || (int) (pairs >>> 32) >= limit) {
                    return false; // most macroblocks that are not skipped fail early
                }
            }
        }
        return true;
    }

    /** Reconstruction of a macroblock without residual = its inter prediction (§8.4.2 + §8.5.14). */
    private void copyPrediction() {
        Picture cur = c.cur;
        for (int j = 0; j < 16; j++) {
            System.arraycopy(tmpY, j * 16, cur.y, c.recOff + j * cur.strideY, 16);
        }
        for (int j = 0; j < 8; j++) {
            System.arraycopy(tmpU, j * 8, cur.u, c.recOffC + j * cur.strideC, 8);
            System.arraycopy(tmpV, j * 8, cur.v, c.recOffC + j * cur.strideC, 8);
        }
    }
}
