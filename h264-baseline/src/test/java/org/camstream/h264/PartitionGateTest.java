package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * FAST searches 16x8 / 8x16 / 8x8 partitions only where the 16x16 match is poor and uneven over the
 * quadrants: a macroblock whose halves move apart still gets two vectors; the test itself compares the
 * quadrants' SADs.
 */
class PartitionGateTest {
    private static final int MBW = 6, MBH = 6, W = MBW * 16, H = MBH * 16;

    /** A smooth random texture (3x3 box-blurred noise) that a motion search can lock on to. */
    private static int[] texture(long seed, int w, int h) {
        Random r = new Random(seed);
        int[] raw = new int[w * h], out = new int[w * h];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = r.nextInt(256);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        sum += raw[Math.floorMod(y + dy, h) * w + Math.floorMod(x + dx, w)];
                    }
                }
                out[y * w + x] = sum / 9;
            }
        }
        return out;
    }

    /** Macroblocks (not on the picture's edge) whose 16 blocks do not all share one vector. */
    private static int splitMacroblocks(int[] first, int[] second, int width, int qp) {
        try (FrameEncoder fe = new FrameEncoder(MBW, MBH, true, 1)) {
            int[][] frames = {first, second};
            for (int f = 0; f < 2; f++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        fe.srcY[y * fe.strideY + x] = (byte) frames[f][y * width + x + 8];
                    }
                }
                java.util.Arrays.fill(fe.srcU, (byte) 128);
                java.util.Arrays.fill(fe.srcV, (byte) 128);
                fe.encode(f == 0, f, 0, qp, 0, Tools.of(Preset.FAST));
            }
            MacroblockInfo info = fe.macroblocks();
            int split = 0;
            for (int mbY = 1; mbY < MBH - 1; mbY++) {
                for (int mbX = 1; mbX < MBW - 1; mbX++) {
                    int base = (mbY * MBW + mbX) * 16;
                    for (int b = 1; b < 16; b++) {
                        if (info.mvX[base + b] != info.mvX[base] || info.mvY[base + b] != info.mvY[base]) {
                            split++;
                            break;
                        }
                    }
                }
            }
            return split;
        }
    }

    @Test
    void halvesMovingApartGetTwoVectors() {
        int width = W + 16;
        int[] a = texture(1, width, H), b = new int[a.length];
        for (int y = 0; y < H; y++) {
            int shift = y % 16 < 8 ? 2 : -2; // the top half of every macroblock moves left, the bottom half right
            for (int x = 0; x < width; x++) {
                b[y * width + x] = a[y * width + Math.floorMod(x + shift, width)];
            }
        }
        assertThat(splitMacroblocks(a, b, width, 24)).as("of 16 inner macroblocks").isGreaterThanOrEqualTo(12);
    }

    /** Quadrant SADs by construction: each sample of quadrant q differs from the reference by d[q]. */
    private static boolean differ(int... perSampleDifference) {
        byte[] src = new byte[256], ref = new byte[256];
        for (int i = 0; i < 256; i++) {
            int quadrant = ((i / 16) / 8) * 2 + (i % 16) / 8;
            ref[i] = 100;
            src[i] = (byte) (100 + perSampleDifference[quadrant]);
        }
        return InterAnalysis.quadrantsDiffer(src, 0, 16, ref, 0, 16);
    }

    @Test
    void quadrantsDifferWhenTheWorstSadIsOverTwiceTheBest() {
        assertThat(differ(10, 10, 10, 10)).as("all quadrants equally poor (noise)").isFalse();
        assertThat(differ(10, 5, 5, 5)).as("SAD 640 against 320: exactly twice").isFalse();
        assertThat(differ(11, 5, 5, 5)).as("704 against 320").isTrue();
        assertThat(differ(0, 0, 0, 3)).as("one quadrant off, three matched").isTrue();
        assertThat(differ(-20, 20, 20, -20)).as("SAD of magnitudes").isFalse();
    }

    /** The predicate on random blocks at random offsets and strides, against the SADs summed one sample at a time. */
    @Property(tries = 300)
    void quadrantsDifferAsTheQuadrantSadsDefineIt(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int spread,
            @ForAll @IntRange(min = 0, max = 7) int srcOff, @ForAll @IntRange(min = 16, max = 40) int refStride) {
        Random r = new Random(seed);
        byte[] src = new byte[srcOff + 16 * 24], ref = new byte[16 * refStride];
        int[] scale = {r.nextInt(spread + 1), r.nextInt(spread + 1), r.nextInt(spread + 1), r.nextInt(spread + 1)};
        r.nextBytes(ref);
        for (int j = 0; j < 16; j++) {
            for (int i = 0; i < 16; i++) {
                int q = (j / 8) * 2 + i / 8, v = (ref[j * refStride + i] & 0xFF) + r.nextInt(2 * scale[q] + 1) - scale[q];
                src[srcOff + j * 24 + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        int min = Integer.MAX_VALUE, max = 0;
        for (int q = 0; q < 4; q++) {
            int sad = 0;
            for (int j = (q / 2) * 8; j < (q / 2) * 8 + 8; j++) {
                for (int i = (q % 2) * 8; i < (q % 2) * 8 + 8; i++) {
                    sad += Math.abs((src[srcOff + j * 24 + i] & 0xFF) - (ref[j * refStride + i] & 0xFF));
                }
            }
            min = Math.min(min, sad);
            max = Math.max(max, sad);
        }
        assertThat(InterAnalysis.quadrantsDiffer(src, srcOff, 24, ref, 0, refStride)).isEqualTo(max > 2 * min);
    }
}
