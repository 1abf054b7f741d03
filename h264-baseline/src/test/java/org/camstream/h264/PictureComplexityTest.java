package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link PictureComplexity#intraSatd} against the textbook definition: the 4x4 Hadamard matrix product
 * H X H per block (H.264 uses the same H for its Intra_16x16 DC transform, §8.5.10), |coefficients|
 * summed without the DC one and halved.
 */
class PictureComplexityTest {
    private static final int[][] H = {{1, 1, 1, 1}, {1, 1, -1, -1}, {1, -1, -1, 1}, {1, -1, 1, -1}};

    private static long reference(byte[] y, int stride, int width, int height) {
        long sum = 0;
        for (int by = 0; by < height; by += 4) {
            for (int bx = 0; bx < width; bx += 4) {
                int block = 0;
                for (int u = 0; u < 4; u++) {
                    for (int v = 0; v < 4; v++) {
                        int c = 0;
                        for (int i = 0; i < 4; i++) {
                            for (int j = 0; j < 4; j++) {
                                c += H[u][i] * (y[(by + i) * stride + bx + j] & 0xFF) * H[j][v];
                            }
                        }
                        if (u != 0 || v != 0) {
                            block += Math.abs(c);
                        }
                    }
                }
                sum += block >> 1;
            }
        }
        return sum;
    }

    @Provide
    Arbitrary<byte[]> planes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(24 * 16);
    }

    @Property(tries = 300)
    void equalsTheMatrixDefinition(@ForAll("planes") byte[] plane) {
        // a 24 x 16 plane measured over its left 20 x 12 samples: stride and extent both matter
        assertThat(PictureComplexity.intraSatd(plane, 24, 20, 12)).isEqualTo(reference(plane, 24, 20, 12));
    }

    @Property(tries = 100)
    void aFlatPictureIsFreeAndABrightnessShiftChangesNothing(@ForAll @IntRange(min = 0, max = 255) int level,
            @ForAll("planes") byte[] plane) {
        byte[] flat = new byte[plane.length];
        java.util.Arrays.fill(flat, (byte) level);
        assertThat(PictureComplexity.intraSatd(flat, 24, 24, 16)).isZero();
        byte[] dim = new byte[plane.length];
        byte[] bright = new byte[plane.length];
        for (int i = 0; i < plane.length; i++) {
            int v = (plane[i] & 0xFF) * 200 / 255; // 0..200, so +55 stays in range
            dim[i] = (byte) v;
            bright[i] = (byte) (v + 55);
        }
        assertThat(PictureComplexity.intraSatd(bright, 24, 24, 16)).isEqualTo(PictureComplexity.intraSatd(dim, 24, 24, 16));
    }
}
