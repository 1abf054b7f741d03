package org.camstream.h264;

/**
 * Encodes one slice (a band of whole macroblock rows of a picture, H.264 §7.3.3): per macroblock the mode decision (P_Skip, P_L0_16x16,
 * P_L0_L0_16x8 / 8x16, P_8x8, Intra_16x16, Intra_4x4), residual coding and reconstruction, then the
 * slice data syntax (§7.3.4, mb_skip_run for P slices) into its own RBSP. The {@link FrameEncoder}
 * cuts the picture into slices, runs them (in parallel when it has worker threads), deblocks and
 * updates the reference. Which of the tools below run is set by the {@link Tools} of the preset.
 *
 * <p>P decision order: early P_Skip when every 4x4 residual of the skip prediction is small; P_Skip
 * when its residual quantises to nothing; else 16x16 motion search, 16x8/8x16 (and 8x8 if a split
 * pays) when the 16x16 match is poor, decided on full-sample costs, then sub-sample refinement of the
 * winning split only. The coded inter macroblock then competes with P_Skip, and, where Intra_16x16 /
 * Intra_4x4 beat it on SATD, with the coded intra macroblock, on J = SSD + lambda * bits (exact bits
 * from a dry run of the macroblock writer).
 *
 * <p>A per-slice context: owns the motion search, residual coder, the macroblock being coded, its bit
 * writers and every scratch buffer, so slices run on different threads without sharing mutable state
 * (the picture-wide arrays are written only at this slice's macroblocks and read only inside it).
 * Nothing is allocated per frame. Not thread-safe.
 */
final class SliceEncoder {
    /** SAD-domain lambda per QP, ~0.85 * 2^((QP-12)/6) (a choice of this encoder). */
    private static final int[] LAMBDA = new int[52];

    static {
        for (int qp = 0; qp < 52; qp++) {
            LAMBDA[qp] = Math.max(1, (int) (0.85 * Math.pow(2.0, (qp - 12) / 6.0)));
        }
    }

    /**
     * SSD-domain lambda per QP for rate-distortion decisions (a choice of this encoder; the standard leaves
     * decisions open): the H.264 reference encoder's 0.85 * 2^((QP-12)/3). Scaled by 0.5 / 0.7 / 0.85 / 1.4 / 2
     * instead, the noise clip at 3 Mb/s lost Y-PSNR, and 1.4 and 2 bought testsrc2's luma with its chroma.
     */
    private static final double[] LAMBDA_SSD = new double[52];

    static {
        for (int qp = 0; qp < 52; qp++) {
            LAMBDA_SSD[qp] = 0.85 * Math.pow(2.0, (qp - 12) / 3.0);
        }
    }

    /**
     * Inter macroblocks with more nonzero levels than this skip the chroma and P_Skip RD checks and keep their
     * residual (an encoder choice for speed: such macroblocks cost some 300 bits and more, where the checks
     * measured almost never changing the decision; 320x240 testsrc2 ~4 % faster, quality within 0.05 dB).
     */
    private static final int RD_MAX_COEFFS = 80;

    /** 4x4 SAD below which a block is taken as residual-free for early P_Skip: ~2 quantiser steps (§8.5.12.1 Qstep). */
    private static final int[] SKIP_SAD = new int[52];

    static {
        for (int qp = 0; qp < 52; qp++) {
            SKIP_SAD[qp] = (int) (2.0 * 0.625 * Math.pow(2.0, qp / 6.0));
        }
    }

    private final int mbWidth;
    private final int strideY, strideC;
    private final byte[] srcY, srcU, srcV;
    /** The picture being reconstructed and the reference, for the current {@link #encode} call. */
    private Picture cur, ref;
    private Tools tools;
    private final MacroblockInfo info;
    private final IntraAnalysis intra;
    /** The picture's temporal QP history (each slice touches only its own macroblocks). */
    private final Persistence persistence;
    private final MotionSearch me = new MotionSearch();
    /** The motion search's inputs and results for the block being searched (reused, never reallocated). */
    private final MotionQuery query = new MotionQuery();
    private final ResidualCoder coder = new ResidualCoder();
    private final CodedMacroblock mb = new CodedMacroblock();
    /** This slice's RBSP (slice_layer_without_partitioning_rbsp, §7.3.2.8). */
    final BitWriter bw;
    /** Scratch writer for the dry runs that count a macroblock's bits. */
    private final BitWriter rdBits = new BitWriter(4096);

    private final int[] predIntra = new int[256];
    private final int[] predInter = new int[256];
    private final int[] predU = new int[64], predV = new int[64];
    private final int[] interU = new int[64], interV = new int[64];
    private final byte[] tmpY = new byte[256], tmpU = new byte[64], tmpV = new byte[64];
    private final int[] mvp = new int[2], skipMv = new int[2];
    /** SSD of the P_Skip prediction of the current macroblock, or -1 if P_Skip is not possible. */
    private long ssdSkip;
    /** Bits of the inter macroblock coded last, if counted (else -1). */
    private long codedBits;
    /** Where the chroma residual started in the last {@link #mbBits} dry run. */
    private long chromaStart;
    /** Luma SAD left by {@link #ssdPrediction}. */
    private int predSadLuma;
    /** Vectors and predictors {x0, y0, x1, y1, ...} (up to four partitions) of the chosen and the trial partitioning. */
    private final int[] partMv = new int[8], partMvp = new int[8], trialMv = new int[8], trialMvp = new int[8];
    /** Full-sample vectors per partition, {x0, y0, ...} in samples, for the sub-sample refinement. */
    private final int[] partFull = new int[8], trialFull = new int[8];

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

    /**
     * @param src   the picture's source planes (macroblock-aligned, filled by the caller)
     * @param info  the picture's macroblock side information, with its slice layout
     * @param modes the picture's Intra4x4PredMode map ({@link IntraAnalysis#newModeMap})
     * @param maxRows most macroblock rows this slice will hold (sizes the bit writer)
     */
    SliceEncoder(FrameEncoder src, MacroblockInfo info, byte[] modes, Persistence persistence, int maxRows) {
        this.persistence = persistence;
        this.mbWidth = info.mbWidth;
        this.strideY = src.strideY;
        this.strideC = src.strideC;
        this.srcY = src.srcY;
        this.srcU = src.srcU;
        this.srcV = src.srcV;
        this.info = info;
        this.intra = new IntraAnalysis(info, modes);
        this.bw = new BitWriter(mbWidth * maxRows * 64 + 64);
    }

    /**
     * Encodes macroblock rows [firstRow, endRow) of the picture as one slice RBSP into {@link #bw},
     * reconstructing into {@code cur} (not deblocked: the caller filters once all slices are done).
     */
    void encode(Picture cur, Picture ref, Tools tools, int firstRow, int endRow, boolean idr, int frameNum,
            int idrPicId, int qp, int qpFloor, boolean deblock) {
        this.cur = cur;
        this.ref = ref;
        this.tools = tools;
        bw.reset();
        SliceWriter.writeHeader(bw, firstRow * mbWidth, idr, frameNum, idrPicId, qp, deblock);
        coder.strongIntraRounding(idr);
        int skipRun = 0;
        int qpPred = qp; // QP_Y,PRED: the slice QP before the slice's first macroblock (§7.4.5)
        me.invalidate(); // the reference picture holds new samples
        for (int mbY = firstRow; mbY < endRow; mbY++) {
            for (int mbX = 0; mbX < mbWidth; mbX++) {
                int mbAddr = mbY * mbWidth + mbX;
                int mbQp = tools.temporalQp ? Math.max(qpFloor, qp - persistence.offset(mbAddr)) : qp;
                boolean skip;
                while (true) {
                    mb.qpDelta = 0;
                    skip = idr ? encodeIntraAt(mbX, mbY, mbQp) : encodeInter(mbX, mbY, mbQp, Quant.chromaQp(mbQp),
                            LAMBDA[mbQp]);
                    // Baseline codes |level| <= 2063 only (§9.2.2.1); DC levels of saturated content pass it at
                    // QP < 16 (chroma DC below QP'c 4): code such a macroblock at a coarser QP, never clip levels
                    if (skip || mbQp >= MAX_QP_WITH_BIG_LEVELS || mb.levelsFitBaseline()) {
                        break;
                    }
                    mbQp++;
                }
                // mb_qp_delta is sent only with a residual or Intra_16x16 (§7.3.5); otherwise QP_Y = QP_Y,PRED
                if (!skip && (mb.type == CodedMacroblock.I16X16 || mb.cbpLuma != 0 || mb.cbpChroma != 0)) {
                    mb.qpDelta = mbQp - qpPred;
                    qpPred = mbQp;
                }
                info.qp[mbAddr] = qpPred; // QP_Y of the macroblock, which the deblocking filter uses (§8.7.2.2)
                if (!idr) {
                    persistence.record(mbAddr, skip);
                }
                if (skip) {
                    skipRun++;
                    continue;
                }
                if (!idr) {
                    bw.ue(skipRun); // mb_skip_run, §7.3.4
                    skipRun = 0;
                }
                MacroblockWriter.write(bw, mb, !idr, info, mbX, mbY, mbWidth);
            }
        }
        if (skipRun > 0) {
            bw.ue(skipRun);
        }
        bw.trailingBits(); // rbsp_slice_trailing_bits, §7.3.2.10
    }

    /**
     * Above this QP no level can leave the Baseline range: the largest, Intra_16x16 DC of a residual of 255
     * everywhere, is 32640 * 13107 / 2^17 ~ 3264 at QP 6 and below 2063 from QP 10 (§8.5.10 scaling).
     */
    private static final int MAX_QP_WITH_BIG_LEVELS = 16;

    /** An intra macroblock of an I slice at mbQp; @return false (never P_Skip) */
    private boolean encodeIntraAt(int mbX, int mbY, int mbQp) {
        encodeIntra(mbX, mbY, mbQp, Quant.chromaQp(mbQp), LAMBDA[mbQp], Integer.MAX_VALUE, false);
        return false;
    }

    /** Codes an intra macroblock (decision I16 vs I4 + chroma); the caller writes it. */
    private void encodeIntra(int mbX, int mbY, int qp, int qpc, int lambda, int i16Cost, boolean pSlice) {
        int mbAddr = mbY * mbWidth + mbX;
        int srcOff = mbY * 16 * strideY + mbX * 16;
        int costI16 = i16Cost != Integer.MAX_VALUE ? i16Cost
                : intra.decide16x16(srcY, srcOff, strideY, cur, mbX, mbY, lambda, predIntra, mb, Integer.MAX_VALUE);
        int recOff = cur.originY + mbY * 16 * cur.strideY + mbX * 16;
        int costI4 = (pSlice ? tools.intra4x4P : tools.intra4x4Idr)
                ? intra.code4x4(srcY, srcOff, strideY, cur, mbX, mbY, qp, lambda, coder, mb, costI16)
                : Integer.MAX_VALUE;
        if (costI4 < costI16) {
            mb.type = CodedMacroblock.I4X4;
        } else {
            mb.type = CodedMacroblock.I16X16;
            intra.markNotI4(mbAddr);
            mb.cbpLuma = coder.codeLuma16x16(srcY, srcOff, strideY, predIntra, qp, mb, cur.y, recOff, cur.strideY);
        }
        int srcOffC = mbY * 8 * strideC + mbX * 8;
        intra.decideChroma(srcU, srcV, srcOffC, strideC, cur, mbX, mbY, lambda, predU, predV, mb);
        int recOffC = cur.originC + mbY * 8 * cur.strideC + mbX * 8;
        mb.cbpChroma = coder.codeChroma(srcU, srcV, srcOffC, strideC, predU, predV, qpc, true, mb,
                cur.u, cur.v, recOffC, cur.strideC);
        // intra macroblocks of P slices: the same chroma RD check as inter ones (in IDR pictures it measured no gain)
        if (mb.cbpChroma != 0 && pSlice && tools.rdChroma) {
            keepChroma(mbX, mbY, qp, srcOffC, recOffC, pSlice, predU, predV);
        }
        info.intra[mbAddr] = true;
        setMv(mbAddr, 0, 0);
    }

    /** @return true if the macroblock is P_Skip (nothing to write but the run) */
    private boolean encodeInter(int mbX, int mbY, int qp, int qpc, int lambda) {
        int mbAddr = mbY * mbWidth + mbX;
        int srcOff = mbY * 16 * strideY + mbX * 16;
        int srcOffC = mbY * 8 * strideC + mbX * 8;
        int recOff = cur.originY + mbY * 16 * cur.strideY + mbX * 16;
        int recOffC = cur.originC + mbY * 8 * cur.strideC + mbX * 8;
        info.intra[mbAddr] = false;
        intra.markNotI4(mbAddr);
        MvPrediction.predictSkip(info, mbX, mbY, mbWidth, skipMv);
        MvPrediction.predict16x16(info, mbX, mbY, mbWidth, mvp);
        boolean skipOk = mvInside(mbX, mbY, skipMv[0], skipMv[1]);
        ssdSkip = -1;
        if (skipOk) {
            predictInter(mbX, mbY, skipMv[0], skipMv[1]);
            if (blockSadsBelow(srcY, srcOff, strideY, predInter, 16, 4, SKIP_SAD[qp])
                    && blockSadsBelow(srcU, srcOffC, strideC, interU, 8, 2, SKIP_SAD[qpc])
                    && blockSadsBelow(srcV, srcOffC, strideC, interV, 8, 2, SKIP_SAD[qpc])) {
                // every 4x4 residual is too small to survive quantisation by much: P_Skip without transforming
                copyPrediction(recOff, recOffC);
                markSkip(mbAddr, skipMv[0], skipMv[1]);
                return true;
            }
            ssdSkip = ssdPrediction(srcOff, srcOffC);
            int sad = predSadLuma;
            if (sad < 96 * lambda + 256 && coder.interResidualVanishes(srcY, srcOff, strideY, predInter, qp, srcU, srcV,
                    srcOffC, strideC, interU, interV, qpc)) {
                copyPrediction(recOff, recOffC); // no residual: the reconstruction is the prediction
                markSkip(mbAddr, skipMv[0], skipMv[1]);
                return true;
            }
        }
        MotionQuery q = query.clearCandidates();
        if (mbX > 0) {
            q.addCandidate(info.mvX[(mbAddr - 1) * 16], info.mvY[(mbAddr - 1) * 16]);
        }
        if (info.topAvailable(mbY)) { // never a macroblock of another slice: it may be coding right now
            q.addCandidate(info.mvX[(mbAddr - mbWidth) * 16], info.mvY[(mbAddr - mbWidth) * 16]);
        }
        if (skipOk) {
            q.addCandidate(skipMv[0], skipMv[1]);
        }
        q.block(srcY, srcOff, strideY, ref, mbX * 16, mbY * 16, 16, 16).predictor(mvp[0], mvp[1], lambda)
                .effort(tools.hexIterations, tools.subRounds);
        me.search(q);
        int mvx = q.mvX, mvy = q.mvY;
        int cost16 = q.cost;
        partMv[0] = mvx;
        partMv[1] = mvy;
        partMvp[0] = mvp[0];
        partMvp[1] = mvp[1];
        int shape = MvPrediction.SHAPE_16X16;
        if (tools.partitions && cost16 > 256 + 16 * lambda) { // smaller partitions only where the 16x16 match is poor (an encoder choice)
            q.addCandidate(mvx, mvy);
            // shapes compared on full-sample costs (the 16x16 one too, for fairness): only the winner pays for
            // the sub-sample stage (an encoder choice; cheaper and no worse on testsrc2 / mandelbrot)
            int best = q.intCost + lambda * TYPE_BITS[shape];
            for (int sh = MvPrediction.SHAPE_16X8; sh <= MvPrediction.SHAPE_8X8; sh++) {
                if (sh == MvPrediction.SHAPE_8X8 && shape == MvPrediction.SHAPE_16X16) {
                    break; // 8x8 only when a two-way split already paid off
                }
                int c = searchPartitions(sh, mbX, mbY, srcOff, lambda, best - lambda * TYPE_BITS[sh])
                        + lambda * TYPE_BITS[sh];
                if (c < best) {
                    best = c;
                    shape = sh;
                    System.arraycopy(trialMv, 0, partMv, 0, 8);
                    System.arraycopy(trialMvp, 0, partMvp, 0, 8);
                    System.arraycopy(trialFull, 0, partFull, 0, 8);
                }
            }
            if (shape != MvPrediction.SHAPE_16X16) {
                refinePartitions(shape, mbX, mbY, srcOff, lambda);
            }
        }
        int parts = PARTS[shape];
        for (int p = 0; p < parts; p++) {
            setMvBlocks(mbAddr, PART_X[shape][p], PART_Y[shape][p], PART_W[shape][p], PART_H[shape][p],
                    partMv[2 * p], partMv[2 * p + 1]);
        }
        predictShape(mbX, mbY, shape);
        int interCost = lambda * TYPE_BITS[shape];
        for (int k = 0; k < 2 * parts; k++) {
            interCost += lambda * MotionSearch.mvdBits(partMv[k] - partMvp[k]);
        }
        for (int b = 0; b < 16; b++) {
            int bx = (b & 3) * 4, by = (b >> 2) * 4;
            interCost += intra.satd4x4(srcY, srcOff + by * strideY + bx, strideY, predInter, by * 16 + bx, 16);
        }
        // only an intra cost below the inter one matters: the SATD sums stop there (same decision, less work)
        boolean tryIntra = tools.intraInP && (!tools.intraPoorMatchOnly || cost16 > 256 + 16 * lambda);
        int costI16 = tryIntra ? intra.decide16x16(srcY, srcOff, strideY, cur, mbX, mbY, lambda, predIntra, mb,
                interCost - 4 * lambda) + 4 * lambda : Integer.MAX_VALUE;
        double lambdaSsd = LAMBDA_SSD[qp];
        if (costI16 >= interCost) {
            if (codeInter(mbX, mbY, qp, qpc, shape, skipOk)) {
                return true;
            }
            // P_Skip (one bit of mb_skip_run, about) against the coded residual, on J (an encoder choice)
            if (tools.rdSkip && ssdSkip >= 0 && coder.lumaCoeffs + coder.chromaCoeffs <= RD_MAX_COEFFS
                    && ssdSkip + lambdaSsd <= ssdMacroblock(srcOff, srcOffC, recOff, recOffC)
                    + lambdaSsd * codedBits(mbX, mbY)) {
                codeSkip(mbX, mbY);
                return true;
            }
            return false;
        }
        // Intra is a contender on SATD: decide on the real cost J = SSD + lambda * bits of both codings
        // (an encoder choice: SATD overrates intra where the reference is noisy, since the inter residual
        // is mostly quantised away, §8.5.12, while an intra macroblock pays for its mb_type, DC and chroma).
        if (!tools.rdIntra) {
            encodeIntra(mbX, mbY, qp, qpc, lambda, costI16, true);
            return false;
        }
        boolean skip = codeInter(mbX, mbY, qp, qpc, shape, skipOk);
        double jInter = ssdMacroblock(srcOff, srcOffC, recOff, recOffC) + lambdaSsd * (skip ? 1 : codedBits(mbX, mbY));
        double jSkip = ssdSkip >= 0 ? ssdSkip + lambdaSsd : Double.MAX_VALUE;
        encodeIntra(mbX, mbY, qp, qpc, lambda, costI16, true);
        double jIntra = ssdMacroblock(srcOff, srcOffC, recOff, recOffC) + lambdaSsd * mbBits(mbX, mbY);
        if (jIntra < jInter && jIntra < jSkip) {
            return false;
        }
        if (jSkip <= jInter) {
            codeSkip(mbX, mbY);
            return true;
        }
        // back to the inter coding: same inputs, same result
        info.intra[mbAddr] = false;
        intra.markNotI4(mbAddr);
        for (int p = 0; p < parts; p++) {
            setMvBlocks(mbAddr, PART_X[shape][p], PART_Y[shape][p], PART_W[shape][p], PART_H[shape][p],
                    partMv[2 * p], partMv[2 * p + 1]);
        }
        return codeInter(mbX, mbY, qp, qpc, shape, skipOk);
    }

    /**
     * Codes the residual of the chosen inter partitioning (vectors in partMv / partMvp and info, prediction in
     * predInter / interU / interV) and reconstructs it.
     *
     * @return true if the result is identical to P_Skip (then marked as such, §8.4.1.1)
     */
    private boolean codeInter(int mbX, int mbY, int qp, int qpc, int shape, boolean skipOk) {
        int mbAddr = mbY * mbWidth + mbX;
        int srcOff = mbY * 16 * strideY + mbX * 16;
        int srcOffC = mbY * 8 * strideC + mbX * 8;
        int recOff = cur.originY + mbY * 16 * cur.strideY + mbX * 16;
        int recOffC = cur.originC + mbY * 8 * cur.strideC + mbX * 8;
        codedBits = -1;
        mb.cbpLuma = coder.codeInterLuma(srcY, srcOff, strideY, predInter, qp, mb, cur.y, recOff, cur.strideY);
        mb.cbpChroma = coder.codeChroma(srcU, srcV, srcOffC, strideC, interU, interV, qpc, false, mb,
                cur.u, cur.v, recOffC, cur.strideC);
        if (shape == MvPrediction.SHAPE_16X16 && skipOk && partMv[0] == skipMv[0] && partMv[1] == skipMv[1]
                && mb.cbpLuma == 0 && mb.cbpChroma == 0) {
            markSkip(mbAddr, partMv[0], partMv[1]); // identical to P_Skip, §8.4.1.1
            return true;
        }
        mb.type = MB_TYPE[shape];
        for (int k = 0; k < 2 * PARTS[shape]; k++) {
            mb.mvd[k] = partMv[k] - partMvp[k];
        }
        if (tools.rdChroma && mb.cbpChroma != 0 && coder.lumaCoeffs + coder.chromaCoeffs <= RD_MAX_COEFFS
                && !keepChroma(mbX, mbY, qp, srcOffC, recOffC, true, interU, interV)) {
            if (shape == MvPrediction.SHAPE_16X16 && skipOk && partMv[0] == skipMv[0] && partMv[1] == skipMv[1]
                    && mb.cbpLuma == 0) {
                markSkip(mbAddr, partMv[0], partMv[1]); // identical to P_Skip, §8.4.1.1
                return true;
            }
        }
        return false;
    }

    /**
     * Rate-distortion check of a macroblock's chroma residual (an encoder choice): if J = SSD + lambda * bits
     * is lower without it, sets CodedBlockPatternChroma to 0 (§7.4.5) and reconstructs chroma as the
     * prediction ({@code predU} / {@code predV}, inter or intra).
     *
     * @return true if the chroma residual stays
     */
    private boolean keepChroma(int mbX, int mbY, int qp, int srcOffC, int recOffC, boolean pSlice, int[] predU,
            int[] predV) {
        double lambdaSsd = LAMBDA_SSD[qp];
        boolean intraMb = mb.type == CodedMacroblock.I4X4 || mb.type == CodedMacroblock.I16X16;
        long bitsWith = mbBits(mbX, mbY, pSlice);
        long ssdWith = 0, ssdWithout = 0;
        for (int j = 0; j < 8; j++) {
            int s = srcOffC + j * strideC, r = recOffC + j * cur.strideC;
            for (int i = 0; i < 8; i++) {
                int su = srcU[s + i] & 0xFF, sv = srcV[s + i] & 0xFF;
                int du = su - (cur.u[r + i] & 0xFF), dv = sv - (cur.v[r + i] & 0xFF);
                int pu = su - predU[j * 8 + i], pv = sv - predV[j * 8 + i];
                ssdWith += du * du + dv * dv;
                ssdWithout += pu * pu + pv * pv;
            }
        }
        int cbpChroma = mb.cbpChroma;
        long bitsWithout = intraMb ? -1 : MacroblockWriter.bitsWithoutChroma(mb, bitsWith, chromaStart);
        mb.cbpChroma = 0;
        if (intraMb) {
            bitsWithout = mbBits(mbX, mbY, pSlice); // the pattern sits in mb_type (I_16x16) or uses the intra column
        }
        if (ssdWith + lambdaSsd * bitsWith <= ssdWithout + lambdaSsd * bitsWithout) {
            mb.cbpChroma = cbpChroma;
            codedBits = bitsWith;
            return true;
        }
        codedBits = bitsWithout;
        ResidualCoder.copyPred(predU, 0, 8, 8, 8, cur.u, recOffC, cur.strideC);
        ResidualCoder.copyPred(predV, 0, 8, 8, 8, cur.v, recOffC, cur.strideC);
        return false;
    }

    /** Makes the macroblock P_Skip (§8.4.1.1): reconstruction = the prediction with the skip vector. */
    private void codeSkip(int mbX, int mbY) {
        int mbAddr = mbY * mbWidth + mbX;
        predictInter(mbX, mbY, skipMv[0], skipMv[1]);
        copyPrediction(cur.originY + mbY * 16 * cur.strideY + mbX * 16, cur.originC + mbY * 8 * cur.strideC + mbX * 8);
        info.intra[mbAddr] = false;
        intra.markNotI4(mbAddr);
        markSkip(mbAddr, skipMv[0], skipMv[1]);
    }

    /**
     * SSD of the source against the inter prediction now in predInter / interU / interV, luma and chroma;
     * leaves the luma SAD in {@link #predSadLuma} (one pass for both).
     */
    private long ssdPrediction(int srcOff, int srcOffC) {
        long ssd = 0;
        int sad = 0;
        for (int j = 0; j < 16; j++) {
            int s = srcOff + j * strideY;
            for (int i = 0; i < 16; i++) {
                int d = (srcY[s + i] & 0xFF) - predInter[j * 16 + i];
                ssd += d * d;
                sad += Math.abs(d);
            }
        }
        predSadLuma = sad;
        for (int j = 0; j < 8; j++) {
            int s = srcOffC + j * strideC;
            for (int i = 0; i < 8; i++) {
                int du = (srcU[s + i] & 0xFF) - interU[j * 8 + i];
                int dv = (srcV[s + i] & 0xFF) - interV[j * 8 + i];
                ssd += du * du + dv * dv;
            }
        }
        return ssd;
    }

    /** {@link #mbBits} of the inter coding just made by {@link #codeInter}, counted once. */
    private long codedBits(int mbX, int mbY) {
        if (codedBits < 0) {
            codedBits = mbBits(mbX, mbY);
        }
        return codedBits;
    }

    /** Exact size in bits of macroblock_layer() for the coding now in {@link #mb} (a dry run of the writer). */
    private long mbBits(int mbX, int mbY) {
        return mbBits(mbX, mbY, true);
    }

    private long mbBits(int mbX, int mbY, boolean pSlice) {
        rdBits.reset();
        // also records this macroblock's TotalCoeff in info: harmless, the final write records them again
        chromaStart = MacroblockWriter.write(rdBits, mb, pSlice, info, mbX, mbY, mbWidth);
        return rdBits.bitCount();
    }

    /** Sum of squared differences between source and reconstruction of one macroblock, luma and chroma. */
    private long ssdMacroblock(int srcOff, int srcOffC, int recOff, int recOffC) {
        long ssd = 0;
        for (int j = 0; j < 16; j++) {
            int s = srcOff + j * strideY, r = recOff + j * cur.strideY;
            for (int i = 0; i < 16; i++) {
                int d = (srcY[s + i] & 0xFF) - (cur.y[r + i] & 0xFF);
                ssd += d * d;
            }
        }
        for (int j = 0; j < 8; j++) {
            int s = srcOffC + j * strideC, r = recOffC + j * cur.strideC;
            for (int i = 0; i < 8; i++) {
                int du = (srcU[s + i] & 0xFF) - (cur.u[r + i] & 0xFF);
                int dv = (srcV[s + i] & 0xFF) - (cur.v[r + i] & 0xFF);
                ssd += du * du + dv * dv;
            }
        }
        return ssd;
    }

    /**
     * Motion search of the partitions of a 16x8, 8x16 or 8x8 split in decoding order; each partition's
     * prediction (§8.4.1.3) uses the earlier partitions' vectors, written to {@code info} for that purpose.
     *
     * @param budget the shape cannot win once the summed cost reaches this: the remaining partitions are
     *        then not searched (the caller's decision is the same, since it keeps the cheaper shape)
     * @return summed search cost (any value &gt;= budget if abandoned); vectors and predictors in trialMv / trialMvp
     */
    private int searchPartitions(int shape, int mbX, int mbY, int srcOff, int lambda, int budget) {
        int mbAddr = mbY * mbWidth + mbX;
        int total = 0;
        for (int part = 0; part < PARTS[shape]; part++) {
            int x = PART_X[shape][part], y = PART_Y[shape][part], w = PART_W[shape][part], h = PART_H[shape][part];
            MvPrediction.predictPartition(info, mbX, mbY, mbWidth, x, y, w, shape, part, mvp);
            MotionQuery q = query.block(srcY, srcOff + y * 4 * strideY + x * 4, strideY, ref, mbX * 16 + x * 4,
                    mbY * 16 + y * 4, w * 4, h * 4).predictor(mvp[0], mvp[1], lambda).effort(2, 0); // short, full-sample
            me.search(q); // candidates: those of the 16x16 search and its result
            trialMv[2 * part] = q.mvX;
            trialMv[2 * part + 1] = q.mvY;
            trialFull[2 * part] = q.fullX;
            trialFull[2 * part + 1] = q.fullY;
            trialMvp[2 * part] = mvp[0];
            trialMvp[2 * part + 1] = mvp[1];
            setMvBlocks(mbAddr, x, y, w, h, q.mvX, q.mvY);
            total += q.cost;
            if (total >= budget) {
                return total;
            }
        }
        return total;
    }

    /**
     * Half- and quarter-sample refinement of the chosen split's partitions (their shape was decided on
     * full-sample searches, which spares the sub-sample stage of the shapes that lose: an encoder choice),
     * in decoding order, each with the predictor from the refined vectors before it (§8.4.1.3).
     */
    private void refinePartitions(int shape, int mbX, int mbY, int srcOff, int lambda) {
        int mbAddr = mbY * mbWidth + mbX;
        for (int part = 0; part < PARTS[shape]; part++) {
            int x = PART_X[shape][part], y = PART_Y[shape][part], w = PART_W[shape][part], h = PART_H[shape][part];
            MvPrediction.predictPartition(info, mbX, mbY, mbWidth, x, y, w, shape, part, mvp);
            MotionQuery q = query.block(srcY, srcOff + y * 4 * strideY + x * 4, strideY, ref, mbX * 16 + x * 4,
                    mbY * 16 + y * 4, w * 4, h * 4).predictor(mvp[0], mvp[1], lambda);
            q.fullX = partFull[2 * part];
            q.fullY = partFull[2 * part + 1];
            q.mvX = partMv[2 * part];
            q.mvY = partMv[2 * part + 1];
            me.refine(q, 0);
            partMv[2 * part] = q.mvX;
            partMv[2 * part + 1] = q.mvY;
            partMvp[2 * part] = mvp[0];
            partMvp[2 * part + 1] = mvp[1];
            setMvBlocks(mbAddr, x, y, w, h, q.mvX, q.mvY);
        }
    }

    private void setMvBlocks(int mbAddr, int x, int y, int w, int h, int mvx, int mvy) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                info.mvX[mbAddr * 16 + j * 4 + i] = (short) mvx;
                info.mvY[mbAddr * 16 + j * 4 + i] = (short) mvy;
            }
        }
    }

    /** Motion-compensated prediction of the whole macroblock for the chosen partitioning (§8.4.2.2). */
    private void predictShape(int mbX, int mbY, int shape) {
        for (int p = 0; p < PARTS[shape]; p++) {
            int x = PART_X[shape][p] * 4, y = PART_Y[shape][p] * 4, w = PART_W[shape][p] * 4, h = PART_H[shape][p] * 4;
            int mx = partMv[2 * p], my = partMv[2 * p + 1];
            Interpolator.predictLuma(ref, mbX * 16 + x, mbY * 16 + y, mx, my, w, h, tmpY, y * 16 + x, 16);
            Interpolator.predictChroma(ref, mbX * 8 + x / 2, mbY * 8 + y / 2, mx, my, w / 2, h / 2, tmpU, tmpV,
                    (y / 2) * 8 + x / 2, 8);
        }
        toInt();
    }

    private void markSkip(int mbAddr, int mvx, int mvy) {
        setMv(mbAddr, mvx, mvy);
        java.util.Arrays.fill(info.totalCoeffLuma, mbAddr * 16, mbAddr * 16 + 16, (byte) 0);
        java.util.Arrays.fill(info.totalCoeffCb, mbAddr * 4, mbAddr * 4 + 4, (byte) 0);
        java.util.Arrays.fill(info.totalCoeffCr, mbAddr * 4, mbAddr * 4 + 4, (byte) 0);
    }

    private void setMv(int mbAddr, int mvx, int mvy) {
        java.util.Arrays.fill(info.mvX, mbAddr * 16, mbAddr * 16 + 16, (short) mvx);
        java.util.Arrays.fill(info.mvY, mbAddr * 16, mbAddr * 16 + 16, (short) mvy);
    }

    /** True if the 6-tap support of the vector stays inside the reference padding. */
    private boolean mvInside(int mbX, int mbY, int mvx, int mvy) {
        int xi = mbX * 16 + (mvx >> 2), yi = mbY * 16 + (mvy >> 2);
        int lim = Picture.PAD_Y - 3;
        return xi >= -lim && yi >= -lim && xi + 16 <= ref.width + lim - 1 && yi + 16 <= ref.height + lim - 1;
    }

    /** Motion-compensated prediction of the 16x16 luma and 8x8 chroma blocks (§8.4.2.2). */
    private void predictInter(int mbX, int mbY, int mvx, int mvy) {
        Interpolator.predictLuma(ref, mbX * 16, mbY * 16, mvx, mvy, 16, 16, tmpY, 0, 16);
        Interpolator.predictChroma(ref, mbX * 8, mbY * 8, mvx, mvy, 8, 8, tmpU, tmpV, 0, 8);
        toInt();
    }

    private void toInt() {
        for (int i = 0; i < 256; i++) {
            predInter[i] = tmpY[i] & 0xFF;
        }
        for (int i = 0; i < 64; i++) {
            interU[i] = tmpU[i] & 0xFF;
            interV[i] = tmpV[i] & 0xFF;
        }
    }

    /** True if every 4x4 block of an n x n block (blocks = n / 4 per side) has a SAD below limit. */
    private static boolean blockSadsBelow(byte[] src, int srcOff, int srcStride, int[] pred, int n, int blocks,
            int limit) {
        for (int by = 0; by < blocks; by++) {
            for (int bx = 0; bx < blocks; bx++) {
                int sad = 0;
                for (int j = 0; j < 4; j++) {
                    int s = srcOff + (by * 4 + j) * srcStride + bx * 4;
                    int p = (by * 4 + j) * n + bx * 4;
                    sad += Math.abs((src[s] & 0xFF) - pred[p]) + Math.abs((src[s + 1] & 0xFF) - pred[p + 1])
                            + Math.abs((src[s + 2] & 0xFF) - pred[p + 2]) + Math.abs((src[s + 3] & 0xFF) - pred[p + 3]);
                }
                if (sad >= limit) {
                    return false; // most macroblocks that are not skipped fail early
                }
            }
        }
        return true;
    }

    /** Reconstruction of a macroblock without residual = its inter prediction (§8.4.2 + §8.5.14). */
    private void copyPrediction(int recOff, int recOffC) {
        for (int j = 0; j < 16; j++) {
            System.arraycopy(tmpY, j * 16, cur.y, recOff + j * cur.strideY, 16);
        }
        for (int j = 0; j < 8; j++) {
            System.arraycopy(tmpU, j * 8, cur.u, recOffC + j * cur.strideC, 8);
            System.arraycopy(tmpV, j * 8, cur.v, recOffC + j * cur.strideC, 8);
        }
    }
}
