package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** IntraAnalysis.satd4x4 against a matrix-product Hadamard: half the sum of |H D H^T|. */
class IntraAnalysisSatdTest {
    private static final int[][] H = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};

    @Provide
    Arbitrary<byte[]> samples() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16 + 16);
    }

    @Property
    void equalsHalfTheSumOfTheHadamardMagnitudes(@ForAll("samples") byte[] v) {
        // source 4x4 with stride 6 inside a larger array, prediction with stride 5 at offset 3
        byte[] src = new byte[6 * 4 + 2];
        int[] pred = new int[3 + 5 * 4];
        int[][] d = new int[4][4];
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                src[2 + j * 6 + i] = v[j * 4 + i];
                pred[3 + j * 5 + i] = v[16 + j * 4 + i] & 0xFF;
                d[j][i] = (v[j * 4 + i] & 0xFF) - (v[16 + j * 4 + i] & 0xFF);
            }
        }
        int sum = 0;
        for (int u = 0; u < 4; u++) {
            for (int w = 0; w < 4; w++) {
                int t = 0;
                for (int j = 0; j < 4; j++) {
                    for (int i = 0; i < 4; i++) {
                        t += H[u][j] * d[j][i] * H[w][i];
                    }
                }
                sum += Math.abs(t);
            }
        }
        assertThat(new IntraAnalysis(new MacroblockInfo(1, 1), new byte[16]).satd4x4(src, 2, 6, pred, 3, 5)).isEqualTo(sum >> 1);
    }
}
