package org.camstream.h264;

/**
 * Coefficient scan and block-position tables for 4x4 blocks (frame macroblocks only).
 *
 * <p>Blocks of 16 coefficients are held in raster order (index = row * 4 + col) everywhere in
 * this module; this class converts between that order and the transmission order.
 *
 * <p>Thread-safety: immutable constants; the arrays must never be written by callers.
 */
final class Scan {

    /**
     * Frame zig-zag scan: scan position (0..15) to raster index (row * 4 + col).
     * H.264 §8.5.6, Table 8-13 (zig-zag column) / Figure 8-8 a): the scan starts at (0,0),
     * moves right to (1,0), then runs the anti-diagonals alternately down-left and up-right.
     */
    static final int[] ZIGZAG_4x4 = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};

    /**
     * luma4x4BlkIdx to the x offset (pixels) of the block's upper-left sample inside the
     * macroblock. H.264 §6.4.3 eq. 6-17: x = InverseRasterScan(idx / 4, 8, 8, 16, 0)
     * + InverseRasterScan(idx % 4, 4, 4, 8, 0), i.e. 8x8 quadrants in raster order, then
     * 4x4 blocks in raster order inside each quadrant.
     */
    static final int[] BLOCK_4x4_X = {0, 4, 0, 4, 8, 12, 8, 12, 0, 4, 0, 4, 8, 12, 8, 12};

    /** luma4x4BlkIdx to the y offset of the block's upper-left sample. H.264 §6.4.3 eq. 6-18. */
    static final int[] BLOCK_4x4_Y = {0, 0, 4, 4, 0, 0, 4, 4, 8, 8, 12, 12, 8, 8, 12, 12};

    private Scan() {}
}
