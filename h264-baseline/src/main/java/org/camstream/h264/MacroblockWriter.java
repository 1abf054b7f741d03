package org.camstream.h264;

/**
 * Writes macroblock_layer() (H.264 §7.3.5) for CAVLC: mb_type, mb_pred, coded_block_pattern,
 * mb_qp_delta and residual(), and records each 4x4 block's TotalCoeff in {@link MacroblockInfo}
 * (needed for the nC prediction of later blocks, §9.2.1, and by the deblocker, §8.7.2.1).
 * Stateless; allocation-free.
 */
final class MacroblockWriter {
    /** Table 9-4 (ChromaArrayType 1): codeNum -> coded_block_pattern, Intra_4x4 column. */
    static final int[] CODENUM_TO_CBP_INTRA = {
        47, 31, 15, 0, 23, 27, 29, 30, 7, 11, 13, 14, 39, 43, 45, 46,
        16, 3, 5, 10, 12, 19, 21, 26, 28, 35, 37, 42, 44, 1, 2, 4,
        8, 17, 18, 20, 24, 6, 9, 22, 25, 32, 33, 34, 36, 40, 38, 41};
    /** Table 9-4 (ChromaArrayType 1): codeNum -> coded_block_pattern, Inter column. */
    static final int[] CODENUM_TO_CBP_INTER = {
        0, 16, 1, 2, 4, 8, 32, 3, 5, 10, 12, 15, 47, 7, 11, 13,
        14, 6, 9, 31, 35, 37, 42, 44, 33, 34, 36, 40, 39, 43, 45, 46,
        17, 18, 20, 24, 19, 21, 26, 28, 23, 27, 29, 30, 22, 25, 38, 41};
    private static final int[] CBP_TO_CODENUM_INTRA = invert(CODENUM_TO_CBP_INTRA);
    private static final int[] CBP_TO_CODENUM_INTER = invert(CODENUM_TO_CBP_INTER);

    private MacroblockWriter() {
    }

    private static int[] invert(int[] t) {
        int[] r = new int[48];
        for (int i = 0; i < t.length; i++) {
            r[t[i]] = i;
        }
        return r;
    }

    /** luma4x4BlkIdx -> raster block index (by*4+bx), §6.4.3. */
    static int blkRaster(int blkIdx) {
        return (Scan.BLOCK_4x4_Y[blkIdx] >> 2) * 4 + (Scan.BLOCK_4x4_X[blkIdx] >> 2);
    }

    /**
     * Writes macroblock_layer() of a non-skipped macroblock at mbAddr (raster; nC from neighbours in the same slice, §9.2.1).
     *
     * @param pSlice mb_type is offset by 5 for intra types in P slices (Table 7-11 / 7-13)
     * @return {@code bw.bitCount()} where the chroma residual starts (the end if there is none): what
     *         {@link #bitsWithoutChroma} needs
     */
    static long write(BitWriter bw, CodedMacroblock mb, boolean pSlice, MacroblockInfo info,
            int mbX, int mbY, int mbWidth) {
        int mbAddr = mbY * mbWidth + mbX;
        int type = mb.type;
        int intraBase = pSlice ? 5 : 0; // Table 7-13: intra mb_type in P slices = 5 + Table 7-11 value
        switch (type) {
            case CodedMacroblock.I4X4:
                bw.ue(intraBase);                                                   // I_NxN
                break;
            case CodedMacroblock.I16X16:
                bw.ue(intraBase + 1 + mb.i16Mode + 4 * mb.cbpChroma + (mb.cbpLuma != 0 ? 12 : 0)); // Table 7-11
                break;
            case CodedMacroblock.P_L0_16X16:
                bw.ue(0);                                                           // Table 7-13 P_L0_16x16
                break;
            case CodedMacroblock.P_L0_16X8:
                bw.ue(1);                                                           // P_L0_L0_16x8
                break;
            case CodedMacroblock.P_L0_8X16:
                bw.ue(2);                                                           // P_L0_L0_8x16
                break;
            case CodedMacroblock.P_8X8:
                bw.ue(3);                                                           // P_8x8
                break;
            default:
                throw new IllegalStateException("P_Skip has no macroblock_layer");
        }
        // mb_pred, §7.3.5.1
        if (type == CodedMacroblock.I4X4) {
            for (int i = 0; i < 16; i++) {
                int mode = mb.i4Mode[i];
                int pred = mb.i4PredMode[i];
                bw.u1(mode == pred);                            // prev_intra4x4_pred_mode_flag
                if (mode != pred) {
                    bw.u(3, mode < pred ? mode : mode - 1);     // rem_intra4x4_pred_mode, §8.3.1.1
                }
            }
        }
        boolean inter = type == CodedMacroblock.P_L0_16X16 || type == CodedMacroblock.P_L0_16X8
                || type == CodedMacroblock.P_L0_8X16 || type == CodedMacroblock.P_8X8;
        if (!inter) {
            bw.ue(mb.chromaMode);                               // intra_chroma_pred_mode
        } else {
            int parts = type == CodedMacroblock.P_L0_16X16 ? 1 : type == CodedMacroblock.P_8X8 ? 4 : 2;
            if (type == CodedMacroblock.P_8X8) {
                for (int i = 0; i < 4; i++) {
                    bw.ue(0);                                   // sub_mb_type PL0_8x8 (§7.3.5.2, Table 7-17)
                }
            }
            // ref_idx_l0 absent: num_ref_idx_l0_active_minus1 == 0 (§7.3.5.1 / §7.3.5.2); mvd_l0 per partition
            for (int p = 0; p < parts; p++) {
                bw.se(mb.mvd[2 * p]);
                bw.se(mb.mvd[2 * p + 1]);
            }
        }
        int cbp = mb.cbpLuma | (mb.cbpChroma << 4);
        if (type != CodedMacroblock.I16X16) {
            bw.ue(inter ? CBP_TO_CODENUM_INTER[cbp] : CBP_TO_CODENUM_INTRA[cbp]); // me(v), Table 9-4
        }
        int lumaBase = mbAddr * 16;
        int chromaBase = mbAddr * 4;
        java.util.Arrays.fill(info.totalCoeffLuma, lumaBase, lumaBase + 16, (byte) 0);
        java.util.Arrays.fill(info.totalCoeffCb, chromaBase, chromaBase + 4, (byte) 0);
        java.util.Arrays.fill(info.totalCoeffCr, chromaBase, chromaBase + 4, (byte) 0);
        if (cbp == 0 && type != CodedMacroblock.I16X16) {
            return bw.bitCount();
        }
        bw.se(mb.qpDelta);                                      // mb_qp_delta
        // residual_luma, §7.3.5.3
        if (type == CodedMacroblock.I16X16) {
            Cavlc.writeResidualBlock(bw, mb.lumaDc, 0, 16, lumaNc(info, mbX, mbY, mbWidth, 0, 0));
        }
        for (int blk = 0; blk < 16; blk++) {
            if ((mb.cbpLuma & (1 << (blk >> 2))) == 0) {
                continue;
            }
            int r = blkRaster(blk);
            int nC = lumaNc(info, mbX, mbY, mbWidth, r & 3, r >> 2);
            int tc = type == CodedMacroblock.I16X16
                    ? Cavlc.writeResidualBlock(bw, mb.luma, blk * 16 + 1, 15, nC)
                    : Cavlc.writeResidualBlock(bw, mb.luma, blk * 16, 16, nC);
            info.totalCoeffLuma[lumaBase + r] = (byte) tc;
        }
        // residual chroma, §7.3.5.3 (ChromaArrayType 1)
        long chromaStart = bw.bitCount();
        if (mb.cbpChroma != 0) {
            Cavlc.writeResidualBlock(bw, mb.chromaDc, 0, 4, -1);  // nC = -1 for ChromaDCLevel, §9.2.1
            Cavlc.writeResidualBlock(bw, mb.chromaDc, 4, 4, -1);
        }
        if (mb.cbpChroma == 2) {
            for (int c = 0; c < 2; c++) {
                byte[] tcArr = c == 0 ? info.totalCoeffCb : info.totalCoeffCr;
                for (int b = 0; b < 4; b++) {
                    int nC = chromaNc(info, tcArr, mbX, mbY, mbWidth, b & 1, b >> 1);
                    int tc = Cavlc.writeResidualBlock(bw, mb.chromaAc, (c * 4 + b) * 16 + 1, 15, nC);
                    tcArr[chromaBase + b] = (byte) tc;
                }
            }
        }
        return chromaStart;
    }

    /**
     * Size of an inter macroblock's macroblock_layer() once its chroma residual is dropped
     * (CodedBlockPatternChroma 0), from the size {@code bits} with it and where {@link #write} said the chroma
     * residual starts: less the chroma residual, the coded_block_pattern codeword of the new value (Table 9-4,
     * Inter column) instead of the old one, and no mb_qp_delta if the pattern becomes 0 (§7.3.5).
     */
    static long bitsWithoutChroma(CodedMacroblock mb, long bits, long chromaStart) {
        int cbpWith = mb.cbpLuma | (mb.cbpChroma << 4);
        long b = chromaStart - ueBits(CBP_TO_CODENUM_INTER[cbpWith]) + ueBits(CBP_TO_CODENUM_INTER[mb.cbpLuma]);
        if (mb.cbpLuma == 0) {
            b -= ueBits(mb.qpDelta > 0 ? 2 * mb.qpDelta - 1 : -2 * mb.qpDelta); // se(v) mapping, §9.1.1
        }
        return b;
    }

    /** Length of the ue(v) codeword of codeNum (§9.1): 2 * floor(log2(codeNum + 1)) + 1. */
    private static int ueBits(int codeNum) {
        return 2 * (31 - Integer.numberOfLeadingZeros(codeNum + 1)) + 1;
    }

    /** §9.2.1 nC of the luma 4x4 block at (bx, by) of macroblock (mbX, mbY). */
    static int lumaNc(MacroblockInfo info, int mbX, int mbY, int mbWidth, int bx, int by) {
        int mbAddr = mbY * mbWidth + mbX;
        byte[] t = info.totalCoeffLuma;
        boolean availA = bx > 0 || mbX > 0;
        boolean availB = by > 0 || info.topAvailable(mbY); // slices: §6.4.11.4 mbAddrB in the same slice
        int nA = !availA ? 0 : bx > 0 ? t[mbAddr * 16 + by * 4 + bx - 1] : t[(mbAddr - 1) * 16 + by * 4 + 3];
        int nB = !availB ? 0 : by > 0 ? t[mbAddr * 16 + (by - 1) * 4 + bx] : t[(mbAddr - mbWidth) * 16 + 12 + bx];
        return Cavlc.nC(availA, nA, availB, nB);
    }

    /** §9.2.1 nC of the chroma AC block at (bx, by) (0..1) of one chroma component. */
    static int chromaNc(MacroblockInfo info, byte[] t, int mbX, int mbY, int mbWidth, int bx, int by) {
        int mbAddr = mbY * mbWidth + mbX;
        boolean availA = bx > 0 || mbX > 0;
        boolean availB = by > 0 || info.topAvailable(mbY);
        int nA = !availA ? 0 : bx > 0 ? t[mbAddr * 4 + by * 2] : t[(mbAddr - 1) * 4 + by * 2 + 1];
        int nB = !availB ? 0 : by > 0 ? t[mbAddr * 4 + bx] : t[(mbAddr - mbWidth) * 4 + 2 + bx];
        return Cavlc.nC(availA, nA, availB, nB);
    }
}
