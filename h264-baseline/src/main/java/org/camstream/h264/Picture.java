package org.camstream.h264;

import java.util.Arrays;

/**
 * One decoded (reconstructed) 4:2:0 8-bit frame with replicated borders, used as the current
 * reconstruction and as the reference picture for motion compensation.
 *
 * <p>Layout: pixel (px, py) of the luma plane is {@code y[originY + py * strideY + px]}; chroma
 * pixel (px, py) of either chroma plane is {@code u[originC + py * strideC + px]}. Coordinates may
 * be negative down to {@code -PAD_Y} / {@code -PAD_C} and reach {@code width - 1 + PAD_Y} /
 * {@code width / 2 - 1 + PAD_C} (likewise vertically). Samples are unsigned, read with
 * {@code & 0xFF}.
 *
 * <p>Ownership and threading: not thread-safe. The encoder owns its pictures and mutates them from
 * one thread; the arrays are exposed on purpose so the hot paths can index them directly.
 */
final class Picture {
    /** Luma padding on every side, in samples. */
    static final int PAD_Y = 32;
    /** Chroma padding on every side, in samples. */
    static final int PAD_C = 16;

    /** Coded luma size (mbWidth * 16, mbHeight * 16); cropping is only signalled in the SPS. */
    final int width, height;
    /** Row strides: width + 2 * PAD_Y and width / 2 + 2 * PAD_C. */
    final int strideY, strideC;
    /** Sample planes, including padding. */
    final byte[] y, u, v;
    /** Index of pixel (0, 0) in {@link #y} and in {@link #u} / {@link #v}. */
    final int originY, originC;

    private final int rowsY, rowsC;

    Picture(int mbWidth, int mbHeight) {
        if (mbWidth <= 0 || mbHeight <= 0) {
            throw new IllegalArgumentException("picture size in macroblocks must be positive: "
                    + mbWidth + "x" + mbHeight);
        }
        width = mbWidth * 16;
        height = mbHeight * 16;
        strideY = width + 2 * PAD_Y;
        strideC = width / 2 + 2 * PAD_C;
        rowsY = height + 2 * PAD_Y;
        rowsC = height / 2 + 2 * PAD_C;
        y = new byte[strideY * rowsY];
        u = new byte[strideC * rowsC];
        v = new byte[strideC * rowsC];
        originY = PAD_Y * strideY + PAD_Y;
        originC = PAD_C * strideC + PAD_C;
    }

    /**
     * Replicates the edge samples of the visible area into the padding of all three planes. A read
     * inside the padding then returns the same value as the coordinate clamping of H.264 §8.4.2.2.1
     * (eq. 8-228/8-229: xZ = Clip3(0, PicWidthInSamples - 1, x), likewise y) and of §8.4.2.2.2 for
     * chroma, so the interpolator needs no per-sample clamping.
     */
    void extendBorders() {
        extend(y, strideY, width, height, PAD_Y);
        extend(u, strideC, width / 2, height / 2, PAD_C);
        extend(v, strideC, width / 2, height / 2, PAD_C);
    }

    private static void extend(byte[] p, int stride, int w, int h, int pad) {
        // left and right of every visible row
        for (int row = pad; row < pad + h; row++) {
            int start = row * stride + pad;
            Arrays.fill(p, row * stride, start, p[start]);
            int last = start + w - 1;
            Arrays.fill(p, last + 1, row * stride + stride, p[last]);
        }
        // whole padded rows above and below (corners come from the already extended rows)
        int firstRow = pad * stride;
        for (int row = 0; row < pad; row++) {
            System.arraycopy(p, firstRow, p, row * stride, stride);
        }
        int lastRow = (pad + h - 1) * stride;
        for (int row = pad + h; row < h + 2 * pad; row++) {
            System.arraycopy(p, lastRow, p, row * stride, stride);
        }
    }

    /** Copies all samples (padding included) of a picture of the same size. */
    void copyFrom(Picture other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("picture size mismatch: " + other.width + "x"
                    + other.height + " into " + width + "x" + height);
        }
        System.arraycopy(other.y, 0, y, 0, y.length);
        System.arraycopy(other.u, 0, u, 0, u.length);
        System.arraycopy(other.v, 0, v, 0, v.length);
    }
}
