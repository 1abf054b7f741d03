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
    /**
     * First macroblock row of the slice that holds each row: slices are bands of whole rows, and a
     * neighbour in another slice is not available for prediction (§6.4.4 / §7.4.3; CAVLC nC §9.2.1).
     */
    private final int[] sliceTop;

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
        sliceTop = new int[mbHeight];
    }

    /**
     * Cuts the picture into slices of whole macroblock rows.
     *
     * @param firstRows the first row of each slice, ascending, starting at 0
     */
    void setSlices(int[] firstRows, int count) {
        if (count < 1 || firstRows[0] != 0) {
            throw new IllegalArgumentException("slices must start at row 0");
        }
        for (int s = 0; s < count; s++) {
            int end = s + 1 < count ? firstRows[s + 1] : mbHeight;
            if (end <= firstRows[s] || end > mbHeight) {
                throw new IllegalArgumentException("slice rows must ascend inside the picture");
            }
            Arrays.fill(sliceTop, firstRows[s], end, firstRows[s]);
        }
    }

    /** @return whether the macroblock above one in row mbY is in the same slice (mbAddrB available, §6.4.9) */
    boolean topAvailable(int mbY) {
        return mbY > sliceTop[mbY];
    }

    /** @return whether a macroblock in row {@code rowN} is available to one in row {@code mbY} (same slice, not below) */
    boolean rowAvailable(int rowN, int mbY) {
        return rowN >= sliceTop[mbY] && rowN <= mbY;
    }

    /** Clears every field to zero / false. */
    void reset() {
        reset(0, mbHeight);
    }

    /** Clears macroblock rows [firstRow, endRow) (one slice's part: slices clear their own rows). */
    void reset(int firstRow, int endRow) {
        int from = firstRow * mbWidth, to = endRow * mbWidth;
        Arrays.fill(qp, from, to, 0);
        Arrays.fill(intra, from, to, false);
        Arrays.fill(totalCoeffLuma, from * 16, to * 16, (byte) 0);
        Arrays.fill(totalCoeffCb, from * 4, to * 4, (byte) 0);
        Arrays.fill(totalCoeffCr, from * 4, to * 4, (byte) 0);
        Arrays.fill(mvX, from * 16, to * 16, (short) 0);
        Arrays.fill(mvY, from * 16, to * 16, (short) 0);
    }
}
