package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Interpolator} against a direct, per-sample transcription of H.264 §8.4.2.2.1 and
 * §8.4.2.2.2 that reads the visible picture with the Clip3 coordinate clamping of the spec (no
 * padding), so border replication is checked at the same time. The centre sample j is computed
 * here from the horizontal intermediates (aa, bb, b1, s1, gg, hh), the other of the two equivalent
 * forms the spec gives; the implementation uses the vertical one.
 */
class InterpolatorTest {
    private static final int MBW = 3, MBH = 2;
    private static final int[] SIZES = {4, 8, 16};

    /** The visible picture, clamped reads: §8.4.2.2.1 xZL = Clip3(0, w - 1, x), likewise y. */
    private record Plane(byte[] data, int origin, int stride, int w, int h) {
        int at(int x, int y) {
            int cx = Math.min(Math.max(x, 0), w - 1);
            int cy = Math.min(Math.max(y, 0), h - 1);
            return data[origin + cy * stride + cx] & 0xFF;
        }
    }

    private static int clip1(int v) {
        return Math.min(Math.max(v, 0), 255);
    }

    private static int tap(int e, int f, int g, int h, int i, int j) {
        return e - 5 * f + 20 * g + 20 * h - 5 * i + j;
    }

    /** Unrounded horizontal half sample between (x, y) and (x + 1, y): b1 of §8.4.2.2.1. */
    private static int b1(Plane p, int x, int y) {
        return tap(p.at(x - 2, y), p.at(x - 1, y), p.at(x, y), p.at(x + 1, y), p.at(x + 2, y), p.at(x + 3, y));
    }

    /** Unrounded vertical half sample between (x, y) and (x, y + 1): h1 of §8.4.2.2.1. */
    private static int h1(Plane p, int x, int y) {
        return tap(p.at(x, y - 2), p.at(x, y - 1), p.at(x, y), p.at(x, y + 1), p.at(x, y + 2), p.at(x, y + 3));
    }

    /** Reference luma sample for integer position (xInt, yInt) and fraction (xFrac, yFrac), Table 8-12. */
    static int refLuma(Plane p, int xi, int yi, int xf, int yf) {
        int gG = p.at(xi, yi);
        int gH = p.at(xi + 1, yi);
        int gM = p.at(xi, yi + 1);
        int b = clip1((b1(p, xi, yi) + 16) >> 5);
        int h = clip1((h1(p, xi, yi) + 16) >> 5);
        int m = clip1((h1(p, xi + 1, yi) + 16) >> 5);
        int s = clip1((b1(p, xi, yi + 1) + 16) >> 5);
        // j1 = aa - 5bb + 20b1 + 20s1 - 5gg + hh: horizontal intermediates of rows y-2 .. y+3
        int j1 = tap(b1(p, xi, yi - 2), b1(p, xi, yi - 1), b1(p, xi, yi), b1(p, xi, yi + 1),
                b1(p, xi, yi + 2), b1(p, xi, yi + 3));
        int j = clip1((j1 + 512) >> 10);
        switch (xf * 4 + yf) {                   // Table 8-12 (xFracL, yFracL)
            case 0: return gG;                   // (0,0) G
            case 1: return (gG + h + 1) >> 1;    // (0,1) d
            case 2: return h;                    // (0,2) h
            case 3: return (gM + h + 1) >> 1;    // (0,3) n
            case 4: return (gG + b + 1) >> 1;    // (1,0) a
            case 5: return (b + h + 1) >> 1;     // (1,1) e
            case 6: return (h + j + 1) >> 1;     // (1,2) i
            case 7: return (h + s + 1) >> 1;     // (1,3) p
            case 8: return b;                    // (2,0) b
            case 9: return (b + j + 1) >> 1;     // (2,1) f
            case 10: return j;                   // (2,2) j
            case 11: return (j + s + 1) >> 1;    // (2,3) q
            case 12: return (gH + b + 1) >> 1;   // (3,0) c
            case 13: return (b + m + 1) >> 1;    // (3,1) g
            case 14: return (j + m + 1) >> 1;    // (3,2) k
            case 15: return (m + s + 1) >> 1;    // (3,3) r
            default: throw new AssertionError();
        }
    }

    private static Picture randomPicture(long seed, boolean smooth) {
        Picture pic = new Picture(MBW, MBH);
        Random rnd = new Random(seed);
        fill(pic.y, pic.originY, pic.strideY, pic.width, pic.height, rnd, smooth);
        fill(pic.u, pic.originC, pic.strideC, pic.width / 2, pic.height / 2, rnd, smooth);
        fill(pic.v, pic.originC, pic.strideC, pic.width / 2, pic.height / 2, rnd, smooth);
        pic.extendBorders();
        return pic;
    }

    /** Random noise (exercises clipping of the 6-tap filter) or a smooth ramp with small noise. */
    private static void fill(byte[] p, int origin, int stride, int w, int h, Random rnd, boolean smooth) {
        int gx = rnd.nextInt(9) - 4, gy = rnd.nextInt(9) - 4, c = rnd.nextInt(256);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = smooth ? clip1(c + gx * x + gy * y + rnd.nextInt(7) - 3) : rnd.nextInt(256);
                p[origin + y * stride + x] = (byte) v;
            }
        }
    }

    private static Plane visibleLuma(Picture pic) {
        return new Plane(pic.y, pic.originY, pic.strideY, pic.width, pic.height);
    }

    /**
     * All 16 quarter positions for random blocks, with integer positions anywhere the 6-tap support
     * stays inside the padding (so blocks reach far outside the picture).
     */
    @Property(tries = 300)
    void lumaMatchesDirectSpecTranscription(@ForAll long seed, @ForAll boolean smooth,
                                            @ForAll @IntRange(min = 0, max = 2) int wi,
                                            @ForAll @IntRange(min = 0, max = 2) int hi,
                                            @ForAll @IntRange(min = 0, max = 15) int frac) {
        Picture pic = randomPicture(seed, smooth);
        Random rnd = new Random(~seed);
        int w = SIZES[wi], h = SIZES[hi];
        // integer top-left xi must satisfy xi - 2 >= -PAD_Y and xi + w + 2 <= width - 1 + PAD_Y
        int xi = -Picture.PAD_Y + 2 + rnd.nextInt(pic.width + 2 * Picture.PAD_Y - w - 4);
        int yi = -Picture.PAD_Y + 2 + rnd.nextInt(pic.height + 2 * Picture.PAD_Y - h - 4);
        int x0 = 16 * rnd.nextInt(MBW), y0 = 16 * rnd.nextInt(MBH);
        int mvx = (xi - x0) * 4 + (frac >> 2);
        int mvy = (yi - y0) * 4 + (frac & 3);
        checkLuma(pic, x0, y0, mvx, mvy, w, h);
    }

    /** Exhaustive over the 16 fractions at the extreme corners of the allowed area. */
    @Test
    void lumaAllFractionsAtPaddingLimits() {
        Picture pic = randomPicture(42, false);
        int minI = -Picture.PAD_Y + 2;
        for (int frac = 0; frac < 16; frac++) {
            for (int w : SIZES) {
                int maxX = pic.width - 1 + Picture.PAD_Y - w - 2;
                int maxY = pic.height - 1 + Picture.PAD_Y - w - 2;
                int[][] corners = {{minI, minI}, {maxX, minI}, {minI, maxY}, {maxX, maxY}, {0, 0}};
                for (int[] c : corners) {
                    checkLuma(pic, 16, 16, (c[0] - 16) * 4 + (frac >> 2), (c[1] - 16) * 4 + (frac & 3), w, w);
                }
            }
        }
    }

    private static void checkLuma(Picture pic, int x0, int y0, int mvx, int mvy, int w, int h) {
        int dstStride = 20, dstOff = 3;
        byte[] dst = new byte[dstOff + dstStride * 16];
        Interpolator.predictLuma(pic, x0, y0, mvx, mvy, w, h, dst, dstOff, dstStride);
        Plane p = visibleLuma(pic);
        int xi = x0 + (mvx >> 2), yi = y0 + (mvy >> 2);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int expected = refLuma(p, xi + i, yi + j, mvx & 3, mvy & 3);
                assertThat(dst[dstOff + j * dstStride + i] & 0xFF)
                        .as("mv (%d,%d) block %dx%d at (%d,%d) sample (%d,%d)", mvx, mvy, w, h, x0, y0, i, j)
                        .isEqualTo(expected);
            }
        }
        // nothing written outside the block
        for (int k = 0; k < dst.length; k++) {
            int r = (k - dstOff) / dstStride, c = (k - dstOff) % dstStride;
            if (k < dstOff || c >= w || r >= h) {
                assertThat(dst[k]).as("outside index %d", k).isZero();
            }
        }
    }

    /** §8.4.2.2.2, all 64 eighth positions, both chroma planes, blocks reaching into the padding. */
    @Property(tries = 200)
    void chromaMatchesSpecEquation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 63) int frac,
                                   @ForAll @IntRange(min = 0, max = 2) int wi,
                                   @ForAll @IntRange(min = 0, max = 2) int hi) {
        Picture pic = randomPicture(seed, (seed & 1) == 0);
        Random rnd = new Random(~seed);
        int w = SIZES[wi] / 2, h = SIZES[hi] / 2;   // chroma of 4/8/16 luma partitions
        int cw = pic.width / 2, ch = pic.height / 2;
        // support: xi >= -PAD_C and xi + w <= cw - 1 + PAD_C
        int xi = -Picture.PAD_C + rnd.nextInt(cw + 2 * Picture.PAD_C - w);
        int yi = -Picture.PAD_C + rnd.nextInt(ch + 2 * Picture.PAD_C - h);
        int xc0 = 8 * rnd.nextInt(MBW), yc0 = 8 * rnd.nextInt(MBH);
        int mvx = (xi - xc0) * 8 + (frac >> 3);
        int mvy = (yi - yc0) * 8 + (frac & 7);
        checkChroma(pic, xc0, yc0, mvx, mvy, w, h);
    }

    @Test
    void chromaAllEighthsAtPaddingLimits() {
        Picture pic = randomPicture(7, false);
        int cw = pic.width / 2, ch = pic.height / 2;
        for (int frac = 0; frac < 64; frac++) {
            int w = 8;
            int[][] corners = {{-Picture.PAD_C, -Picture.PAD_C}, {cw - 1 + Picture.PAD_C - w, ch - 1 + Picture.PAD_C - w}, {3, 5}};
            for (int[] c : corners) {
                checkChroma(pic, 8, 8, (c[0] - 8) * 8 + (frac >> 3), (c[1] - 8) * 8 + (frac & 7), w, w);
            }
        }
    }

    private static void checkChroma(Picture pic, int xc0, int yc0, int mvx, int mvy, int w, int h) {
        int dstStride = 9, dstOff = 1;
        byte[] du = new byte[dstOff + dstStride * 8];
        byte[] dv = new byte[dstOff + dstStride * 8];
        Interpolator.predictChroma(pic, xc0, yc0, mvx, mvy, w, h, du, dv, dstOff, dstStride);
        Plane pu = new Plane(pic.u, pic.originC, pic.strideC, pic.width / 2, pic.height / 2);
        Plane pv = new Plane(pic.v, pic.originC, pic.strideC, pic.width / 2, pic.height / 2);
        int xInt = xc0 + (mvx >> 3), yInt = yc0 + (mvy >> 3);
        int xF = mvx & 7, yF = mvy & 7;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                for (int plane = 0; plane < 2; plane++) {
                    Plane p = plane == 0 ? pu : pv;
                    byte[] d = plane == 0 ? du : dv;
                    int a = p.at(xInt + i, yInt + j), b = p.at(xInt + i + 1, yInt + j);
                    int c = p.at(xInt + i, yInt + j + 1), dd = p.at(xInt + i + 1, yInt + j + 1);
                    int expected = ((8 - xF) * (8 - yF) * a + xF * (8 - yF) * b
                            + (8 - xF) * yF * c + xF * yF * dd + 32) >> 6;
                    assertThat(d[dstOff + j * dstStride + i] & 0xFF)
                            .as("plane %d mv (%d,%d) sample (%d,%d)", plane, mvx, mvy, i, j)
                            .isEqualTo(expected);
                }
            }
        }
    }

    /** A pure integer-pel translation must copy the source exactly (sanity check that needs no formula). */
    @Test
    void integerMotionIsACopy() {
        Picture pic = randomPicture(3, false);
        byte[] dst = new byte[16 * 16];
        Interpolator.predictLuma(pic, 16, 0, -4 * 5, 4 * 3, 16, 16, dst, 0, 16);
        for (int j = 0; j < 16; j++) {
            for (int i = 0; i < 16; i++) {
                assertThat(dst[j * 16 + i]).isEqualTo(pic.y[pic.originY + (3 + j) * pic.strideY + 11 + i]);
            }
        }
    }
}
