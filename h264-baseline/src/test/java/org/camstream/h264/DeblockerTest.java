package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * H.264 §8.7 deblocking. Expected samples in the single-edge cases are computed here from the
 * equations of §8.7.2.3 / §8.7.2.4 with the Table 8-16 / 8-17 values read from the spec for the
 * chosen QP (written out in the comments), not by calling the class.
 */
class DeblockerTest {

    // ---------------------------------------------------------------- tables

    /** Table 8-16 / 8-17 spot checks, values typed from the spec tables. */
    @Test
    void tablesMatchSpecSpotValues() {
        assertThat(Deblocker.alpha(0)).isZero();
        assertThat(Deblocker.alpha(15)).isZero();
        assertThat(Deblocker.alpha(16)).isEqualTo(4);
        assertThat(Deblocker.alpha(26)).isEqualTo(15);
        assertThat(Deblocker.alpha(30)).isEqualTo(25);
        assertThat(Deblocker.alpha(40)).isEqualTo(80);
        assertThat(Deblocker.alpha(49)).isEqualTo(226);
        assertThat(Deblocker.alpha(50)).isEqualTo(255);
        assertThat(Deblocker.alpha(51)).isEqualTo(255);
        assertThat(Deblocker.beta(15)).isZero();
        assertThat(Deblocker.beta(16)).isEqualTo(2);
        assertThat(Deblocker.beta(19)).isEqualTo(3);
        assertThat(Deblocker.beta(26)).isEqualTo(6);
        assertThat(Deblocker.beta(30)).isEqualTo(8);
        assertThat(Deblocker.beta(51)).isEqualTo(18);
        assertThat(Deblocker.tc0(16, 3)).isZero();
        assertThat(Deblocker.tc0(17, 3)).isEqualTo(1);
        assertThat(Deblocker.tc0(20, 2)).isZero();
        assertThat(Deblocker.tc0(21, 2)).isEqualTo(1);
        assertThat(Deblocker.tc0(22, 1)).isZero();
        assertThat(Deblocker.tc0(23, 1)).isEqualTo(1);
        assertThat(Deblocker.tc0(36, 1)).isEqualTo(2);
        assertThat(Deblocker.tc0(40, 1)).isEqualTo(4);
        assertThat(Deblocker.tc0(40, 2)).isEqualTo(5);
        assertThat(Deblocker.tc0(40, 3)).isEqualTo(7);
        assertThat(Deblocker.tc0(51, 1)).isEqualTo(13);
        assertThat(Deblocker.tc0(51, 2)).isEqualTo(17);
        assertThat(Deblocker.tc0(51, 3)).isEqualTo(25);
    }

    /** Tables must be monotone non-decreasing in indexA/indexB and tC0 non-decreasing in bS. */
    @Test
    void tablesAreMonotone() {
        for (int i = 1; i < 52; i++) {
            assertThat(Deblocker.alpha(i)).isGreaterThanOrEqualTo(Deblocker.alpha(i - 1));
            assertThat(Deblocker.beta(i)).isGreaterThanOrEqualTo(Deblocker.beta(i - 1));
            for (int bS = 1; bS <= 3; bS++) {
                assertThat(Deblocker.tc0(i, bS)).isGreaterThanOrEqualTo(Deblocker.tc0(i - 1, bS));
                if (bS > 1) {
                    assertThat(Deblocker.tc0(i, bS)).isGreaterThanOrEqualTo(Deblocker.tc0(i, bS - 1));
                }
            }
        }
    }

    // ---------------------------------------------------------------- bS (§8.7.2.1)

    @Test
    void boundaryStrengthFollowsSection8721() {
        MacroblockInfo info = new MacroblockInfo(2, 1);
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isZero();
        info.mvX[0 * 16 + 3] = 3;                   // |dmvx| = 3 < 4 -> 0
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isZero();
        info.mvX[0 * 16 + 3] = -4;                  // |dmvx| = 4 -> 1
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isEqualTo(1);
        info.mvX[0 * 16 + 3] = 0;
        info.mvY[1 * 16 + 0] = 4;                   // |dmvy| = 4 -> 1
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isEqualTo(1);
        info.totalCoeffLuma[1 * 16 + 0] = 1;        // coefficients in q block -> 2
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isEqualTo(2);
        info.totalCoeffCb[1 * 4] = 5;               // chroma coefficients never count
        info.totalCoeffLuma[1 * 16 + 0] = 0;
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isEqualTo(1);
        info.totalCoeffLuma[0 * 16 + 3] = 2;        // coefficients in p block -> 2
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isEqualTo(2);
        info.intra[0] = true;                       // intra: MB edge 4, internal edge 3
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isEqualTo(4);
        assertThat(Deblocker.boundaryStrength(info, 0, 2, 0, 3, false)).isEqualTo(3);
        info.intra[0] = false;
        info.intra[1] = true;
        assertThat(Deblocker.boundaryStrength(info, 0, 3, 1, 0, true)).isEqualTo(4);
        assertThat(Deblocker.boundaryStrength(info, 1, 0, 1, 1, false)).isEqualTo(3);
    }

    // ---------------------------------------------------------------- helpers

    /** A picture of mbW x mbH macroblocks whose every luma row (or column) is {@code line}. */
    private static Picture withLumaLine(int mbW, int mbH, int[] line, boolean rows) {
        Picture p = new Picture(mbW, mbH);
        for (int y = 0; y < p.height; y++) {
            for (int x = 0; x < p.width; x++) {
                p.y[p.originY + y * p.strideY + x] = (byte) line[rows ? x : y];
            }
        }
        fillChroma(p, 128, 128);
        return p;
    }

    private static void fillChroma(Picture p, int u, int v) {
        Arrays.fill(p.u, (byte) u);
        Arrays.fill(p.v, (byte) v);
    }

    private static int lumaAt(Picture p, int x, int y) {
        return p.y[p.originY + y * p.strideY + x] & 0xFF;
    }

    private static int clip3(int lo, int hi, int x) {
        return Math.max(lo, Math.min(hi, x));
    }

    /** Line of 32 samples: flat 'left' up to x=11, p3..p0 at 12..15, q0..q3 at 16..19, flat 'right' after. */
    private static int[] line(int left, int[] p3to0, int[] q0to3, int right) {
        int[] l = new int[32];
        for (int i = 0; i < 32; i++) {
            l[i] = i < 12 ? left : (i < 16 ? p3to0[i - 12] : (i < 20 ? q0to3[i - 16] : right));
        }
        return l;
    }

    private static void setMbMv(MacroblockInfo info, int mb, int mvx, int mvy) {
        for (int b = 0; b < 16; b++) {
            info.mvX[mb * 16 + b] = (short) mvx;
            info.mvY[mb * 16 + b] = (short) mvy;
        }
    }

    // ---------------------------------------------------------------- single edge, bS < 4

    /**
     * One vertical MB edge with bS = 1 (two inter MBs, |dmvx| = 4, no coefficients, internal
     * edges bS 0), QP 30 on both sides: indexA = 30, alpha = 25, beta = 8, tC0 = 1 (Tables 8-16, 8-17).
     */
    @Test
    void lumaBsOneEdgeMatchesHandComputation() {
        int p3 = 90, p2 = 92, p1 = 95, p0 = 100, q0 = 110, q1 = 112, q2 = 113, q3 = 115;
        int[] l = line(90, new int[] {p3, p2, p1, p0}, new int[] {q0, q1, q2, q3}, 115);
        for (boolean rows : new boolean[] {true, false}) {
            Picture pic = withLumaLine(rows ? 2 : 1, rows ? 1 : 2, l, rows);
            MacroblockInfo info = new MacroblockInfo(rows ? 2 : 1, rows ? 1 : 2);
            info.qp[0] = 30;
            info.qp[1] = 30;
            setMbMv(info, 1, rows ? 4 : 0, rows ? 0 : -4);
            Deblocker.filter(pic, info, rows ? 2 : 1, rows ? 1 : 2);

            int alpha = 25, beta = 8, tc0 = 1;
            // filterSamplesFlag: |p0-q0| = 10 < 25, |p1-p0| = 5 < 8, |q1-q0| = 2 < 8
            boolean ap = Math.abs(p2 - p0) < beta;  // 8 < 8: false
            boolean aq = Math.abs(q2 - q0) < beta;  // 3 < 8: true
            int tc = tc0 + (ap ? 1 : 0) + (aq ? 1 : 0);
            int delta = clip3(-tc, tc, (((q0 - p0) << 2) + (p1 - q1) + 4) >> 3);
            int[] expected = {
                p3, p2,
                ap ? p1 + clip3(-tc0, tc0, (p2 + ((p0 + q0 + 1) >> 1) - (p1 << 1)) >> 1) : p1,
                clip3(0, 255, p0 + delta), clip3(0, 255, q0 - delta),
                aq ? q1 + clip3(-tc0, tc0, (q2 + ((p0 + q0 + 1) >> 1) - (q1 << 1)) >> 1) : q1,
                q2, q3,
            };
            assertThat(expected).containsExactly(90, 92, 95, 102, 108, 111, 113, 115); // by hand
            for (int k = 0; k < 16; k++) {
                for (int i = 0; i < 8; i++) {
                    int v = rows ? lumaAt(pic, 12 + i, k) : lumaAt(pic, k, 12 + i);
                    assertThat(v).as("rows=%b line %d sample %d", rows, k, i).isEqualTo(expected[i]);
                }
                // outside the edge neighbourhood nothing moved
                for (int i = 0; i < 32; i++) {
                    if (i < 12 || i >= 20) {
                        assertThat(rows ? lumaAt(pic, i, k) : lumaAt(pic, k, i)).isEqualTo(l[i]);
                    }
                }
            }
        }
    }

    /** bS = 2 (coefficients) takes tC0 from the bS = 2 column: QP 40, tC0(40, 2) = 5 vs tC0(40, 1) = 4. */
    @Test
    void lumaBsTwoUsesItsOwnTc0() {
        // alpha(40) = 80, beta(40) = 13
        int p3 = 60, p2 = 40, p1 = 60, p0 = 60, q0 = 120, q1 = 120, q2 = 80, q3 = 80;
        int[] l = line(60, new int[] {p3, p2, p1, p0}, new int[] {q0, q1, q2, q3}, 80);
        Picture pic = withLumaLine(2, 1, l, true);
        MacroblockInfo info = new MacroblockInfo(2, 1);
        info.qp[0] = 40;
        info.qp[1] = 40;
        for (int by = 0; by < 4; by++) {
            info.totalCoeffLuma[1 * 16 + by * 4] = 3;   // q-side blocks of the MB edge
        }
        Deblocker.filter(pic, info, 2, 1);
        // ap = 20, aq = 40 (both >= 13): tC = tC0 = 5; delta = Clip3(-5, 5, (240 + 0 + 4) >> 3 = 30) = 5
        int tc = 5;
        int delta = clip3(-tc, tc, (((q0 - p0) << 2) + (p1 - q1) + 4) >> 3);
        assertThat(lumaAt(pic, 15, 0)).isEqualTo(p0 + delta).isEqualTo(65);
        assertThat(lumaAt(pic, 16, 0)).isEqualTo(q0 - delta).isEqualTo(115);
        assertThat(lumaAt(pic, 14, 0)).isEqualTo(p1);
        assertThat(lumaAt(pic, 17, 0)).isEqualTo(q1);
        // internal edges of MB 1 next to a block with coefficients are bS 2 as well: x = 20 edge
        // p = 80,80,80,80 / q = 80 ... flat, so unchanged
        assertThat(lumaAt(pic, 20, 0)).isEqualTo(80);
    }

    /** |p0 - q0| must be strictly below alpha (and the gradients strictly below beta). */
    @Test
    void filterSamplesFlagThresholdsAreStrict() {
        // QP 30: alpha 25, beta 8
        int[][] cases = {
            {100, 125, 0},    // |p0-q0| = 25 = alpha -> untouched
            {100, 124, 1},    // 24 -> filtered
        };
        for (int c = 0; c < cases.length; c++) {
            int p0 = cases[c][0], q0 = cases[c][1];
            int[] l = line(p0, new int[] {p0, p0, p0, p0}, new int[] {q0, q0, q0, q0}, q0);
            Picture pic = withLumaLine(2, 1, l, true);
            MacroblockInfo info = new MacroblockInfo(2, 1);
            info.qp[0] = 30;
            info.qp[1] = 30;
            setMbMv(info, 0, 0, 8);
            Deblocker.filter(pic, info, 2, 1);
            boolean changed = lumaAt(pic, 15, 3) != p0 || lumaAt(pic, 16, 3) != q0;
            assertThat(changed).as("case %d", c).isEqualTo(cases[c][2] == 1);
        }
        // |p1 - p0| = beta = 8 -> untouched; 7 -> filtered
        for (int d = 7; d <= 8; d++) {
            int[] l = line(100, new int[] {100, 100, 100 - d, 100}, new int[] {110, 110, 110, 110}, 110);
            Picture pic = withLumaLine(2, 1, l, true);
            MacroblockInfo info = new MacroblockInfo(2, 1);
            info.qp[0] = 30;
            info.qp[1] = 30;
            setMbMv(info, 1, -4, 0);
            Deblocker.filter(pic, info, 2, 1);
            boolean changed = lumaAt(pic, 15, 0) != 100 || lumaAt(pic, 16, 0) != 110;
            assertThat(changed).as("|p1-p0| = %d", d).isEqualTo(d < 8);
        }
    }

    /**
     * indexA 16 is the first with alpha' &gt; 0 (Table 8-16: alpha 4, beta 2): an intra edge stepping 100 | 102
     * is filtered once qPav = (qPp + qPq + 1) &gt;&gt; 1 reaches 16, also when only one macroblock's QP does,
     * and left alone at QP 15 on both sides (where the filter may skip the picture).
     */
    @Test
    void filteringStartsAtIndexSixteen() {
        int[][] qps = {{15, 15, 0}, {15, 16, 1}, {16, 15, 1}, {16, 16, 1}};
        for (int[] c : qps) {
            int[] l = line(100, new int[] {100, 100, 100, 100}, new int[] {102, 102, 102, 102}, 102);
            Picture pic = withLumaLine(2, 1, l, true);
            MacroblockInfo info = new MacroblockInfo(2, 1);
            info.intra[0] = true; // bS 4 on the macroblock edge
            info.qp[0] = c[0];
            info.qp[1] = c[1];
            Deblocker.filter(pic, info, 2, 1);
            boolean changed = lumaAt(pic, 15, 0) != 100 || lumaAt(pic, 16, 0) != 102;
            assertThat(changed).as("QP %d | %d", c[0], c[1]).isEqualTo(c[2] == 1);
        }
    }

    // ---------------------------------------------------------------- bS == 4

    /**
     * Intra q MB on a vertical MB edge, QP 30 (alpha 25, beta 8): a small step gets the strong
     * filter of §8.7.2.4 on both sides. The intra MB's internal edges (bS 3) see a jump of
     * 87 >= alpha at x = 20 and flat samples after it, so they change nothing.
     */
    @Test
    void lumaStrongFilterMatchesHandComputation() {
        int p3 = 100, p2 = 101, p1 = 102, p0 = 104, q0 = 109, q1 = 110, q2 = 111, q3 = 113;
        int[] l = line(100, new int[] {p3, p2, p1, p0}, new int[] {q0, q1, q2, q3}, 200);
        Picture pic = withLumaLine(2, 1, l, true);
        MacroblockInfo info = new MacroblockInfo(2, 1);
        info.qp[0] = 30;
        info.qp[1] = 30;
        info.intra[1] = true;
        Deblocker.filter(pic, info, 2, 1);
        // ap = 3 < 8, aq = 2 < 8, |p0 - q0| = 5 < (25 >> 2) + 2 = 8
        int[] expected = {
            p3,
            (2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3,
            (p2 + p1 + p0 + q0 + 2) >> 2,
            (p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3,
            (p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4) >> 3,
            (p0 + q0 + q1 + q2 + 2) >> 2,
            (2 * q3 + 3 * q2 + q1 + q0 + p0 + 4) >> 3,
            q3,
        };
        assertThat(expected).containsExactly(100, 102, 104, 105, 107, 109, 110, 113); // by hand
        for (int y = 0; y < 16; y++) {
            for (int i = 0; i < 8; i++) {
                assertThat(lumaAt(pic, 12 + i, y)).as("row %d sample %d", y, i).isEqualTo(expected[i]);
            }
            assertThat(lumaAt(pic, 20, y)).isEqualTo(200);
        }
    }

    /** bS 4 with |p0 - q0| >= (alpha >> 2) + 2: only p0/q0 change, by the 3-tap equations. */
    @Test
    void lumaBsFourWeakBranch() {
        int p3 = 90, p2 = 92, p1 = 95, p0 = 100, q0 = 110, q1 = 112, q2 = 113, q3 = 115;
        int[] l = line(90, new int[] {p3, p2, p1, p0}, new int[] {q0, q1, q2, q3}, 200);
        Picture pic = withLumaLine(2, 1, l, true);
        MacroblockInfo info = new MacroblockInfo(2, 1);
        info.qp[0] = 30;
        info.qp[1] = 30;
        info.intra[1] = true;
        Deblocker.filter(pic, info, 2, 1);
        // |p0 - q0| = 10 >= 8
        int[] expected = {p3, p2, p1, (2 * p1 + p0 + q1 + 2) >> 2, (2 * q1 + q0 + p1 + 2) >> 2, q1, q2, q3};
        assertThat(expected).containsExactly(90, 92, 95, 101, 107, 112, 113, 115);
        for (int i = 0; i < 8; i++) {
            assertThat(lumaAt(pic, 12 + i, 7)).isEqualTo(expected[i]);
        }
    }

    // ---------------------------------------------------------------- chroma

    private static void chromaColumnLine(Picture p, byte[] plane, int[] line) {
        int cw = p.width / 2, ch = p.height / 2;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                plane[p.originC + y * p.strideC + x] = (byte) line[x];
            }
        }
    }

    private static int chromaAt(Picture p, byte[] plane, int x, int y) {
        return plane[p.originC + y * p.strideC + x] & 0xFF;
    }

    /**
     * Chroma bS 1 across the vertical MB edge (chroma x = 8). QP_Y 30 | 50 gives QPc 29 | 39
     * (Table 8-15), qPav = (29 + 39 + 1) >> 1 = 34: alpha 40, beta 10, tC0(34, 1) = 2, tC = 3.
     * (Taking QPc of the averaged QP_Y, 40 -> 36, would give alpha 50 and filter the first line.)
     */
    @Test
    void chromaUsesAverageOfPerMacroblockChromaQp() {
        Picture pic = withLumaLine(2, 1, new int[32], true);
        // line A: |p0 - q0| = 44, not < 40 -> untouched
        int[] a = {100, 100, 100, 100, 100, 100, 100, 104, 148, 149, 149, 149, 149, 149, 149, 149};
        // line B: |p0 - q0| = 26 < 40, |p1 - p0| = 4 < 10, |q1 - q0| = 1 < 10
        int[] b = {100, 100, 100, 100, 100, 100, 100, 104, 130, 131, 131, 131, 131, 131, 131, 131};
        chromaColumnLine(pic, pic.u, a);
        chromaColumnLine(pic, pic.v, b);
        MacroblockInfo info = new MacroblockInfo(2, 1);
        info.qp[0] = 30;
        info.qp[1] = 50;
        setMbMv(info, 0, 0, 4);
        Deblocker.filter(pic, info, 2, 1);
        int tc = 2 + 1;
        int delta = clip3(-tc, tc, (((130 - 104) << 2) + (100 - 131) + 4) >> 3);   // 77 >> 3 = 9 -> 3
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(chromaAt(pic, pic.u, x, y)).isEqualTo(a[x]);
                int expectedV = x == 7 ? 104 + delta : (x == 8 ? 130 - delta : b[x]);
                assertThat(chromaAt(pic, pic.v, x, y)).as("v (%d,%d)", x, y).isEqualTo(expectedV);
            }
        }
        assertThat(chromaAt(pic, pic.v, 7, 0)).isEqualTo(107);
        assertThat(chromaAt(pic, pic.v, 8, 0)).isEqualTo(127);
    }

    /**
     * Chroma takes bS per luma 4x4 block along the edge: only the q-side luma block row 1
     * (luma y 4..7, chroma y 2..3) differs in motion, so only chroma rows 2 and 3 are filtered.
     * Also checks the chroma bS 4 equations (intra) on a horizontal edge.
     */
    @Test
    void chromaBsFollowsCorrespondingLumaBlocks() {
        Picture pic = withLumaLine(2, 1, new int[32], true);
        int[] b = {100, 100, 100, 100, 100, 100, 100, 104, 110, 111, 111, 111, 111, 111, 111, 111};
        chromaColumnLine(pic, pic.u, b);
        chromaColumnLine(pic, pic.v, b);
        MacroblockInfo info = new MacroblockInfo(2, 1);
        info.qp[0] = 30;
        info.qp[1] = 30;
        info.mvY[1 * 16 + 4] = 4;   // q block (bx 0, by 1) of the MB edge
        Deblocker.filter(pic, info, 2, 1);
        // QPc 29: alpha 22, beta 7, tC0(29, 1) = 1, tC = 2; delta = Clip3(-2, 2, (24 - 11 + 4) >> 3 = 2)
        for (int y = 0; y < 8; y++) {
            boolean filtered = y == 2 || y == 3;
            assertThat(chromaAt(pic, pic.u, 7, y)).as("row %d", y).isEqualTo(filtered ? 106 : 104);
            if (y != 3 && y != 4) {
                assertThat(chromaAt(pic, pic.u, 8, y)).as("row %d", y).isEqualTo(filtered ? 108 : 110);
            }
        }
        // The moved block also differs from its vertical neighbours in MB 1, so the internal
        // horizontal chroma edge (chroma y = 4, luma edge 2, bS 1) runs after the vertical edges
        // (§8.7: vertical edges first) on column x = 8: p1 = 108, p0 = 108 (already filtered),
        // q0 = 110, q1 = 110: delta = Clip3(-2, 2, (8 - 2 + 4) >> 3) = 1.
        int hDelta = clip3(-2, 2, (((110 - 108) << 2) + (108 - 110) + 4) >> 3);
        assertThat(chromaAt(pic, pic.u, 8, 3)).isEqualTo(108 + hDelta).isEqualTo(109);
        assertThat(chromaAt(pic, pic.u, 8, 4)).isEqualTo(110 - hDelta).isEqualTo(109);
        assertThat(chromaAt(pic, pic.u, 9, 3)).isEqualTo(111);

        // horizontal MB edge, intra below: chroma p0' = (2p1 + p0 + q1 + 2) >> 2, q0' = (2q1 + q0 + p1 + 2) >> 2
        Picture tall = new Picture(1, 2);
        int[] col = {100, 100, 100, 100, 100, 100, 100, 104, 110, 111, 111, 111, 111, 111, 111, 111};
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 8; x++) {
                tall.u[tall.originC + y * tall.strideC + x] = (byte) col[y];
                tall.v[tall.originC + y * tall.strideC + x] = (byte) col[y];
            }
        }
        MacroblockInfo ti = new MacroblockInfo(1, 2);
        ti.qp[0] = 30;
        ti.qp[1] = 30;
        ti.intra[1] = true;
        Deblocker.filter(tall, ti, 1, 2);
        for (int x = 0; x < 8; x++) {
            assertThat(chromaAt(tall, tall.v, x, 7)).isEqualTo((2 * 100 + 104 + 111 + 2) >> 2);
            assertThat(chromaAt(tall, tall.v, x, 8)).isEqualTo((2 * 111 + 110 + 100 + 2) >> 2);
            assertThat(chromaAt(tall, tall.v, x, 6)).isEqualTo(100);
            assertThat(chromaAt(tall, tall.v, x, 9)).isEqualTo(111);
        }
    }

    // ---------------------------------------------------------------- whole-picture properties

    private static MacroblockInfo randomInfo(Random rnd, int mbw, int mbh) {
        MacroblockInfo info = new MacroblockInfo(mbw, mbh);
        for (int mb = 0; mb < mbw * mbh; mb++) {
            info.qp[mb] = rnd.nextInt(52);
            info.intra[mb] = rnd.nextInt(3) == 0;
            for (int b = 0; b < 16; b++) {
                info.totalCoeffLuma[mb * 16 + b] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(17) : 0);
                info.mvX[mb * 16 + b] = (short) (rnd.nextInt(17) - 8);
                info.mvY[mb * 16 + b] = (short) (rnd.nextInt(17) - 8);
            }
        }
        return info;
    }

    /** All filter equations reproduce a constant signal, whatever bS and QP. */
    @Property(tries = 100)
    void flatPictureIsUntouched(@ForAll long seed, @ForAll @IntRange(min = 0, max = 255) int yv,
                                @ForAll @IntRange(min = 0, max = 255) int uv) {
        Random rnd = new Random(seed);
        int mbw = 1 + rnd.nextInt(3), mbh = 1 + rnd.nextInt(3);
        Picture pic = new Picture(mbw, mbh);
        Arrays.fill(pic.y, (byte) yv);
        fillChroma(pic, uv, 255 - uv);
        Picture before = new Picture(mbw, mbh);
        before.copyFrom(pic);
        Deblocker.filter(pic, randomInfo(rnd, mbw, mbh), mbw, mbh);
        assertThat(pic.y).isEqualTo(before.y);
        assertThat(pic.u).isEqualTo(before.u);
        assertThat(pic.v).isEqualTo(before.v);
    }

    /** bS = 0 on every edge (inter, no coefficients, equal motion): any content stays as it is. */
    @Property(tries = 100)
    void bsZeroEverywhereLeavesPictureUntouched(@ForAll long seed) {
        Random rnd = new Random(seed);
        int mbw = 1 + rnd.nextInt(3), mbh = 1 + rnd.nextInt(3);
        Picture pic = new Picture(mbw, mbh);
        rnd.nextBytes(pic.y);
        rnd.nextBytes(pic.u);
        rnd.nextBytes(pic.v);
        Picture before = new Picture(mbw, mbh);
        before.copyFrom(pic);
        MacroblockInfo info = new MacroblockInfo(mbw, mbh);
        int mvx = rnd.nextInt(64) - 32, mvy = rnd.nextInt(64) - 32;
        for (int mb = 0; mb < mbw * mbh; mb++) {
            info.qp[mb] = rnd.nextInt(52);
            for (int b = 0; b < 16; b++) {
                // differences below 4 quarter samples keep bS at 0
                info.mvX[mb * 16 + b] = (short) (mvx + rnd.nextInt(2));
                info.mvY[mb * 16 + b] = (short) (mvy - rnd.nextInt(2));
            }
        }
        Deblocker.filter(pic, info, mbw, mbh);
        assertThat(pic.y).isEqualTo(before.y);
        assertThat(pic.u).isEqualTo(before.u);
        assertThat(pic.v).isEqualTo(before.v);
    }

    /**
     * Only samples within 3 (luma) / 1 (chroma) of a filtered 4x4 edge may change, picture-edge MB
     * edges are never filtered, and the padding is never written.
     */
    @Property(tries = 100)
    void changesStayNextToInteriorEdges(@ForAll long seed) {
        Random rnd = new Random(seed);
        int mbw = 1 + rnd.nextInt(3), mbh = 1 + rnd.nextInt(3);
        Picture pic = new Picture(mbw, mbh);
        // smooth content so that many edges actually get filtered
        for (int y = -Picture.PAD_Y; y < pic.height + Picture.PAD_Y; y++) {
            for (int x = -Picture.PAD_Y; x < pic.width + Picture.PAD_Y; x++) {
                pic.y[pic.originY + y * pic.strideY + x] = (byte) (100 + ((x / 4 + y / 4) & 7) * 3 + rnd.nextInt(3));
            }
        }
        rnd.nextBytes(pic.u);
        Picture before = new Picture(mbw, mbh);
        before.copyFrom(pic);
        Deblocker.filter(pic, randomInfo(rnd, mbw, mbh), mbw, mbh);
        for (int y = -Picture.PAD_Y; y < pic.height + Picture.PAD_Y; y++) {
            for (int x = -Picture.PAD_Y; x < pic.width + Picture.PAD_Y; x++) {
                int i = pic.originY + y * pic.strideY + x;
                if (pic.y[i] == before.y[i]) {
                    continue;
                }
                boolean inside = x >= 0 && y >= 0 && x < pic.width && y < pic.height;
                assertThat(inside).as("padding (%d,%d) written", x, y).isTrue();
                int dx = distanceToInteriorEdge(x, pic.width), dy = distanceToInteriorEdge(y, pic.height);
                assertThat(Math.min(dx, dy)).as("(%d,%d) changed", x, y).isLessThanOrEqualTo(3);
            }
        }
        for (int y = -Picture.PAD_C; y < pic.height / 2 + Picture.PAD_C; y++) {
            for (int x = -Picture.PAD_C; x < pic.width / 2 + Picture.PAD_C; x++) {
                int i = pic.originC + y * pic.strideC + x;
                if (pic.u[i] == before.u[i]) {
                    continue;
                }
                boolean inside = x >= 0 && y >= 0 && x < pic.width / 2 && y < pic.height / 2;
                assertThat(inside).as("chroma padding (%d,%d) written", x, y).isTrue();
                // chroma edges at multiples of 4, p0/q0 only: x % 4 is 3 or 0, never the picture edge
                boolean nearX = (x % 4 == 3 && x < pic.width / 2 - 1) || (x % 4 == 0 && x > 0);
                boolean nearY = (y % 4 == 3 && y < pic.height / 2 - 1) || (y % 4 == 0 && y > 0);
                assertThat(nearX || nearY).as("chroma (%d,%d) changed", x, y).isTrue();
            }
        }
        assertThat(pic.v).isEqualTo(before.v); // v was all zero: flat
    }

    /** Distance (in samples, p0/q0 = 1) to the nearest 4x4 edge that is not a picture edge. */
    private static int distanceToInteriorEdge(int c, int size) {
        int r = c % 4;
        int toLeftEdge = r + 1;          // q side: q0 = 1
        int toRightEdge = 4 - r;         // p side: p0 = 1
        if (c - r == 0) {
            toLeftEdge = Integer.MAX_VALUE;   // picture edge at 0 is not filtered
        }
        if (c - r + 4 == size) {
            toRightEdge = Integer.MAX_VALUE;  // nor the far picture edge
        }
        return Math.min(toLeftEdge, toRightEdge);
    }
}
