package org.camstream.h264;

/**
 * Luma motion vector prediction for 16x16 partitions and P_Skip (H.264 §8.4.1.3 median prediction,
 * §8.4.1.1 skip), reading neighbour motion from {@link MacroblockInfo}. One slice per picture, so a
 * neighbour macroblock is available iff it lies inside the picture and precedes the current one.
 * With a single reference picture every inter neighbour has refIdxL0 = 0; intra or unavailable
 * neighbours count as refIdxL0 = -1 with a zero vector (§8.4.1.3.2). Stateless.
 */
final class MvPrediction {
    private MvPrediction() {
    }

    /** Partition shapes for the directional rules of §8.4.1.3. */
    static final int SHAPE_16X16 = 0, SHAPE_16X8 = 1, SHAPE_8X16 = 2, SHAPE_8X8 = 3;

    /**
     * mvpL0 of a 16x16 partition, §8.4.1.3 with neighbours A (left), B (above), C (above right,
     * replaced by D, above left, when unavailable) per §6.4.11.7.
     *
     * @param out receives {mvpX, mvpY} in quarter samples
     */
    static void predict16x16(MacroblockInfo info, int mbX, int mbY, int mbWidth, int[] out) {
        predictPartition(info, mbX, mbY, mbWidth, 0, 0, 4, SHAPE_16X16, 0, out);
    }

    /**
     * mvpL0 of the macroblock partition whose top-left 4x4 block is (x, y) and width w (4x4 units),
     * §8.4.1.3. Motion of earlier partitions of the current macroblock must already be in {@code info}
     * (with info.intra of the current macroblock false).
     *
     * @param shape   SHAPE_16X16, SHAPE_16X8, SHAPE_8X16 or SHAPE_8X8 (median only)
     * @param partIdx mbPartIdx (or sub-macroblock index for 8x8) in decoding order
     */
    static void predictPartition(MacroblockInfo info, int mbX, int mbY, int mbWidth, int x, int y, int w, int shape,
            int partIdx, int[] out) {
        // neighbours A (x-1, y), B (x, y-1), C (x+w, y-1), D (x-1, y-1), §6.4.11.7
        long a = neighbour(info, mbX, mbY, mbWidth, x - 1, y);
        long b = neighbour(info, mbX, mbY, mbWidth, x, y - 1);
        long c = neighbour(info, mbX, mbY, mbWidth, x + w, y - 1);
        if (c == UNAVAILABLE) { // §8.4.1.3.2: C not available -> D
            c = neighbour(info, mbX, mbY, mbWidth, x - 1, y - 1);
        }
        // §8.4.1.3 directional predictions
        if (shape == SHAPE_16X8) {
            long d = partIdx == 0 ? b : a;
            if (refIdx(d) == 0) {
                store(d, out);
                return;
            }
        } else if (shape == SHAPE_8X16) {
            long d = partIdx == 0 ? a : c;
            if (refIdx(d) == 0) {
                store(d, out);
                return;
            }
        }
        // §8.4.1.3.1 median
        if (b == UNAVAILABLE && c == UNAVAILABLE && a != UNAVAILABLE) {
            b = a;
            c = a;
        }
        int ra = refIdx(a), rb = refIdx(b), rc = refIdx(c);
        int matches = (ra == 0 ? 1 : 0) + (rb == 0 ? 1 : 0) + (rc == 0 ? 1 : 0);
        if (matches == 1) {
            store(ra == 0 ? a : rb == 0 ? b : c, out);
            return;
        }
        out[0] = median(mvx(a), mvx(b), mvx(c));
        out[1] = median(mvy(a), mvy(b), mvy(c));
    }

    /** Packed neighbour: bit 32 set = available and inter (refIdx 0); low 32 bits = mvx (16) | mvy (16). */
    private static final long UNAVAILABLE = -1L;
    private static final long INTRA = 0L; // available, refIdx -1, zero vector

    /**
     * Motion of the 4x4 block at (xN, yN) (4x4 units relative to the current macroblock; may be -1 or 4),
     * §6.4.12: UNAVAILABLE outside the picture or not yet decoded, INTRA for intra blocks.
     */
    private static long neighbour(MacroblockInfo info, int mbX, int mbY, int mbWidth, int xN, int yN) {
        int mx = mbX, my = mbY;
        if (yN < 0) {
            my--;
            yN += 4;
        } else if (xN >= 4) {
            return UNAVAILABLE; // right neighbour in the same row is not decoded yet
        }
        if (xN < 0) {
            mx--;
            xN += 4;
        } else if (xN >= 4) {
            mx++;
            xN -= 4;
        }
        if (mx < 0 || mx >= mbWidth || !info.rowAvailable(my, mbY)) {
            return UNAVAILABLE;
        }
        int addr = my * mbWidth + mx;
        if (info.intra[addr]) {
            return INTRA;
        }
        int blk = addr * 16 + yN * 4 + xN;
        return (1L << 32) | ((info.mvX[blk] & 0xFFFFL) << 16) | (info.mvY[blk] & 0xFFFFL);
    }

    private static int refIdx(long n) {
        return n != UNAVAILABLE && (n & (1L << 32)) != 0 ? 0 : -1;
    }

    private static int mvx(long n) {
        return refIdx(n) == 0 ? (short) (n >>> 16) : 0;
    }

    private static int mvy(long n) {
        return refIdx(n) == 0 ? (short) n : 0;
    }

    private static void store(long n, int[] out) {
        out[0] = mvx(n);
        out[1] = mvy(n);
    }

    /**
     * mvL0 of a P_Skip macroblock, §8.4.1.1: zero if A or B is unavailable or either is an inter
     * block with refIdx 0 and a zero vector; otherwise the 16x16 prediction.
     */
    static void predictSkip(MacroblockInfo info, int mbX, int mbY, int mbWidth, int[] out) {
        int mbAddr = mbY * mbWidth + mbX;
        if (mbX == 0 || !info.topAvailable(mbY)) { // §8.4.1.1: mbAddrA or mbAddrB not available
            out[0] = 0;
            out[1] = 0;
            return;
        }
        int a = (mbAddr - 1) * 16 + 3;
        int b = (mbAddr - mbWidth) * 16 + 12;
        if ((!info.intra[mbAddr - 1] && info.mvX[a] == 0 && info.mvY[a] == 0)
                || (!info.intra[mbAddr - mbWidth] && info.mvX[b] == 0 && info.mvY[b] == 0)) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        predict16x16(info, mbX, mbY, mbWidth, out);
    }

    private static int ref(MacroblockInfo info, boolean avail, int addr) {
        return avail && !info.intra[addr] ? 0 : -1;
    }

    static int median(int a, int b, int c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
