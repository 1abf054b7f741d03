package org.camstream.h264;

/**
 * Transform, quantisation and reconstruction of macroblock residuals: the encoder's copy of the
 * decoder's §8.5 so that its reconstruction equals what a decoder produces.
 *
 * <p>Prediction blocks are {@code int[]} rasters; sources and reconstructions are byte planes
 * with a stride. Levels go into a {@link CodedMacroblock} in scan order (Table 8-13 zig-zag).
 * Ownership: one instance per encoder, holding reusable scratch arrays; not thread-safe.
 */
final class ResidualCoder {
    private final int[] res = new int[16];
    private final int[] coef = new int[16];
    private final int[] lvl = new int[16];
    private final int[] d = new int[16];
    private final int[] dc = new int[16];
    private final int[] dcT = new int[16];
    private final int[] dcL = new int[16];
    private final int[] dcY = new int[16];
    /** Raster levels per block [blk * 16 + k] (luma blkIdx or chroma iCbCr*4+blk). */
    private final int[] blockLevels = new int[256];
    private final int[] blockNz = new int[16];
    private final int[] dc4 = new int[4];
    private final int[] dc4T = new int[4];
    private final int[] dc4L = new int[4];
    private final int[] dc4C = new int[4];
    /** Nonzero levels coded by the last {@link #codeInterLuma} / {@link #codeChroma} call. */
    int lumaCoeffs, chromaCoeffs;
    /** Whether intra blocks get the intra dead-zone offset 1/3 (else the inter one, see {@link Quant#roundingOffset}). */
    private boolean strongIntraRounding = true;

    /**
     * Chooses the rounding of intra blocks for the next picture: the intra offset 1/3 in IDR pictures, the
     * inter offset (1/6 at coarse QPs) for intra macroblocks of P slices (an encoder choice: in P slices
     * intra macroblocks mostly stand in for poor inter matches, e.g. on temporal noise, where the smaller offset spends fewer
     * bits on coefficients that buy little; noise clip at 3 Mb/s: +0.05 dB Y at equal rate).
     */
    void strongIntraRounding(boolean strong) {
        strongIntraRounding = strong;
    }

    /**
     * Codes one 4x4 luma block (Intra_4x4 or inter) and reconstructs it.
     *
     * @return TotalCoeff (number of nonzero levels)
     */
    int codeLuma4x4(byte[] src, int srcOff, int srcStride, int[] pred, int predOff, int predStride,
            int qp, boolean intra, int[] scanOut, int scanOff, byte[] rec, int recOff, int recStride) {
        int nz = quantBlock(src, srcOff, srcStride, pred, predOff, predStride, qp, intra, lvl, 0);
        toScan(lvl, scanOut, scanOff, 0, nz);
        reconBlock(lvl, nz, 0, qp, pred, predOff, predStride, rec, recOff, recStride);
        return nz;
    }

    /**
     * Quantises the 16 luma 4x4 blocks of an inter macroblock, zeroes 8x8 blocks that are not worth
     * their bits (a decision of this encoder, not of the standard), reconstructs.
     *
     * @param pred256 16x16 raster prediction
     * @return CodedBlockPatternLuma
     */
    int codeInterLuma(byte[] src, int srcOff, int srcStride, int[] pred256, int qp, CodedMacroblock mb,
            byte[] rec, int recOff, int recStride) {
        int cbp = 0;
        int total = 0;
        for (int b8 = 0; b8 < 4; b8++) {
            int score = 0;
            for (int k = 0; k < 4; k++) {
                int blk = b8 * 4 + k;
                int bx = Scan.BLOCK_4x4_X[blk], by = Scan.BLOCK_4x4_Y[blk];
                int nz = quantBlock(src, srcOff + by * srcStride + bx, srcStride, pred256, by * 16 + bx, 16, qp,
                        false, blockLevels, blk * 16);
                blockNz[blk] = nz;
                if (nz > 0) {
                    score += decimateScore(blockLevels, blk * 16);
                }
            }
            if (score > 0 && score < 4) { // sparse +-1 levels cost more bits than they gain
                for (int k = 0; k < 4; k++) {
                    int blk = b8 * 4 + k;
                    java.util.Arrays.fill(blockLevels, blk * 16, blk * 16 + 16, 0);
                    blockNz[blk] = 0;
                }
                score = 0;
            }
            if (score > 0) {
                cbp |= 1 << b8;
            }
            total += score;
        }
        if (cbp != 0 && total < 6) {
            java.util.Arrays.fill(blockLevels, 0);
            java.util.Arrays.fill(blockNz, 0);
            cbp = 0;
        }
        int coeffs = 0;
        for (int blk = 0; blk < 16; blk++) {
            int bx = Scan.BLOCK_4x4_X[blk], by = Scan.BLOCK_4x4_Y[blk];
            int nz = blockNz[blk];
            coeffs += nz;
            System.arraycopy(blockLevels, blk * 16, lvl, 0, 16);
            toScan(lvl, mb.luma, blk * 16, 0, nz);
            reconBlock(lvl, nz, 0, qp, pred256, by * 16 + bx, 16, rec, recOff + by * recStride + bx, recStride);
        }
        lumaCoeffs = coeffs;
        return cbp;
    }

    /**
     * Whether an inter macroblock with this prediction would code no residual at all: the same decision as
     * {@link #codeInterLuma} returning 0 and then {@link #codeChroma} (inter) returning 0, made without
     * reconstructing and stopping at the first block that keeps levels (the P_Skip test of most macroblocks,
     * which mostly fail it early).
     */
    boolean interResidualVanishes(byte[] srcY, int srcOff, int strideY, int[] pred256, int qp, byte[] srcU,
            byte[] srcV, int srcOffC, int strideC, int[] predU, int[] predV, int qpc) {
        int total = 0; // as in codeInterLuma: 8x8 blocks scoring below 4 are dropped, the macroblock below 6
        for (int b8 = 0; b8 < 4; b8++) {
            int score = 0;
            for (int k = 0; k < 4; k++) {
                int blk = b8 * 4 + k;
                int bx = Scan.BLOCK_4x4_X[blk], by = Scan.BLOCK_4x4_Y[blk];
                forwardResidual(srcY, srcOff + by * strideY + bx, strideY, pred256, by * 16 + bx, 16);
                if (Quant.quant4x4(coef, qp, false, lvl, 0) > 0) {
                    score += decimateScore(lvl, 0);
                    if (score >= 4 && total + score >= 6) {
                        return false; // this 8x8 block stays and the macroblock keeps its residual
                    }
                }
            }
            if (score >= 4) {
                total += score;
            }
        }
        for (int c = 0; c < 2; c++) { // as in codeChroma for inter blocks: AC scoring below 7 is dropped
            byte[] src = c == 0 ? srcU : srcV;
            int[] pred = c == 0 ? predU : predV;
            int acScore = 0;
            for (int b = 0; b < 4; b++) {
                int bx = (b & 1) * 4, by = (b >> 1) * 4;
                forwardResidual(src, srcOffC + by * strideC + bx, strideC, pred, by * 8 + bx, 8);
                dc4[b] = coef[0];
                if (Quant.quant4x4(coef, qpc, false, lvl, 1) > 0) {
                    acScore += decimateScore(lvl, 0);
                    if (acScore >= 7) {
                        return false;
                    }
                }
            }
            Transform.forwardHadamard2x2(dc4, dc4T);
            if (Quant.quantChromaDc(dc4T, qpc, false, dc4L) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Intra_16x16 luma: 4x4 transforms, Hadamard DC path (§8.5.10), reconstruction.
     *
     * @return CodedBlockPatternLuma, 0 or 15 (Table 7-11)
     */
    int codeLuma16x16(byte[] src, int srcOff, int srcStride, int[] pred256, int qp, CodedMacroblock mb,
            byte[] rec, int recOff, int recStride) {
        boolean anyAc = false;
        for (int blk = 0; blk < 16; blk++) {
            int bx = Scan.BLOCK_4x4_X[blk], by = Scan.BLOCK_4x4_Y[blk];
            forwardResidual(src, srcOff + by * srcStride + bx, srcStride, pred256, by * 16 + bx, 16);
            dc[(by >> 2) * 4 + (bx >> 2)] = coef[0];
            int nz = Quant.quant4x4(coef, qp, strongIntraRounding, lvl, 1);
            blockNz[blk] = nz;
            anyAc |= nz > 0;
            System.arraycopy(lvl, 0, blockLevels, blk * 16, 16);
        }
        Transform.forwardHadamard4x4(dc, dcT);
        Quant.quantLumaDc(dcT, qp, strongIntraRounding, dcL);
        for (int k = 0; k < 16; k++) {
            mb.lumaDc[k] = dcL[Scan.ZIGZAG_4x4[k]]; // §8.5.6 inverse scan of Intra16x16DCLevel
        }
        Quant.dequantLumaDc(dcL, qp, dcY);
        for (int blk = 0; blk < 16; blk++) {
            int bx = Scan.BLOCK_4x4_X[blk], by = Scan.BLOCK_4x4_Y[blk];
            int dcValue = dcY[(by >> 2) * 4 + (bx >> 2)]; // §8.5.2: DC from the Intra16x16 DC path
            if (blockNz[blk] == 0) {
                java.util.Arrays.fill(mb.luma, blk * 16, blk * 16 + 16, 0);
                addDcOnly(dcValue, pred256, by * 16 + bx, 16, rec, recOff + by * recStride + bx, recStride);
                continue;
            }
            System.arraycopy(blockLevels, blk * 16, lvl, 0, 16);
            toScan(lvl, mb.luma, blk * 16, 1, blockNz[blk]);
            Quant.dequant4x4(lvl, qp, d, 1);
            d[0] = dcValue;
            addInverse(pred256, by * 16 + bx, 16, rec, recOff + by * recStride + bx, recStride);
        }
        return anyAc ? 15 : 0;
    }

    /**
     * Both chroma components (4:2:0, 8x8 each): AC 4x4 transforms, 2x2 DC path (§8.5.11), reconstruction.
     *
     * @param predU 8x8 raster predictions
     * @return CodedBlockPatternChroma (0: nothing, 1: DC only, 2: DC and AC), §7.4.5
     */
    int codeChroma(byte[] srcU, byte[] srcV, int srcOff, int srcStride, int[] predU, int[] predV, int qpc,
            boolean intra, CodedMacroblock mb, byte[] recU, byte[] recV, int recOff, int recStride) {
        boolean anyAc = false;
        boolean anyDc = false;
        int coeffs = 0;
        for (int c = 0; c < 2; c++) {
            byte[] src = c == 0 ? srcU : srcV;
            int[] pred = c == 0 ? predU : predV;
            int acScore = 0;
            for (int b = 0; b < 4; b++) {
                int bx = (b & 1) * 4, by = (b >> 1) * 4;
                forwardResidual(src, srcOff + by * srcStride + bx, srcStride, pred, by * 8 + bx, 8);
                dc4[b] = coef[0];
                int nz = Quant.quant4x4(coef, qpc, intra && strongIntraRounding, lvl, 1);
                    blockNz[c * 4 + b] = nz;
                if (nz > 0) {
                    acScore += decimateScore(lvl, 0);
                }
                System.arraycopy(lvl, 0, blockLevels, (c * 4 + b) * 16, 16);
            }
            if (!intra && acScore > 0 && acScore < 7) { // drop sparse chroma AC of inter blocks
                for (int b = 0; b < 4; b++) {
                    java.util.Arrays.fill(blockLevels, (c * 4 + b) * 16, (c * 4 + b) * 16 + 16, 0);
                    blockNz[c * 4 + b] = 0;
                }
            }
            Transform.forwardHadamard2x2(dc4, dc4T);
            int nzDc = Quant.quantChromaDc(dc4T, qpc, intra && strongIntraRounding, dc4L);
            anyDc |= nzDc > 0;
            coeffs += nzDc;
            System.arraycopy(dc4L, 0, mb.chromaDc, c * 4, 4); // chroma DC scan = raster (§8.5.11.1)
            for (int b = 0; b < 4; b++) {
                anyAc |= blockNz[c * 4 + b] > 0;
                coeffs += blockNz[c * 4 + b];
            }
        }
        for (int c = 0; c < 2; c++) {
            byte[] rec = c == 0 ? recU : recV;
            int[] pred = c == 0 ? predU : predV;
            System.arraycopy(mb.chromaDc, c * 4, dc4L, 0, 4);
            Quant.dequantChromaDc(dc4L, qpc, dc4C);
            for (int b = 0; b < 4; b++) {
                int bx = (b & 1) * 4, by = (b >> 1) * 4;
                if (blockNz[c * 4 + b] == 0) {
                    java.util.Arrays.fill(mb.chromaAc, (c * 4 + b) * 16, (c * 4 + b) * 16 + 16, 0);
                    addDcOnly(dc4C[b], pred, by * 8 + bx, 8, rec, recOff + by * recStride + bx, recStride);
                    continue;
                }
                System.arraycopy(blockLevels, (c * 4 + b) * 16, lvl, 0, 16);
                toScan(lvl, mb.chromaAc, (c * 4 + b) * 16, 1, blockNz[c * 4 + b]);
                Quant.dequant4x4(lvl, qpc, d, 1);
                d[0] = dc4C[b];
                addInverse(pred, by * 8 + bx, 8, rec, recOff + by * recStride + bx, recStride);
            }
        }
        chromaCoeffs = coeffs;
        return anyAc ? 2 : anyDc ? 1 : 0;
    }

    /** Copies an int prediction into the reconstruction (a block without residual). */
    static void copyPred(int[] pred, int predOff, int predStride, int w, int h, byte[] rec, int recOff, int recStride) {
        for (int j = 0; j < h; j++) {
            int p = predOff + j * predStride;
            int r = recOff + j * recStride;
            for (int i = 0; i < w; i++) {
                rec[r + i] = (byte) pred[p + i];
            }
        }
    }

    private int quantBlock(byte[] src, int srcOff, int srcStride, int[] pred, int predOff, int predStride,
            int qp, boolean intra, int[] levels, int levelsOff) {
        forwardResidual(src, srcOff, srcStride, pred, predOff, predStride);
        int nz = Quant.quant4x4(coef, qp, intra && strongIntraRounding, lvl, 0);
        if (levels != lvl || levelsOff != 0) {
            System.arraycopy(lvl, 0, levels, levelsOff, 16);
        }
        return nz;
    }

    /**
     * {@link Transform#forward4x4} of the residual src - pred into {@code coef}, the row pass taken straight from
     * the samples (same arithmetic, no residual array in between).
     */
    private void forwardResidual(byte[] src, int srcOff, int srcStride, int[] pred, int predOff, int predStride) {
        int[] coef = this.coef;
        for (int j = 0; j < 4; j++) {
            int s = srcOff + j * srcStride;
            int p = predOff + j * predStride;
            int x0 = (src[s] & 0xFF) - pred[p], x1 = (src[s + 1] & 0xFF) - pred[p + 1];
            int x2 = (src[s + 2] & 0xFF) - pred[p + 2], x3 = (src[s + 3] & 0xFF) - pred[p + 3];
            int s03 = x0 + x3, d03 = x0 - x3, s12 = x1 + x2, d12 = x1 - x2;
            int r = j * 4;
            coef[r] = s03 + s12;
            coef[r + 1] = 2 * d03 + d12;
            coef[r + 2] = s03 - s12;
            coef[r + 3] = d03 - 2 * d12;
        }
        Transform.forward4x4Columns(coef);
    }

    /** Reconstructs a block of raster levels (DC included, startIndex 0). */
    private void reconBlock(int[] levels, int nz, int unused, int qp, int[] pred, int predOff, int predStride,
            byte[] rec, int recOff, int recStride) {
        if (nz == 0) {
            copyPred(pred, predOff, predStride, 4, 4, rec, recOff, recStride);
            return;
        }
        Quant.dequant4x4(levels, qp, d, 0);
        addInverse(pred, predOff, predStride, rec, recOff, recStride);
    }

    /**
     * {@link #addInverse} for a block whose only non-zero scaled coefficient is d_00 = dc (no AC level): the
     * §8.5.12.2 transform of such a block is (dc + 32) >> 6 at every position (0 for dc = 0).
     */
    private static void addDcOnly(int dc, int[] pred, int predOff, int predStride, byte[] rec, int recOff,
            int recStride) {
        int r0 = (dc + 32) >> 6;
        for (int j = 0; j < 4; j++) {
            int p = predOff + j * predStride;
            int r = recOff + j * recStride;
            for (int i = 0; i < 4; i++) {
                int v = pred[p + i] + r0;
                rec[r + i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
    }

    /** rec = Clip1(pred + inverse4x4(d)), §8.5.12.2 and §8.5.14 (picture construction). */
    private void addInverse(int[] pred, int predOff, int predStride, byte[] rec, int recOff, int recStride) {
        Transform.inverse4x4(d, res);
        for (int j = 0; j < 4; j++) {
            int p = predOff + j * predStride;
            int r = recOff + j * recStride;
            for (int i = 0; i < 4; i++) {
                int v = pred[p + i] + res[j * 4 + i];
                rec[r + i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
    }

    private static void toScan(int[] raster, int[] out, int off, int start, int nz) {
        if (nz == 0) {
            java.util.Arrays.fill(out, off, off + 16, 0);
            return;
        }
        for (int k = 0; k < 16; k++) {
            out[off + k] = k < start ? 0 : raster[Scan.ZIGZAG_4x4[k]];
        }
    }

    /** x264-style decimation score: cheap if all levels are +-1 and far apart in scan order. */
    private static int decimateScore(int[] raster, int off) {
        int score = 0;
        int run = 0;
        boolean seen = false;
        for (int k = 15; k >= 0; k--) {
            int v = raster[off + Scan.ZIGZAG_4x4[k]];
            if (v == 0) {
                if (seen) {
                    run++;
                }
                continue;
            }
            if (v > 1 || v < -1) {
                return 9;
            }
            if (seen) {
                score += run == 0 ? 3 : run <= 2 ? 2 : run <= 5 ? 1 : 0;
            } else {
                score += 1;
            }
            seen = true;
            run = 0;
        }
        return score;
    }
}
