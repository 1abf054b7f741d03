package org.camstream.h264;

/**
 * Converts camera input into the encoder's macroblock-aligned I420 source planes.
 *
 * <p>RGB inputs use the ITU-R BT.601 limited-range ("studio swing") integer matrix, the colour
 * space a decoder assumes when the SPS carries no video_signal_type (H.264 Annex E.2.1 defaults):
 * Y = 16..235, Cb/Cr = 16..240. Chroma is the 2x2 average (4:2:0; this centres it, while the default
 * chroma_sample_loc_type 0 of Annex E.2.1 sites chroma a quarter chroma sample further left, a negligible
 * difference for camera input).
 * The area right of {@code width} and below {@code height} up to the macroblock-aligned coded size
 * is filled by replicating the last column/row (it is cropped away by the SPS frame cropping).
 *
 * <p>Stateless; all methods write into caller-owned planes and allocate nothing.
 */
final class ColorConverter {
    private ColorConverter() {
    }

    /**
     * RGB565, 2 bytes per pixel. {@code bigEndian} means the high byte (RRRRRGGG) comes first, as
     * OV2640/ESP32 cameras deliver it.
     */
    static void fromRgb565(byte[] src, boolean bigEndian, int w, int h, byte[] y, byte[] u, byte[] v,
            int strideY, int strideC) {
        int hiOff = bigEndian ? 0 : 1;
        int loOff = 1 - hiOff;
        for (int py = 0; py < h; py += 2) {
            for (int px = 0; px < w; px += 2) {
                int rs = 0, gs = 0, bs = 0;
                for (int k = 0; k < 4; k++) {
                    int xx = px + (k & 1);
                    int yy = py + (k >> 1);
                    int i = 2 * (yy * w + xx);
                    int p = ((src[i + hiOff] & 0xFF) << 8) | (src[i + loOff] & 0xFF);
                    int r5 = p >>> 11, g6 = (p >>> 5) & 0x3F, b5 = p & 0x1F;
                    int r = (r5 << 3) | (r5 >>> 2), g = (g6 << 2) | (g6 >>> 4), b = (b5 << 3) | (b5 >>> 2);
                    y[yy * strideY + xx] = luma(r, g, b);
                    rs += r;
                    gs += g;
                    bs += b;
                }
                int ci = (py >> 1) * strideC + (px >> 1);
                u[ci] = cb(rs, gs, bs);
                v[ci] = cr(rs, gs, bs);
            }
        }
    }

    /** 0xAARRGGBB ints (alpha ignored), one per pixel. */
    static void fromArgb(int[] src, int w, int h, byte[] y, byte[] u, byte[] v, int strideY, int strideC) {
        for (int py = 0; py < h; py += 2) {
            for (int px = 0; px < w; px += 2) {
                int rs = 0, gs = 0, bs = 0;
                for (int k = 0; k < 4; k++) {
                    int xx = px + (k & 1);
                    int yy = py + (k >> 1);
                    int p = src[yy * w + xx];
                    int r = (p >>> 16) & 0xFF, g = (p >>> 8) & 0xFF, b = p & 0xFF;
                    y[yy * strideY + xx] = luma(r, g, b);
                    rs += r;
                    gs += g;
                    bs += b;
                }
                int ci = (py >> 1) * strideC + (px >> 1);
                u[ci] = cb(rs, gs, bs);
                v[ci] = cr(rs, gs, bs);
            }
        }
    }

    /** R, G, B byte triplets, 3 bytes per pixel. */
    static void fromRgb888(byte[] src, int w, int h, byte[] y, byte[] u, byte[] v, int strideY, int strideC) {
        for (int py = 0; py < h; py += 2) {
            for (int px = 0; px < w; px += 2) {
                int rs = 0, gs = 0, bs = 0;
                for (int k = 0; k < 4; k++) {
                    int xx = px + (k & 1);
                    int yy = py + (k >> 1);
                    int i = 3 * (yy * w + xx);
                    int r = src[i] & 0xFF, g = src[i + 1] & 0xFF, b = src[i + 2] & 0xFF;
                    y[yy * strideY + xx] = luma(r, g, b);
                    rs += r;
                    gs += g;
                    bs += b;
                }
                int ci = (py >> 1) * strideC + (px >> 1);
                u[ci] = cb(rs, gs, bs);
                v[ci] = cr(rs, gs, bs);
            }
        }
    }

    /** Tightly packed I420 planes (w x h, w/2 x h/2) copied row by row. */
    static void fromI420(byte[] sy, byte[] su, byte[] sv, int w, int h, byte[] y, byte[] u, byte[] v,
            int strideY, int strideC) {
        for (int r = 0; r < h; r++) {
            System.arraycopy(sy, r * w, y, r * strideY, w);
        }
        int cw = w >> 1;
        for (int r = 0; r < h >> 1; r++) {
            System.arraycopy(su, r * cw, u, r * strideC, cw);
            System.arraycopy(sv, r * cw, v, r * strideC, cw);
        }
    }

    /** Replicates the last column and row of a w x h plane out to codedW x codedH. */
    static void padPlane(byte[] p, int stride, int w, int h, int codedW, int codedH) {
        if (codedW > w) {
            for (int r = 0; r < h; r++) {
                int row = r * stride;
                java.util.Arrays.fill(p, row + w, row + codedW, p[row + w - 1]);
            }
        }
        for (int r = h; r < codedH; r++) {
            System.arraycopy(p, (h - 1) * stride, p, r * stride, codedW);
        }
    }

    // BT.601 limited range, 8-bit integer approximation (coefficients scaled by 256)
    static byte luma(int r, int g, int b) {
        return (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
    }

    /** Cb from sums of four pixels. */
    static byte cb(int rs, int gs, int bs) {
        return (byte) (((-38 * rs - 74 * gs + 112 * bs + 512) >> 10) + 128);
    }

    /** Cr from sums of four pixels. */
    static byte cr(int rs, int gs, int bs) {
        return (byte) (((112 * rs - 94 * gs - 18 * bs + 512) >> 10) + 128);
    }
}
