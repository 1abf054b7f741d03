package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Guards the scan tables of H.264 §8.5.6 (Table 8-13, Figure 8-8) and §6.4.3. */
class ScanTest {

    /**
     * Figure 8-8 a) restated as a walk: after (0,0) the zig-zag runs the anti-diagonals
     * x + y = s in turn, with x decreasing on odd s (down-left) and increasing on even s
     * (up-right); first step is to the right, (1,0).
     */
    @Test
    void zigzagFollowsTheAntiDiagonalWalkOfFigure8_8() {
        int[] expected = new int[16];
        int n = 0;
        for (int s = 0; s <= 6; s++) {
            for (int k = 0; k <= s; k++) {
                int x = (s % 2 == 1) ? s - k : k;
                int y = s - x;
                if (x < 4 && y < 4) {
                    expected[n++] = y * 4 + x;
                }
            }
        }
        assertThat(n).isEqualTo(16);
        assertThat(Scan.ZIGZAG_4x4).containsExactly(expected);
        // Table 8-13: idx 1 is c[1][0] (one to the right), idx 2 is c[0][1] (one down)
        assertThat(Scan.ZIGZAG_4x4[1]).isEqualTo(1);
        assertThat(Scan.ZIGZAG_4x4[2]).isEqualTo(4);
    }

    @Test
    void zigzagIsAPermutation() {
        assertIsPermutationOf16(Scan.ZIGZAG_4x4);
    }

    /** §6.4.3 eq. x = InverseRasterScan(idx/4, 8, 8, 16, 0) + InverseRasterScan(idx%4, 4, 4, 8, 0), same for y. */
    @Test
    void blockOffsetsFollowInverseRasterScanOf6_4_3() {
        for (int idx = 0; idx < 16; idx++) {
            int x = inverseRasterScanX(idx / 4, 8, 16) + inverseRasterScanX(idx % 4, 4, 8);
            int y = inverseRasterScanY(idx / 4, 8, 8, 16) + inverseRasterScanY(idx % 4, 4, 4, 8);
            assertThat(Scan.BLOCK_4x4_X[idx]).as("x of luma4x4BlkIdx %d", idx).isEqualTo(x);
            assertThat(Scan.BLOCK_4x4_Y[idx]).as("y of luma4x4BlkIdx %d", idx).isEqualTo(y);
        }
    }

    @Test
    void blockOffsetsCoverTheMacroblockOnce() {
        int[] raster = new int[16];
        for (int idx = 0; idx < 16; idx++) {
            assertThat(Scan.BLOCK_4x4_X[idx] % 4).isZero();
            assertThat(Scan.BLOCK_4x4_Y[idx] % 4).isZero();
            raster[idx] = (Scan.BLOCK_4x4_Y[idx] / 4) * 4 + Scan.BLOCK_4x4_X[idx] / 4;
        }
        assertIsPermutationOf16(raster);
        // blocks 0..3 make up the top-left 8x8 quadrant (§6.4.3: 8x8 first, then 4x4)
        for (int idx = 0; idx < 4; idx++) {
            assertThat(Scan.BLOCK_4x4_X[idx]).isLessThan(8);
            assertThat(Scan.BLOCK_4x4_Y[idx]).isLessThan(8);
        }
    }

    // §5.7 InverseRasterScan(a, b, c, d, e): e == 0 -> x = (a % (d / b)) * b, e == 1 -> y = (a / (d / b)) * c
    private static int inverseRasterScanX(int a, int b, int d) {
        return (a % (d / b)) * b;
    }

    private static int inverseRasterScanY(int a, int b, int c, int d) {
        return (a / (d / b)) * c;
    }

    private static void assertIsPermutationOf16(int[] table) {
        int[] sorted = table.clone();
        Arrays.sort(sorted);
        int[] identity = new int[16];
        Arrays.setAll(identity, i -> i);
        assertThat(sorted).containsExactly(identity);
    }
}
