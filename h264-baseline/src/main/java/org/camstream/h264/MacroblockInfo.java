package org.camstream.h264;

import java.util.Arrays;

/**
 * Per-picture macroblock side information that the deblocker (H.264 §8.7.2.1 bS derivation) and
 * CAVLC nC prediction (§9.2.1) need. Filled by the encoder for every macroblock as it is coded.
 *
 * <p>Indexing: {@code mbAddr} is the raster macroblock address (mbY * mbWidth + mbX). Luma 4x4
 * arrays are {@code [mbAddr * 16 + by * 4 + bx]} (raster order of the 4x4 blocks inside the MB,
 * not luma4x4BlkIdx); chroma arrays are {@code [mbAddr * 4 + by * 2 + bx]}.
 *
 * <p>Ownership and threading: not thread-safe; owned by the encoder thread, one instance per
 * picture size, {@link #reset()} before each picture.
 */
final class MacroblockInfo {
    final int mbWidth, mbHeight;
    /** QP_Y per macroblock. */
    final int[] qp;
    /** True for I macroblocks (bS 3/4 in §8.7.2.1). */
    final boolean[] intra;
    /** TotalCoeff of every luma 4x4 block (for Intra16x16: of the AC block). */
    final byte[] totalCoeffLuma;
    /** TotalCoeff of every chroma AC 4x4 block, for nC prediction only. */
    final byte[] totalCoeffCb, totalCoeffCr;
    /** Quarter-sample motion vector of every luma 4x4 block (0 for intra). */
    final short[] mvX, mvY;

    MacroblockInfo(int mbWidth, int mbHeight) {
        if (mbWidth <= 0 || mbHeight <= 0) {
            throw new IllegalArgumentException("size in macroblocks must be positive: "
                    + mbWidth + "x" + mbHeight);
        }
        this.mbWidth = mbWidth;
        this.mbHeight = mbHeight;
        int mbs = mbWidth * mbHeight;
        qp = new int[mbs];
        intra = new boolean[mbs];
        totalCoeffLuma = new byte[mbs * 16];
        totalCoeffCb = new byte[mbs * 4];
        totalCoeffCr = new byte[mbs * 4];
        mvX = new short[mbs * 16];
        mvY = new short[mbs * 16];
    }

    /** Clears every field to zero / false. */
    void reset() {
        Arrays.fill(qp, 0);
        Arrays.fill(intra, false);
        Arrays.fill(totalCoeffLuma, (byte) 0);
        Arrays.fill(totalCoeffCb, (byte) 0);
        Arrays.fill(totalCoeffCr, (byte) 0);
        Arrays.fill(mvX, (short) 0);
        Arrays.fill(mvY, (short) 0);
    }
}
