package org.camstream.h264;

/**
 * Fractional-sample motion-compensated prediction from a reference {@link Picture}: H.264
 * §8.4.2.2.1 (luma, quarter sample, 6-tap) and §8.4.2.2.2 (chroma 4:2:0, eighth sample, bilinear).
 *
 * <p>Reads rely on the reference's replicated borders ({@link Picture#extendBorders()}) instead of
 * the coordinate clamping of eq. 8-228/8-229 and 8-230/8-231; the caller guarantees that the whole
 * filter support (for luma 2 samples left/above and 3 right/below the block, for chroma 1 right and
 * below) lies inside the padding.
 *
 * <p>Stateless and allocation-free; safe to call from any thread as long as the destination is not
 * shared.
 */
final class Interpolator {
    private Interpolator() {
    }

    /**
     * H.264 §8.4.2.2.1 luma sample interpolation of a w x h block whose integer top-left is
     * (x0 + (mvx >> 2), y0 + (mvy >> 2)) and fraction (mvx &amp; 3, mvy &amp; 3) (§8.4.2.2).
     * Writes {@code dst[dstOff + j * dstStride + i]}.
     */
    static void predictLuma(Picture ref, int x0, int y0, int mvx, int mvy, int w, int h,
                            byte[] dst, int dstOff, int dstStride) {
        byte[] s = ref.y;
        int st = ref.strideY;
        int base = ref.originY + (y0 + (mvy >> 2)) * st + x0 + (mvx >> 2);
        int fx = mvx & 3;
        int fy = mvy & 3;
        // Table 8-12: (xFracL, yFracL) -> sample name; G/H/M are integer samples, b/s horizontal
        // halves, h/m vertical halves, j the centre half sample (§8.4.2.2.1).
        if (fx == 0 && fy == 0) {                               // G
            for (int r = 0; r < h; r++) {
                System.arraycopy(s, base + r * st, dst, dstOff + r * dstStride, w);
            }
        } else if (fy == 0) {                                   // a, b, c (row y only)
            for (int r = 0; r < h; r++) {
                int p = base + r * st;
                int o = dstOff + r * dstStride;
                for (int i = 0; i < w; i++, p++) {
                    int b = halfH(s, p);
                    // §8.4.2.2.1: a = (G + b + 1) >> 1, c = (H + b + 1) >> 1
                    dst[o + i] = (byte) (fx == 2 ? b
                            : (b + (s[fx == 1 ? p : p + 1] & 0xFF) + 1) >> 1);
                }
            }
        } else if (fx == 0) {                                   // d, h, n (column x only)
            for (int r = 0; r < h; r++) {
                int p = base + r * st;
                int o = dstOff + r * dstStride;
                for (int i = 0; i < w; i++, p++) {
                    int hv = halfV(s, p, st);
                    // §8.4.2.2.1: d = (G + h + 1) >> 1, n = (M + h + 1) >> 1
                    dst[o + i] = (byte) (fy == 2 ? hv
                            : (hv + (s[fy == 1 ? p : p + st] & 0xFF) + 1) >> 1);
                }
            }
        } else if (fx != 2 && fy != 2) {                        // e, g, p, r (diagonal)
            // §8.4.2.2.1 e, g, p, r: average of the horizontal half b (row y) or s (row y+1) and the
            // vertical half h (column x) or m (column x+1) nearest to the position.
            int offH = fy == 3 ? st : 0;
            int offV = fx == 3 ? 1 : 0;
            for (int r = 0; r < h; r++) {
                int p = base + r * st;
                int o = dstOff + r * dstStride;
                for (int i = 0; i < w; i++, p++) {
                    dst[o + i] = (byte) ((halfH(s, p + offH) + halfV(s, p + offV, st) + 1) >> 1);
                }
            }
        } else {                                                // f, i, j, k, q (need j)
            // §8.4.2.2.1: f = (b + j + 1) >> 1, q = (j + s + 1) >> 1 (xFracL == 2);
            // i = (h + j + 1) >> 1, k = (j + m + 1) >> 1 (yFracL == 2).
            boolean horizontalPartner = fx == 2;
            int partnerOff = horizontalPartner ? (fy == 3 ? st : 0) : (fx == 3 ? 1 : 0);
            boolean centreOnly = fx == 2 && fy == 2;
            for (int r = 0; r < h; r++) {
                int p = base + r * st;
                int o = dstOff + r * dstStride;
                // sliding window of the unrounded vertical intermediates (cc, dd, h1, m1, ee, ff
                // of §8.4.2.2.1) at columns x-2 .. x+3
                int v0 = tapV(s, p - 2, st);
                int v1 = tapV(s, p - 1, st);
                int v2 = tapV(s, p, st);
                int v3 = tapV(s, p + 1, st);
                int v4 = tapV(s, p + 2, st);
                for (int i = 0; i < w; i++, p++) {
                    int v5 = tapV(s, p + 3, st);
                    // §8.4.2.2.1: j1 = cc - 5dd + 20h1 + 20m1 - 5ee + ff; j = Clip1Y((j1 + 512) >> 10)
                    int j = clip1((v0 - 5 * v1 + 20 * v2 + 20 * v3 - 5 * v4 + v5 + 512) >> 10);
                    int out;
                    if (centreOnly) {
                        out = j;
                    } else if (horizontalPartner) {
                        out = (j + halfH(s, p + partnerOff) + 1) >> 1;
                    } else {
                        out = (j + halfV(s, p + partnerOff, st) + 1) >> 1;
                    }
                    dst[o + i] = (byte) out;
                    v0 = v1;
                    v1 = v2;
                    v2 = v3;
                    v3 = v4;
                    v4 = v5;
                }
            }
        }
    }

    /** §8.4.2.2.1 b1 = E - 5F + 20G + 20H - 5I + J (unrounded), G at index p. */
    private static int tapH(byte[] s, int p) {
        return (s[p - 2] & 0xFF) - 5 * (s[p - 1] & 0xFF) + 20 * (s[p] & 0xFF)
                + 20 * (s[p + 1] & 0xFF) - 5 * (s[p + 2] & 0xFF) + (s[p + 3] & 0xFF);
    }

    /** §8.4.2.2.1 h1 = A - 5C + 20G + 20M - 5R + T (unrounded), G at index p. */
    private static int tapV(byte[] s, int p, int st) {
        return (s[p - 2 * st] & 0xFF) - 5 * (s[p - st] & 0xFF) + 20 * (s[p] & 0xFF)
                + 20 * (s[p + st] & 0xFF) - 5 * (s[p + 2 * st] & 0xFF) + (s[p + 3 * st] & 0xFF);
    }

    /** §8.4.2.2.1 b = Clip1Y((b1 + 16) >> 5). */
    private static int halfH(byte[] s, int p) {
        return clip1((tapH(s, p) + 16) >> 5);
    }

    /** §8.4.2.2.1 h = Clip1Y((h1 + 16) >> 5). */
    private static int halfV(byte[] s, int p, int st) {
        return clip1((tapV(s, p, st) + 16) >> 5);
    }

    private static int clip1(int x) {
        return x < 0 ? 0 : (x > 255 ? 255 : x);
    }

    /**
     * H.264 §8.4.2.2.2 chroma sample interpolation (4:2:0) of a w x h chroma block at chroma
     * position (xc0, yc0) for both Cb and Cr. For frame macroblocks mvCLX = mvLX (§8.4.1.4), in
     * units of 1/8 chroma sample: xIntC = xc0 + (mvx >> 3), xFracC = mvx &amp; 7 (§8.4.2.2).
     * Writes {@code dstU/dstV[dstOff + j * dstStride + i]}.
     */
    static void predictChroma(Picture ref, int xc0, int yc0, int mvx, int mvy, int w, int h,
                              byte[] dstU, byte[] dstV, int dstOff, int dstStride) {
        int st = ref.strideC;
        int base = ref.originC + (yc0 + (mvy >> 3)) * st + xc0 + (mvx >> 3);
        int fx = mvx & 7;
        int fy = mvy & 7;
        chromaPlane(ref.u, base, st, fx, fy, w, h, dstU, dstOff, dstStride);
        chromaPlane(ref.v, base, st, fx, fy, w, h, dstV, dstOff, dstStride);
    }

    private static void chromaPlane(byte[] s, int base, int st, int fx, int fy, int w, int h,
                                    byte[] dst, int dstOff, int dstStride) {
        if (fx == 0 && fy == 0) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(s, base + r * st, dst, dstOff + r * dstStride, w);
            }
            return;
        }
        // §8.4.2.2.2: ((8 - xF)(8 - yF)A + xF(8 - yF)B + (8 - xF)yF C + xF yF D + 32) >> 6
        int wa = (8 - fx) * (8 - fy);
        int wb = fx * (8 - fy);
        int wc = (8 - fx) * fy;
        int wd = fx * fy;
        for (int r = 0; r < h; r++) {
            int p = base + r * st;
            int o = dstOff + r * dstStride;
            for (int i = 0; i < w; i++, p++) {
                dst[o + i] = (byte) ((wa * (s[p] & 0xFF) + wb * (s[p + 1] & 0xFF)
                        + wc * (s[p + st] & 0xFF) + wd * (s[p + st + 1] & 0xFF) + 32) >> 6);
            }
        }
    }
}
