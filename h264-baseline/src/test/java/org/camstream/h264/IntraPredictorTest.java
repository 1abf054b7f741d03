package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link IntraPredictor} against a direct, slow transcription of the H.264 §8.3.1.2,
 * §8.3.3 and §8.3.4 equations (written per sample with the spec's p[x, y], zVR, zHD, zHU, H, V,
 * a, b, c), for random neighbour samples and every availability combination. The reference
 * records every read of a sample marked "not available", which lets the tests derive from the
 * spec which modes are allowed and check that the predictor never reads such samples.
 */
class IntraPredictorTest {

    private static final int STRIDE = 48;
    private static final int BX = 16;
    private static final int BY = 16;

    /** Neighbour accessor p[x, y] relative to the block's top-left sample, with availability. */
    private static final class Neighbours {
        final byte[] plane;
        final boolean left, top, topRight, topLeft;
        final boolean substituteTopRight;
        boolean readUnavailable;

        Neighbours(byte[] plane, boolean left, boolean top, boolean topRight, boolean topLeft,
                boolean substituteTopRight) {
            this.plane = plane;
            this.left = left;
            this.top = top;
            this.topRight = topRight;
            this.topLeft = topLeft;
            this.substituteTopRight = substituteTopRight;
        }

        int p(int x, int y, int blockWidth) {
            boolean available;
            if (y == -1 && x == -1) {
                available = topLeft;
            } else if (x == -1) {
                available = left;
            } else if (x < blockWidth) {
                available = top;
            } else {
                available = topRight;
                // §8.3.1.2: p[x,-1], x = 4..7, not available but p[3,-1] available -> use p[3,-1]
                if (!available && substituteTopRight && top) {
                    return p(blockWidth - 1, -1, blockWidth);
                }
            }
            if (!available) {
                readUnavailable = true;
            }
            return plane[(BY + y) * STRIDE + BX + x] & 0xFF;
        }
    }

    // ------------------------------------------------------------------ reference: Intra_4x4

    static int[] ref4x4(int mode, Neighbours n) {
        int[] pred = new int[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                pred[y * 4 + x] = ref4x4Sample(mode, n, x, y);
            }
        }
        return pred;
    }

    private static int ref4x4Sample(int mode, Neighbours n, int x, int y) {
        switch (mode) {
            case 0: // §8.3.1.2.1 Vertical
                return p4(n, x, -1);
            case 1: // §8.3.1.2.2 Horizontal
                return p4(n, -1, y);
            case 2: { // §8.3.1.2.3 DC
                if (n.top && n.left) {
                    int s = 0;
                    for (int k = 0; k < 4; k++) {
                        s += p4(n, k, -1) + p4(n, -1, k);
                    }
                    return (s + 4) >> 3;
                } else if (n.left) {
                    int s = 0;
                    for (int k = 0; k < 4; k++) {
                        s += p4(n, -1, k);
                    }
                    return (s + 2) >> 2;
                } else if (n.top) {
                    int s = 0;
                    for (int k = 0; k < 4; k++) {
                        s += p4(n, k, -1);
                    }
                    return (s + 2) >> 2;
                }
                return 1 << (8 - 1);
            }
            case 3: // §8.3.1.2.4 Diagonal_Down_Left
                if (x == 3 && y == 3) {
                    return (p4(n, 6, -1) + 3 * p4(n, 7, -1) + 2) >> 2;
                }
                return (p4(n, x + y, -1) + 2 * p4(n, x + y + 1, -1) + p4(n, x + y + 2, -1) + 2) >> 2;
            case 4: // §8.3.1.2.5 Diagonal_Down_Right
                if (x > y) {
                    return (p4(n, x - y - 2, -1) + 2 * p4(n, x - y - 1, -1) + p4(n, x - y, -1) + 2) >> 2;
                } else if (x < y) {
                    return (p4(n, -1, y - x - 2) + 2 * p4(n, -1, y - x - 1) + p4(n, -1, y - x) + 2) >> 2;
                }
                return (p4(n, 0, -1) + 2 * p4(n, -1, -1) + p4(n, -1, 0) + 2) >> 2;
            case 5: { // §8.3.1.2.6 Vertical_Right
                int zVR = 2 * x - y;
                if (zVR >= 0 && zVR % 2 == 0) {
                    return (p4(n, x - (y >> 1) - 1, -1) + p4(n, x - (y >> 1), -1) + 1) >> 1;
                } else if (zVR > 0) {
                    return (p4(n, x - (y >> 1) - 2, -1) + 2 * p4(n, x - (y >> 1) - 1, -1)
                            + p4(n, x - (y >> 1), -1) + 2) >> 2;
                } else if (zVR == -1) {
                    return (p4(n, -1, 0) + 2 * p4(n, -1, -1) + p4(n, 0, -1) + 2) >> 2;
                }
                return (p4(n, -1, y - 1) + 2 * p4(n, -1, y - 2) + p4(n, -1, y - 3) + 2) >> 2;
            }
            case 6: { // §8.3.1.2.7 Horizontal_Down
                int zHD = 2 * y - x;
                if (zHD >= 0 && zHD % 2 == 0) {
                    return (p4(n, -1, y - (x >> 1) - 1) + p4(n, -1, y - (x >> 1)) + 1) >> 1;
                } else if (zHD > 0) {
                    return (p4(n, -1, y - (x >> 1) - 2) + 2 * p4(n, -1, y - (x >> 1) - 1)
                            + p4(n, -1, y - (x >> 1)) + 2) >> 2;
                } else if (zHD == -1) {
                    return (p4(n, -1, 0) + 2 * p4(n, -1, -1) + p4(n, 0, -1) + 2) >> 2;
                }
                return (p4(n, x - 1, -1) + 2 * p4(n, x - 2, -1) + p4(n, x - 3, -1) + 2) >> 2;
            }
            case 7: // §8.3.1.2.8 Vertical_Left
                if (y == 0 || y == 2) {
                    return (p4(n, x + (y >> 1), -1) + p4(n, x + (y >> 1) + 1, -1) + 1) >> 1;
                }
                return (p4(n, x + (y >> 1), -1) + 2 * p4(n, x + (y >> 1) + 1, -1) + p4(n, x + (y >> 1) + 2, -1) + 2) >> 2;
            case 8: { // §8.3.1.2.9 Horizontal_Up
                int zHU = x + 2 * y;
                if (zHU < 5 && zHU % 2 == 0) {
                    return (p4(n, -1, y + (x >> 1)) + p4(n, -1, y + (x >> 1) + 1) + 1) >> 1;
                } else if (zHU < 5) {
                    return (p4(n, -1, y + (x >> 1)) + 2 * p4(n, -1, y + (x >> 1) + 1) + p4(n, -1, y + (x >> 1) + 2) + 2) >> 2;
                } else if (zHU == 5) {
                    return (p4(n, -1, 2) + 3 * p4(n, -1, 3) + 2) >> 2;
                }
                return p4(n, -1, 3);
            }
            default:
                throw new IllegalArgumentException();
        }
    }

    private static int p4(Neighbours n, int x, int y) {
        return n.p(x, y, 4);
    }

    // ------------------------------------------------------------------ reference: Intra_16x16

    static int[] ref16x16(int mode, Neighbours n) {
        int[] pred = new int[256];
        int sumTop = 0, sumLeft = 0;
        for (int k = 0; k < 16; k++) {
            if (n.top) {
                sumTop += n.p(k, -1, 16);
            }
            if (n.left) {
                sumLeft += n.p(-1, k, 16);
            }
        }
        int h = 0, v = 0;
        if (mode == 3) { // §8.3.3.4
            for (int k = 0; k <= 7; k++) {
                h += (k + 1) * (n.p(8 + k, -1, 16) - n.p(6 - k, -1, 16));
                v += (k + 1) * (n.p(-1, 8 + k, 16) - n.p(-1, 6 - k, 16));
            }
        }
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int s;
                switch (mode) {
                    case 0: s = n.p(x, -1, 16); break;  // §8.3.3.1
                    case 1: s = n.p(-1, y, 16); break;  // §8.3.3.2
                    case 2: // §8.3.3.3
                        s = n.top && n.left ? (sumTop + sumLeft + 16) >> 5
                                : n.left ? (sumLeft + 8) >> 4
                                : n.top ? (sumTop + 8) >> 4 : 128;
                        break;
                    case 3: {
                        int a = 16 * (n.p(-1, 15, 16) + n.p(15, -1, 16));
                        int b = (5 * h + 32) >> 6;
                        int c = (5 * v + 32) >> 6;
                        s = clip1((a + b * (x - 7) + c * (y - 7) + 16) >> 5);
                        break;
                    }
                    default: throw new IllegalArgumentException();
                }
                pred[y * 16 + x] = s;
            }
        }
        return pred;
    }

    // ------------------------------------------------------------------ reference: chroma 4:2:0

    static int[] refChroma(int mode, Neighbours n) {
        int[] pred = new int[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int s;
                switch (mode) {
                    case 0: s = refChromaDc(n, x & ~3, y & ~3); break; // §8.3.4.1
                    case 1: s = n.p(-1, y, 8); break;                  // §8.3.4.2
                    case 2: s = n.p(x, -1, 8); break;                  // §8.3.4.3
                    case 3: { // §8.3.4.4, chroma_format_idc = 1: xCF = yCF = 0
                        int xCF = 0, yCF = 0;
                        int h = 0, v = 0;
                        for (int k = 0; k <= 3 + xCF; k++) {
                            h += (k + 1) * (n.p(4 + xCF + k, -1, 8) - n.p(2 + xCF - k, -1, 8));
                        }
                        for (int k = 0; k <= 3 + yCF; k++) {
                            v += (k + 1) * (n.p(-1, 4 + yCF + k, 8) - n.p(-1, 2 + yCF - k, 8));
                        }
                        int a = 16 * (n.p(-1, 8 - 1, 8) + n.p(8 - 1, -1, 8));
                        int b = ((34 - 29 * 0) * h + 32) >> 6;
                        int c = ((34 - 29 * 0) * v + 32) >> 6;
                        s = clip1((a + b * (x - 3 - xCF) + c * (y - 3 - yCF) + 16) >> 5);
                        break;
                    }
                    default: throw new IllegalArgumentException();
                }
                pred[y * 8 + x] = s;
            }
        }
        return pred;
    }

    private static int refChromaDc(Neighbours n, int xO, int yO) {
        boolean topAll = n.top;   // all of p[x + xO, -1], x = 0..3, share the top flag
        boolean leftAll = n.left; // all of p[-1, y + yO], y = 0..3, share the left flag
        int sumTop = 0, sumLeft = 0;
        for (int k = 0; k < 4; k++) {
            if (topAll) {
                sumTop += n.p(k + xO, -1, 8);
            }
            if (leftAll) {
                sumLeft += n.p(-1, k + yO, 8);
            }
        }
        if ((xO == 0 && yO == 0) || (xO > 0 && yO > 0)) {
            if (topAll && leftAll) {
                return (sumTop + sumLeft + 4) >> 3;
            } else if (leftAll) {
                return (sumLeft + 2) >> 2;
            } else if (topAll) {
                return (sumTop + 2) >> 2;
            }
            return 128;
        } else if (xO > 0) { // yO == 0
            if (topAll) {
                return (sumTop + 2) >> 2;
            } else if (leftAll) {
                return (sumLeft + 2) >> 2;
            }
            return 128;
        } else { // xO == 0, yO > 0
            if (leftAll) {
                return (sumLeft + 2) >> 2;
            } else if (topAll) {
                return (sumTop + 2) >> 2;
            }
            return 128;
        }
    }

    /** Arrays.equals first: AssertJ's element-wise comparison is slow for thousands of blocks. */
    private static void assertSame(int[] actual, int[] expected, String what, Object... args) {
        if (!java.util.Arrays.equals(actual, expected)) {
            assertThat(actual).as(what, args).containsExactly(expected);
        }
    }

    private static int clip1(int v) {
        return Math.max(0, Math.min(255, v));
    }

    // ------------------------------------------------------------------ planes

    /** Random plane; style 1 uses only 0 and 255 (drives Plane into its clip), style 2 a narrow range. */
    static byte[] randomPlane(long seed) {
        Random rnd = new Random(seed);
        int style = rnd.nextInt(3);
        byte[] plane = new byte[STRIDE * STRIDE];
        for (int k = 0; k < plane.length; k++) {
            int v = style == 0 ? rnd.nextInt(256) : style == 1 ? (rnd.nextBoolean() ? 255 : 0) : 100 + rnd.nextInt(8);
            plane[k] = (byte) v;
        }
        return plane;
    }

    /** A copy in which every sample the given availability marks unavailable is scrambled. */
    static byte[] scrambleUnavailable(byte[] plane, int w, boolean left, boolean top, boolean topRight,
            boolean topLeft, int topRightWidth, long seed) {
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        byte[] copy = plane.clone();
        for (int k = 0; k < w; k++) {
            if (!left) {
                copy[(BY + k) * STRIDE + BX - 1] = (byte) rnd.nextInt(256);
            }
            if (!top) {
                copy[(BY - 1) * STRIDE + BX + k] = (byte) rnd.nextInt(256);
            }
        }
        for (int k = 0; k < topRightWidth; k++) {
            if (!topRight) {
                copy[(BY - 1) * STRIDE + BX + w + k] = (byte) rnd.nextInt(256);
            }
        }
        if (!topLeft) {
            copy[(BY - 1) * STRIDE + BX - 1] = (byte) rnd.nextInt(256);
        }
        return copy;
    }

    // ------------------------------------------------------------------ properties

    @Property
    void intra4x4MatchesTheSpecForEveryModeAndAvailability(@ForAll long seed) {
        byte[] plane = randomPlane(seed);
        int[] pred = new int[16];
        for (int avail = 0; avail < 16; avail++) {
            boolean left = (avail & 1) != 0, top = (avail & 2) != 0;
            boolean topRight = (avail & 4) != 0, topLeft = (avail & 8) != 0;
            byte[] scrambled = scrambleUnavailable(plane, 4, left, top, topRight, topLeft, 4, seed);
            for (int mode = 0; mode <= 8; mode++) {
                Neighbours n = new Neighbours(plane, left, top, topRight, topLeft, true);
                int[] expected = ref4x4(mode, n);
                boolean allowed = IntraPredictor.modeAllowed4x4(mode, left, top, topLeft);
                assertThat(allowed).as("mode %d allowed with L%s T%s TR%s TL%s", mode, left, top, topRight, topLeft)
                        .isEqualTo(!n.readUnavailable);
                if (allowed) {
                    IntraPredictor.predict4x4(mode, scrambled, STRIDE, BX, BY, left, top, topRight, topLeft, pred);
                    assertSame(pred, expected, "mode %d L%s T%s TR%s TL%s", mode, left, top, topRight, topLeft);
                }
            }
        }
    }

    @Property
    void intra16x16MatchesTheSpecForEveryModeAndAvailability(@ForAll long seed) {
        byte[] plane = randomPlane(seed);
        int[] pred = new int[256];
        for (int avail = 0; avail < 8; avail++) {
            boolean left = (avail & 1) != 0, top = (avail & 2) != 0, topLeft = (avail & 4) != 0;
            byte[] scrambled = scrambleUnavailable(plane, 16, left, top, false, topLeft, 8, seed);
            for (int mode = 0; mode <= 3; mode++) {
                Neighbours n = new Neighbours(plane, left, top, false, topLeft, false);
                int[] expected = ref16x16(mode, n);
                boolean allowed = IntraPredictor.modeAllowed16x16(mode, left, top, topLeft);
                assertThat(allowed).as("mode %d allowed with L%s T%s TL%s", mode, left, top, topLeft)
                        .isEqualTo(!n.readUnavailable);
                if (allowed) {
                    IntraPredictor.predict16x16(mode, scrambled, STRIDE, BX, BY, left, top, topLeft, pred);
                    assertSame(pred, expected, "mode %d L%s T%s TL%s", mode, left, top, topLeft);
                }
            }
        }
    }

    @Property
    void chromaMatchesTheSpecForEveryModeAndAvailability(@ForAll long seed) {
        byte[] plane = randomPlane(seed);
        int[] pred = new int[64];
        for (int avail = 0; avail < 8; avail++) {
            boolean left = (avail & 1) != 0, top = (avail & 2) != 0, topLeft = (avail & 4) != 0;
            byte[] scrambled = scrambleUnavailable(plane, 8, left, top, false, topLeft, 8, seed);
            for (int mode = 0; mode <= 3; mode++) {
                Neighbours n = new Neighbours(plane, left, top, false, topLeft, false);
                int[] expected = refChroma(mode, n);
                boolean allowed = IntraPredictor.modeAllowedChroma(mode, left, top, topLeft);
                assertThat(allowed).as("mode %d allowed with L%s T%s TL%s", mode, left, top, topLeft)
                        .isEqualTo(!n.readUnavailable);
                if (allowed) {
                    IntraPredictor.predictChroma8x8(mode, scrambled, STRIDE, BX, BY, left, top, topLeft, pred);
                    assertSame(pred, expected, "mode %d L%s T%s TL%s", mode, left, top, topLeft);
                }
            }
        }
    }

    /** The Plane modes really reach their clip (otherwise the clip above would go untested). */
    @Test
    void planeClipIsExercised() {
        byte[] plane = new byte[STRIDE * STRIDE];
        for (int k = 0; k < 16; k++) {
            plane[(BY - 1) * STRIDE + BX + k] = (byte) (k < 8 ? 0 : 255);
            plane[(BY + k) * STRIDE + BX - 1] = (byte) (k < 8 ? 0 : 255);
        }
        int[] pred = new int[256];
        IntraPredictor.predict16x16(3, plane, STRIDE, BX, BY, true, true, true, pred);
        assertThat(pred[0]).isZero();
        assertThat(pred[255]).isEqualTo(255);
        assertThat(pred).containsExactly(ref16x16(3, new Neighbours(plane, true, true, false, true, false)));
        // chroma: falling edges (255 then 0) drive the lower-right corner below 0
        byte[] chroma = new byte[STRIDE * STRIDE];
        for (int k = 0; k < 8; k++) {
            chroma[(BY - 1) * STRIDE + BX + k] = (byte) (k < 4 ? 255 : 0);
            chroma[(BY + k) * STRIDE + BX - 1] = (byte) (k < 4 ? 255 : 0);
        }
        chroma[(BY - 1) * STRIDE + BX - 1] = (byte) 255; // p[-1,-1]
        int[] c = new int[64];
        IntraPredictor.predictChroma8x8(3, chroma, STRIDE, BX, BY, true, true, true, c);
        assertThat(c[63]).isZero();
        assertThat(c[0]).isGreaterThan(200);
        assertThat(c).containsExactly(refChroma(3, new Neighbours(chroma, true, true, false, true, false)));
    }

    /** §8.3.1.2: with top-right missing, p[4..7,-1] are p[3,-1], whatever the plane holds there. */
    @Test
    void diagonalDownLeftSubstitutesTopRight() {
        byte[] plane = new byte[STRIDE * STRIDE];
        for (int k = 0; k < 4; k++) {
            plane[(BY - 1) * STRIDE + BX + k] = (byte) (10 * k);
            plane[(BY - 1) * STRIDE + BX + 4 + k] = (byte) 200;
        }
        int[] pred = new int[16];
        IntraPredictor.predict4x4(3, plane, STRIDE, BX, BY, false, true, false, false, pred);
        // bottom-right sample: (p[6,-1] + 3 p[7,-1] + 2) >> 2 with both = p[3,-1] = 30
        assertThat(pred[15]).isEqualTo(30);
        IntraPredictor.predict4x4(3, plane, STRIDE, BX, BY, false, true, true, false, pred);
        assertThat(pred[15]).isEqualTo(200);
    }
}
