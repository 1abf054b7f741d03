package org.camstream.h264;

/**
 * Intra prediction sample generation, bit-exact with H.264 §8.3.1.2 (Intra_4x4), §8.3.3
 * (Intra_16x16) and §8.3.4 (chroma, 4:2:0, 8-bit).
 *
 * <p>The neighbouring samples p[x, y] are read from a reconstructed plane ({@code byte[]},
 * unsigned, with an explicit stride); (x, y) is the top-left sample of the predicted block.
 * The availability flags are decided by the caller (§6.4.11, constrained_intra_pred_flag = 0,
 * neighbours in another slice unavailable); samples whose flag is false are never read. The prediction is written as an
 * {@code int[]} block in raster order (index = row * size + col).
 *
 * <p>A mode whose required neighbours are unavailable is not allowed (the {@code modeAllowed*}
 * methods say which); the predictors assume the caller only asks for allowed modes.
 *
 * <p>Thread-safety: stateless, no allocation; callers own the plane and the output arrays.
 */
final class IntraPredictor {

    private IntraPredictor() {}

    static final int I4_VERTICAL = 0, I4_HORIZONTAL = 1, I4_DC = 2, I4_DIAGONAL_DOWN_LEFT = 3,
            I4_DIAGONAL_DOWN_RIGHT = 4, I4_VERTICAL_RIGHT = 5, I4_HORIZONTAL_DOWN = 6,
            I4_VERTICAL_LEFT = 7, I4_HORIZONTAL_UP = 8;
    static final int I16_VERTICAL = 0, I16_HORIZONTAL = 1, I16_DC = 2, I16_PLANE = 3;
    static final int CHROMA_DC = 0, CHROMA_HORIZONTAL = 1, CHROMA_VERTICAL = 2, CHROMA_PLANE = 3;

    // ---------------------------------------------------------------- availability

    /**
     * Whether Intra4x4PredMode {@code mode} may be used, §8.3.1.2.1-9: Vertical, Diagonal_Down_Left
     * and Vertical_Left need p[x,-1] x=0..3 ({@code top}; p[4..7,-1] are substituted when
     * missing); Horizontal and Horizontal_Up need p[-1,y]; Diagonal_Down_Right, Vertical_Right and
     * Horizontal_Down need top, left and p[-1,-1]; DC is always allowed.
     */
    static boolean modeAllowed4x4(int mode, boolean left, boolean top, boolean topLeft) {
        switch (mode) {
            case I4_VERTICAL: case I4_DIAGONAL_DOWN_LEFT: case I4_VERTICAL_LEFT: return top;
            case I4_HORIZONTAL: case I4_HORIZONTAL_UP: return left;
            case I4_DC: return true;
            case I4_DIAGONAL_DOWN_RIGHT: case I4_VERTICAL_RIGHT: case I4_HORIZONTAL_DOWN:
                return top && left && topLeft;
            default: return false;
        }
    }

    /** Intra16x16PredMode {@code mode} allowed? §8.3.3.1-4: 0 V needs top, 1 H left, 2 DC always, 3 Plane all three. */
    static boolean modeAllowed16x16(int mode, boolean left, boolean top, boolean topLeft) {
        switch (mode) {
            case I16_VERTICAL: return top;
            case I16_HORIZONTAL: return left;
            case I16_DC: return true;
            case I16_PLANE: return top && left && topLeft;
            default: return false;
        }
    }

    /** intra_chroma_pred_mode allowed? §8.3.4.1-4: 0 DC always, 1 H needs left, 2 V top, 3 Plane all three. */
    static boolean modeAllowedChroma(int mode, boolean left, boolean top, boolean topLeft) {
        switch (mode) {
            case CHROMA_DC: return true;
            case CHROMA_HORIZONTAL: return left;
            case CHROMA_VERTICAL: return top;
            case CHROMA_PLANE: return top && left && topLeft;
            default: return false;
        }
    }

    // ---------------------------------------------------------------- Intra_4x4

    /**
     * Intra_4x4 prediction, H.264 §8.3.1.2. {@code topRight}: p[4..7,-1] available (§6.4.11.4,
     * decided by the caller); when it is false and {@code top} is true, p[3,-1] is substituted
     * for them (§8.3.1.2).
     */
    static void predict4x4(int mode, byte[] plane, int stride, int x, int y, boolean left,
            boolean top, boolean topRight, boolean topLeft, int[] pred16) {
        int up = (y - 1) * stride + x;   // index of p[0,-1]
        int lft = y * stride + x - 1;    // index of p[-1,0]
        // p[x,-1] = t0..t7, p[-1,y] = l0..l3, p[-1,-1] = lt; read only when available
        int t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
        int l0 = 0, l1 = 0, l2 = 0, l3 = 0, lt = 0;
        if (top) {
            t0 = plane[up] & 0xFF;
            t1 = plane[up + 1] & 0xFF;
            t2 = plane[up + 2] & 0xFF;
            t3 = plane[up + 3] & 0xFF;
            if (topRight) {
                t4 = plane[up + 4] & 0xFF;
                t5 = plane[up + 5] & 0xFF;
                t6 = plane[up + 6] & 0xFF;
                t7 = plane[up + 7] & 0xFF;
            } else { // §8.3.1.2: p[x,-1], x = 4..7, replaced by p[3,-1]
                t4 = t3;
                t5 = t3;
                t6 = t3;
                t7 = t3;
            }
        }
        if (left) {
            l0 = plane[lft] & 0xFF;
            l1 = plane[lft + stride] & 0xFF;
            l2 = plane[lft + 2 * stride] & 0xFF;
            l3 = plane[lft + 3 * stride] & 0xFF;
        }
        if (topLeft) {
            lt = plane[up - 1] & 0xFF;
        }
        switch (mode) {
            case I4_VERTICAL: // §8.3.1.2.1
                for (int r = 0; r < 16; r += 4) {
                    pred16[r] = t0;
                    pred16[r + 1] = t1;
                    pred16[r + 2] = t2;
                    pred16[r + 3] = t3;
                }
                break;
            case I4_HORIZONTAL: // §8.3.1.2.2
                fillRow4(pred16, 0, l0);
                fillRow4(pred16, 4, l1);
                fillRow4(pred16, 8, l2);
                fillRow4(pred16, 12, l3);
                break;
            case I4_DC: { // §8.3.1.2.3, the four availability cases
                int dc;
                if (top && left) {
                    dc = (t0 + t1 + t2 + t3 + l0 + l1 + l2 + l3 + 4) >> 3;
                } else if (left) {
                    dc = (l0 + l1 + l2 + l3 + 2) >> 2;
                } else if (top) {
                    dc = (t0 + t1 + t2 + t3 + 2) >> 2;
                } else {
                    dc = 128; // 1 << (BitDepthY - 1)
                }
                for (int k = 0; k < 16; k++) {
                    pred16[k] = dc;
                }
                break;
            }
            case I4_DIAGONAL_DOWN_LEFT: { // §8.3.1.2.4: value depends on x + y only
                int s0 = f3(t0, t1, t2), s1 = f3(t1, t2, t3), s2 = f3(t2, t3, t4);
                int s3 = f3(t3, t4, t5), s4 = f3(t4, t5, t6), s5 = f3(t5, t6, t7);
                int s6 = (t6 + 3 * t7 + 2) >> 2; // x = y = 3
                set4(pred16, 0, s0, s1, s2, s3);
                set4(pred16, 4, s1, s2, s3, s4);
                set4(pred16, 8, s2, s3, s4, s5);
                set4(pred16, 12, s3, s4, s5, s6);
                break;
            }
            case I4_DIAGONAL_DOWN_RIGHT: { // §8.3.1.2.5: value depends on x - y only
                int dp1 = f3(lt, t0, t1), dp2 = f3(t0, t1, t2), dp3 = f3(t1, t2, t3); // x > y
                int d0 = f3(t0, lt, l0);                                               // x == y
                int dm1 = f3(lt, l0, l1), dm2 = f3(l0, l1, l2), dm3 = f3(l1, l2, l3); // x < y
                set4(pred16, 0, d0, dp1, dp2, dp3);
                set4(pred16, 4, dm1, d0, dp1, dp2);
                set4(pred16, 8, dm2, dm1, d0, dp1);
                set4(pred16, 12, dm3, dm2, dm1, d0);
                break;
            }
            case I4_VERTICAL_RIGHT: { // §8.3.1.2.6, zVR = 2x - y
                int a0 = f2(lt, t0), a1 = f2(t0, t1), a2 = f2(t1, t2), a3 = f2(t2, t3); // zVR even
                int b0 = f3(lt, t0, t1), b1 = f3(t0, t1, t2), b2 = f3(t1, t2, t3);     // zVR odd
                int m1 = f3(l0, lt, t0);                                                // zVR == -1
                int m2 = f3(l1, l0, lt), m3 = f3(l2, l1, l0);                           // zVR -2, -3
                set4(pred16, 0, a0, a1, a2, a3);
                set4(pred16, 4, m1, b0, b1, b2);
                set4(pred16, 8, m2, a0, a1, a2);
                set4(pred16, 12, m3, m1, b0, b1);
                break;
            }
            case I4_HORIZONTAL_DOWN: { // §8.3.1.2.7, zHD = 2y - x (the transpose of Vertical_Right)
                int a0 = f2(lt, l0), a1 = f2(l0, l1), a2 = f2(l1, l2), a3 = f2(l2, l3);
                int b0 = f3(lt, l0, l1), b1 = f3(l0, l1, l2), b2 = f3(l1, l2, l3);
                int m1 = f3(l0, lt, t0);
                int m2 = f3(t1, t0, lt), m3 = f3(t2, t1, t0);
                set4(pred16, 0, a0, m1, m2, m3);
                set4(pred16, 4, a1, b0, a0, m1);
                set4(pred16, 8, a2, b1, a1, b0);
                set4(pred16, 12, a3, b2, a2, b1);
                break;
            }
            case I4_VERTICAL_LEFT: { // §8.3.1.2.8
                int a0 = f2(t0, t1), a1 = f2(t1, t2), a2 = f2(t2, t3), a3 = f2(t3, t4);
                int a4 = f2(t4, t5);
                int b0 = f3(t0, t1, t2), b1 = f3(t1, t2, t3), b2 = f3(t2, t3, t4);
                int b3 = f3(t3, t4, t5), b4 = f3(t4, t5, t6);
                set4(pred16, 0, a0, a1, a2, a3);
                set4(pred16, 4, b0, b1, b2, b3);
                set4(pred16, 8, a1, a2, a3, a4);
                set4(pred16, 12, b1, b2, b3, b4);
                break;
            }
            case I4_HORIZONTAL_UP: { // §8.3.1.2.9, zHU = x + 2y
                int z0 = f2(l0, l1), z1 = f3(l0, l1, l2), z2 = f2(l1, l2), z3 = f3(l1, l2, l3);
                int z4 = f2(l2, l3), z5 = (l2 + 3 * l3 + 2) >> 2;
                set4(pred16, 0, z0, z1, z2, z3);
                set4(pred16, 4, z2, z3, z4, z5);
                set4(pred16, 8, z4, z5, l3, l3);
                set4(pred16, 12, l3, l3, l3, l3);
                break;
            }
            default:
                throw new IllegalArgumentException("Intra4x4PredMode " + mode);
        }
    }

    // ---------------------------------------------------------------- Intra_16x16

    /** Intra_16x16 prediction, H.264 §8.3.3 (0 Vertical, 1 Horizontal, 2 DC, 3 Plane). */
    static void predict16x16(int mode, byte[] plane, int stride, int x, int y, boolean left,
            boolean top, boolean topLeft, int[] pred256) {
        int up = (y - 1) * stride + x;   // p[0,-1]
        int lft = y * stride + x - 1;    // p[-1,0]
        switch (mode) {
            case I16_VERTICAL: // §8.3.3.1
                for (int r = 0; r < 16; r++) {
                    for (int c = 0; c < 16; c++) {
                        pred256[r * 16 + c] = plane[up + c] & 0xFF;
                    }
                }
                break;
            case I16_HORIZONTAL: // §8.3.3.2
                for (int r = 0; r < 16; r++) {
                    int v = plane[lft + r * stride] & 0xFF;
                    for (int c = 0; c < 16; c++) {
                        pred256[r * 16 + c] = v;
                    }
                }
                break;
            case I16_DC: { // §8.3.3.3
                int dc = dc16x16(plane, stride, up, lft, left, top);
                for (int k = 0; k < 256; k++) {
                    pred256[k] = dc;
                }
                break;
            }
            case I16_PLANE: // §8.3.3.4
                plane(plane, stride, up, lft, 16, 5, pred256);
                break;
            default:
                throw new IllegalArgumentException("Intra16x16PredMode " + mode);
        }
    }

    /** §8.3.3.3 the Intra_16x16 DC value, from p[0,-1] at {@code up} and p[-1,0] at {@code lft}. */
    static int dc16x16(byte[] plane, int stride, int up, int lft, boolean left, boolean top) {
        int sumTop = top ? sumRow(plane, up, 16) : 0;
        int sumLeft = left ? sumColumn(plane, lft, stride, 16) : 0;
        if (top && left) {
            return (sumTop + sumLeft + 16) >> 5;
        } else if (left) {
            return (sumLeft + 8) >> 4;
        } else if (top) {
            return (sumTop + 8) >> 4;
        }
        return 128;
    }

    // ---------------------------------------------------------------- chroma

    /**
     * Chroma intra prediction of one 8x8 component (4:2:0), H.264 §8.3.4 (0 DC, 1 Horizontal,
     * 2 Vertical, 3 Plane); (x, y) is the top-left chroma sample of the macroblock.
     */
    static void predictChroma8x8(int mode, byte[] plane, int stride, int x, int y, boolean left,
            boolean top, boolean topLeft, int[] pred64) {
        int up = (y - 1) * stride + x;
        int lft = y * stride + x - 1;
        switch (mode) {
            case CHROMA_DC: // §8.3.4.1, one DC per 4x4 chroma block (chroma4x4BlkIdx at xO, yO)
                for (int yO = 0; yO < 8; yO += 4) {
                    for (int xO = 0; xO < 8; xO += 4) {
                        int sumTop = top ? sumRow(plane, up + xO, 4) : 0;
                        int sumLeft = left ? sumColumn(plane, lft + yO * stride, stride, 4) : 0;
                        int dc;
                        if (xO == 4 && yO == 0) {        // §8.3.4.1, xO > 0 and yO == 0: top samples first
                            dc = top ? (sumTop + 2) >> 2 : left ? (sumLeft + 2) >> 2 : 128;
                        } else if (xO == 0 && yO == 4) { // §8.3.4.1, xO == 0 and yO > 0: left samples first
                            dc = left ? (sumLeft + 2) >> 2 : top ? (sumTop + 2) >> 2 : 128;
                        } else {                         // §8.3.4.1, (0,0) and (4,4): both, else either
                            if (top && left) {
                                dc = (sumTop + sumLeft + 4) >> 3;
                            } else if (left) {
                                dc = (sumLeft + 2) >> 2;
                            } else if (top) {
                                dc = (sumTop + 2) >> 2;
                            } else {
                                dc = 128;
                            }
                        }
                        for (int r = 0; r < 4; r++) {
                            fillRow4(pred64, (yO + r) * 8 + xO, dc);
                        }
                    }
                }
                break;
            case CHROMA_HORIZONTAL: // §8.3.4.2
                for (int r = 0; r < 8; r++) {
                    int v = plane[lft + r * stride] & 0xFF;
                    for (int c = 0; c < 8; c++) {
                        pred64[r * 8 + c] = v;
                    }
                }
                break;
            case CHROMA_VERTICAL: // §8.3.4.3
                for (int r = 0; r < 8; r++) {
                    for (int c = 0; c < 8; c++) {
                        pred64[r * 8 + c] = plane[up + c] & 0xFF;
                    }
                }
                break;
            case CHROMA_PLANE: // §8.3.4.4, xCF = yCF = 0 for 4:2:0: b = (34·H + 32) >> 6
                plane(plane, stride, up, lft, 8, 34, pred64);
                break;
            default:
                throw new IllegalArgumentException("intra_chroma_pred_mode " + mode);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Plane prediction of an n x n block (n = 16: §8.3.3.4 with factor 5; n = 8: §8.3.4.4 4:2:0
     * with factor 34): H = Σ (x'+1)·(p[n/2+x',-1] − p[n/2−2−x',-1]), x' = 0..n/2−1 (p[-1,-1]
     * when the index is −1), V likewise on the left column, a = 16·(p[-1,n−1] + p[n−1,-1]),
     * b = (factor·H + 32) &gt;&gt; 6, c = (factor·V + 32) &gt;&gt; 6,
     * pred = Clip1((a + b·(x − (n/2−1)) + c·(y − (n/2−1)) + 16) &gt;&gt; 5).
     */
    private static void plane(byte[] plane, int stride, int up, int lft, int n, int factor,
            int[] pred) {
        int half = n / 2;
        int h = 0;
        int v = 0;
        for (int k = 0; k < half; k++) {
            // p[half-2-k, -1] is p[-1,-1] (= plane[up - 1]) when k = half - 1
            h += (k + 1) * ((plane[up + half + k] & 0xFF) - (plane[up + half - 2 - k] & 0xFF));
            int below = lft + (half + k) * stride;
            int aboveIdx = half - 2 - k >= 0 ? lft + (half - 2 - k) * stride : up - 1;
            v += (k + 1) * ((plane[below] & 0xFF) - (plane[aboveIdx] & 0xFF));
        }
        int a = 16 * ((plane[lft + (n - 1) * stride] & 0xFF) + (plane[up + n - 1] & 0xFF));
        int b = (factor * h + 32) >> 6;
        int c = (factor * v + 32) >> 6;
        int centre = half - 1;
        for (int r = 0; r < n; r++) {
            int base = a + c * (r - centre) + 16 - b * centre;
            for (int col = 0; col < n; col++) {
                int s = (base + b * col) >> 5;
                pred[r * n + col] = s < 0 ? 0 : (s > 255 ? 255 : s); // Clip1Y / Clip1C
            }
        }
    }

    private static int f2(int a, int b) {
        return (a + b + 1) >> 1;
    }

    private static int f3(int a, int b, int c) {
        return (a + 2 * b + c + 2) >> 2;
    }

    private static void set4(int[] out, int off, int a, int b, int c, int d) {
        out[off] = a;
        out[off + 1] = b;
        out[off + 2] = c;
        out[off + 3] = d;
    }

    private static void fillRow4(int[] out, int off, int v) {
        out[off] = v;
        out[off + 1] = v;
        out[off + 2] = v;
        out[off + 3] = v;
    }

    private static int sumRow(byte[] plane, int off, int n) {
        int s = 0;
        for (int k = 0; k < n; k++) {
            s += plane[off + k] & 0xFF;
        }
        return s;
    }

    private static int sumColumn(byte[] plane, int off, int stride, int n) {
        int s = 0;
        for (int k = 0; k < n; k++) {
            s += plane[off + k * stride] & 0xFF;
        }
        return s;
    }
}
