package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Median and skip motion vector prediction, H.264 §8.4.1.3 and §8.4.1.1, on hand-built neighbourhoods. */
class MvPredictionTest {
    private static final int W = 4, H = 3;

    private static MacroblockInfo info() {
        return new MacroblockInfo(W, H);
    }

    private static void inter(MacroblockInfo info, int mbX, int mbY, int mvx, int mvy) {
        int a = mbY * W + mbX;
        info.intra[a] = false;
        java.util.Arrays.fill(info.mvX, a * 16, a * 16 + 16, (short) mvx);
        java.util.Arrays.fill(info.mvY, a * 16, a * 16 + 16, (short) mvy);
    }

    private static void intra(MacroblockInfo info, int mbX, int mbY) {
        inter(info, mbX, mbY, 0, 0);
        info.intra[mbY * W + mbX] = true;
    }

    @Test
    void medianOfLeftAboveAndAboveRight() {
        MacroblockInfo info = info();
        inter(info, 0, 1, 4, -8);   // A
        inter(info, 1, 0, 10, 2);   // B
        inter(info, 2, 0, -6, 20);  // C
        inter(info, 0, 0, 99, 99);  // D, unused while C is available
        int[] mv = new int[2];
        MvPrediction.predict16x16(info, 1, 1, W, mv);
        assertThat(mv).containsExactly(4, 2);
    }

    @Test
    void aboveLeftReplacesUnavailableAboveRight() {
        MacroblockInfo info = info();
        inter(info, 2, 1, 4, 4);    // A
        inter(info, 3, 0, 8, 8);    // B
        inter(info, 2, 0, 40, 0);   // D (C is outside the picture at the right edge)
        int[] mv = new int[2];
        MvPrediction.predict16x16(info, 3, 1, W, mv);
        assertThat(mv).containsExactly(8, 4);
    }

    @Test
    void onlyOneInterNeighbourGivesItsVector() {
        MacroblockInfo info = info();
        intra(info, 0, 1);
        inter(info, 1, 0, -12, 6);
        intra(info, 2, 0);
        int[] mv = new int[2];
        MvPrediction.predict16x16(info, 1, 1, W, mv);
        assertThat(mv).containsExactly(-12, 6);
    }

    @Test
    void firstRowUsesLeftNeighbour() {
        MacroblockInfo info = info();
        inter(info, 0, 0, 5, 7);
        int[] mv = new int[2];
        MvPrediction.predict16x16(info, 1, 0, W, mv);
        assertThat(mv).containsExactly(5, 7);
    }

    @Test
    void skipIsZeroAtEdgesOrWithAStillNeighbour() {
        MacroblockInfo info = info();
        int[] mv = {1, 1};
        MvPrediction.predictSkip(info, 1, 0, W, mv);
        assertThat(mv).containsExactly(0, 0);
        inter(info, 0, 1, 0, 0);    // A still
        inter(info, 1, 0, 8, 8);
        inter(info, 2, 0, 8, 8);
        MvPrediction.predictSkip(info, 1, 1, W, mv);
        assertThat(mv).containsExactly(0, 0);
        inter(info, 0, 1, 4, 4);    // now A moves: median (4, 8, 8)
        MvPrediction.predictSkip(info, 1, 1, W, mv);
        assertThat(mv).containsExactly(8, 8);
        intra(info, 0, 1);          // intra A with zero vector does not force zero (refIdx -1)
        MvPrediction.predictSkip(info, 1, 1, W, mv);
        assertThat(mv).containsExactly(8, 8);
    }

    @Test
    void sixteenByEightUsesBAboveAndAForBelow() {
        MacroblockInfo info = info();
        inter(info, 0, 1, 4, 4);      // A
        inter(info, 1, 0, 20, -8);    // B
        inter(info, 2, 0, 0, 0);      // C
        int[] mv = new int[2];
        MvPrediction.predictPartition(info, 1, 1, W, 0, 0, 4, MvPrediction.SHAPE_16X8, 0, mv);
        assertThat(mv).as("upper partition: B (§8.4.1.3)").containsExactly(20, -8);
        inter(info, 1, 1, 20, -8);    // current MB, upper partition decided
        MvPrediction.predictPartition(info, 1, 1, W, 0, 2, 4, MvPrediction.SHAPE_16X8, 1, mv);
        assertThat(mv).as("lower partition: A").containsExactly(4, 4);
    }

    @Test
    void eightBySixteenUsesAForLeftAndCForRight() {
        MacroblockInfo info = info();
        inter(info, 0, 1, -4, 12);    // A
        inter(info, 1, 0, 1, 1);      // B
        inter(info, 2, 0, 30, 2);     // C of the right partition (above right)
        int[] mv = new int[2];
        MvPrediction.predictPartition(info, 1, 1, W, 0, 0, 2, MvPrediction.SHAPE_8X16, 0, mv);
        assertThat(mv).as("left partition: A").containsExactly(-4, 12);
        inter(info, 1, 1, -4, 12);
        MvPrediction.predictPartition(info, 1, 1, W, 2, 0, 2, MvPrediction.SHAPE_8X16, 1, mv);
        assertThat(mv).as("right partition: C").containsExactly(30, 2);
    }

    @Test
    void lowerSixteenByEightWithIntraLeftFallsBackToTheUpperPartition() {
        MacroblockInfo info = info();
        intra(info, 0, 1);            // A and D (left MB) intra
        inter(info, 1, 1, 7, -3);     // upper partition of the current MB = B
        int[] mv = new int[2];
        // C = (16, 7) is in the not yet decoded right neighbour -> D (left MB, intra); only B has refIdx 0
        MvPrediction.predictPartition(info, 1, 1, W, 0, 2, 4, MvPrediction.SHAPE_16X8, 1, mv);
        assertThat(mv).containsExactly(7, -3);
    }

    @Property
    void medianIsOneOfTheInputsAndBetweenTheOthers(@ForAll int a, @ForAll int b, @ForAll int c) {
        int m = MvPrediction.median(a, b, c);
        assertThat(m).isIn(a, b, c);
        int below = (a <= m ? 1 : 0) + (b <= m ? 1 : 0) + (c <= m ? 1 : 0);
        int above = (a >= m ? 1 : 0) + (b >= m ? 1 : 0) + (c >= m ? 1 : 0);
        assertThat(below).isGreaterThanOrEqualTo(2);
        assertThat(above).isGreaterThanOrEqualTo(2);
    }
}
