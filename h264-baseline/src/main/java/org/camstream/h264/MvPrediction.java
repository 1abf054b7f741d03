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

    /**
     * mvpL0 of a 16x16 partition, §8.4.1.3 with neighbours A (left), B (above), C (above right,
     * replaced by D, above left, when unavailable) per §6.4.11.7.
     *
     * @param out receives {mvpX, mvpY} in quarter samples
     */
    static void predict16x16(MacroblockInfo info, int mbX, int mbY, int mbWidth, int[] out) {
        int mbAddr = mbY * mbWidth + mbX;
        boolean availA = mbX > 0;
        boolean availB = mbY > 0;
        boolean availC = mbY > 0 && mbX < mbWidth - 1;
        int addrA = mbAddr - 1, addrB = mbAddr - mbWidth, addrC = mbAddr - mbWidth + 1;
        int blkC = 12; // bottom-left 4x4 block of the above-right macroblock
        if (!availC) { // §8.4.1.3.2: C unavailable -> D (above left), its bottom-right block
            availC = mbX > 0 && mbY > 0;
            addrC = mbAddr - mbWidth - 1;
            blkC = 15;
        }
        int refA = ref(info, availA, addrA), refB = ref(info, availB, addrB), refC = ref(info, availC, addrC);
        int ax = refA >= 0 ? info.mvX[addrA * 16 + 3] : 0, ay = refA >= 0 ? info.mvY[addrA * 16 + 3] : 0;
        int bx = refB >= 0 ? info.mvX[addrB * 16 + 12] : 0, by = refB >= 0 ? info.mvY[addrB * 16 + 12] : 0;
        int cx = refC >= 0 ? info.mvX[addrC * 16 + blkC] : 0, cy = refC >= 0 ? info.mvY[addrC * 16 + blkC] : 0;
        if (!availB && !availC && availA) { // §8.4.1.3.1: B and C replaced by A
            bx = cx = ax;
            by = cy = ay;
            refB = refC = refA;
        }
        int matches = (refA == 0 ? 1 : 0) + (refB == 0 ? 1 : 0) + (refC == 0 ? 1 : 0);
        if (matches == 1) { // §8.4.1.3.1: exactly one neighbour uses the same reference
            if (refA == 0) {
                out[0] = ax;
                out[1] = ay;
            } else if (refB == 0) {
                out[0] = bx;
                out[1] = by;
            } else {
                out[0] = cx;
                out[1] = cy;
            }
            return;
        }
        out[0] = median(ax, bx, cx);
        out[1] = median(ay, by, cy);
    }

    /**
     * mvL0 of a P_Skip macroblock, §8.4.1.1: zero if A or B is unavailable or either is an inter
     * block with refIdx 0 and a zero vector; otherwise the 16x16 prediction.
     */
    static void predictSkip(MacroblockInfo info, int mbX, int mbY, int mbWidth, int[] out) {
        int mbAddr = mbY * mbWidth + mbX;
        if (mbX == 0 || mbY == 0) {
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
