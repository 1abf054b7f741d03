package org.camstream.h264;

/**
 * The syntax-level description of one macroblock, filled by the analysis/residual stages and read
 * by {@link MacroblockWriter}. One reusable instance per encoder; not thread-safe.
 *
 * <p>Coefficient levels are stored in scan order (H.264 §8.5.6 zig-zag), per block in decoding order
 * (luma4x4BlkIdx §6.4.3, chroma4x4BlkIdx raster within the 8x8 chroma block).
 */
final class CodedMacroblock {
    static final int I4X4 = 0;
    static final int I16X16 = 1;
    static final int P_L0_16X16 = 2;
    static final int P_SKIP = 3;
    static final int P_L0_16X8 = 4;
    static final int P_L0_8X16 = 5;
    /** P_8x8 with every sub_mb_type PL0_8x8 (Table 7-17). */
    static final int P_8X8 = 6;

    int type;
    /** Intra16x16PredMode (§8.3.3, 0 V, 1 H, 2 DC, 3 Plane). */
    int i16Mode;
    /** intra_chroma_pred_mode (§8.3.4, 0 DC, 1 H, 2 V, 3 Plane). */
    int chromaMode;
    /** Intra4x4PredMode per luma4x4BlkIdx and the predicted mode of §8.3.1.1. */
    final int[] i4Mode = new int[16];
    final int[] i4PredMode = new int[16];
    /** CodedBlockPatternLuma (bit i = 8x8 block i) and CodedBlockPatternChroma (0..2), §7.4.5. */
    int cbpLuma;
    int cbpChroma;
    int qpDelta;
    /** mvd_l0 {x, y} per mbPartIdx (or sub-macroblock for P_8x8), quarter samples: [2 * part + comp]. */
    final int[] mvd = new int[8];
    /** Intra16x16DCLevel, scan order. */
    final int[] lumaDc = new int[16];
    /** Luma levels [luma4x4BlkIdx * 16 + scanPos]; for Intra16x16 AC, scanPos 0 is unused. */
    final int[] luma = new int[256];
    /** Chroma DC levels [iCbCr * 4 + c], §7.3.5.3 (raster = scan order for 2x2). */
    final int[] chromaDc = new int[8];
    /** Chroma AC levels [(iCbCr * 4 + chroma4x4BlkIdx) * 16 + scanPos], scanPos 0 unused. */
    final int[] chromaAc = new int[128];

    /**
     * @return whether every level this macroblock writes has |level| <= {@link Cavlc#MAX_BASELINE_LEVEL},
     *         i.e. is codable with level_prefix <= 15 as Baseline requires (§9.2.2.1, A.2.1)
     */
    boolean levelsFitBaseline() {
        int m = Cavlc.MAX_BASELINE_LEVEL;
        boolean i16 = type == I16X16;
        if (i16 && !fits(lumaDc, 0, 16, m)) {
            return false;
        }
        for (int b8 = 0; b8 < 4; b8++) {
            if ((cbpLuma & (1 << b8)) != 0 && !fits(luma, b8 * 64, 64, m)) {
                return false;
            }
        }
        return cbpChroma == 0 || (fits(chromaDc, 0, 8, m) && (cbpChroma < 2 || fits(chromaAc, 0, 128, m)));
    }

    private static boolean fits(int[] a, int off, int n, int m) {
        for (int i = off; i < off + n; i++) {
            if (a[i] > m || a[i] < -m) {
                return false;
            }
        }
        return true;
    }
}
