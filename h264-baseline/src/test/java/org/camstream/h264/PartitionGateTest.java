package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
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
}
