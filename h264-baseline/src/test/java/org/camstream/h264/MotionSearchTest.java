package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Motion search: its half-sample planes reproduce §8.4.2.2.1 sample interpolation, and it finds known motion. */
class MotionSearchTest {
    private static Picture randomPicture(long seed, int mbW, int mbH, boolean smooth) {
        Picture p = new Picture(mbW, mbH);
        Random r = new Random(seed);
        for (int y = 0; y < p.height; y++) {
            for (int x = 0; x < p.width; x++) {
                int v = smooth ? (int) (128 + 90 * Math.sin(x * 0.21 + seed) * Math.cos(y * 0.17)) : r.nextInt(256);
                p.y[p.originY + y * p.strideY + x] = (byte) v;
            }
        }
        p.extendBorders();
        return p;
    }

    @Property(tries = 200)
    void planesAgreeWithTheStandardInterpolator(@ForAll long seed, @ForAll @IntRange(min = -110, max = 110) int qx,
            @ForAll @IntRange(min = -110, max = 110) int qy, @ForAll @IntRange(min = 0, max = 1) int mbX) {
        Picture ref = randomPicture(seed, 2, 2, false);
        MotionSearch ms = new MotionSearch();
        byte[] expected = new byte[256], actual = new byte[256];
        Interpolator.predictLuma(ref, mbX * 16, 16, qx, qy, 16, 16, expected, 0, 16);
        ms.block16(ref, mbX * 16, 16, qx, qy, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void findsAKnownIntegerAndQuarterSampleShift() {
        Picture ref = randomPicture(5, 4, 4, true);
        MotionSearch ms = new MotionSearch();
        byte[] src = new byte[16 * 16];
        int[][] shifts = {{12, -8}, {5, 3}, {-7, 10}};
        for (int[] mv : shifts) {
            Interpolator.predictLuma(ref, 16, 16, mv[0], mv[1], 16, 16, src, 0, 16);
            MotionQuery q = new MotionQuery().block(src, 0, 16, ref, 16, 16, 16, 16).predictor(0, 0, 1);
            ms.search(q);
            assertThat(new int[] {q.mvX, q.mvY}).as("shift %d,%d", mv[0], mv[1]).containsExactly(mv);
        }
    }

    /**
     * The split search of FrameEncoder (a search stopped after {@code subRounds} sub-sample rounds now,
     * {@code refine} from there later) ends where one full search ends, for every block size a partition has.
     */
    @Property(tries = 100)
    void partialSearchThenRefineEqualsTheFullSearch(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int size,
            @ForAll @IntRange(min = 0, max = 1) int subRounds,
            @ForAll @IntRange(min = -40, max = 40) int mvpX, @ForAll @IntRange(min = -40, max = 40) int mvpY,
            @ForAll @IntRange(min = -30, max = 30) int qx, @ForAll @IntRange(min = -30, max = 30) int qy) {
        int w = size == 2 ? 8 : 16, h = size == 1 ? 8 : 16;
        Picture ref = randomPicture(seed, 4, 4, true);
        byte[] src = new byte[16 * 16];
        Interpolator.predictLuma(ref, 24, 16, qx, qy, w, h, src, 0, 16);
        src[0] ^= 0x11; // not an exact copy: the sub-sample stage runs
        MotionSearch full = new MotionSearch(), split = new MotionSearch();
        MotionQuery f = new MotionQuery().block(src, 0, 16, ref, 24, 16, w, h).predictor(mvpX, mvpY, 2)
                .addCandidate(8, -4).effort(2, 3);
        MotionQuery s = new MotionQuery().block(src, 0, 16, ref, 24, 16, w, h).predictor(mvpX, mvpY, 2)
                .addCandidate(8, -4).effort(2, subRounds);
        full.search(f);
        split.search(s);
        int unit = subRounds == 0 ? 3 : 1; // full- or half-sample vector so far
        assertThat(s.mvX & unit).as("vector precision").isZero();
        assertThat(s.mvY & unit).as("vector precision").isZero();
        assertThat(s.intCost).isEqualTo(f.intCost);
        split.refine(s, subRounds);
        assertThat(new int[] {s.mvX, s.mvY, s.cost}).containsExactly(f.mvX, f.mvY, f.cost);
    }

    @Test
    void mvdBitsAreSignedExpGolombLengths() {
        // §9.1.1: 0 -> codeNum 0 (1 bit), 1 -> 1 (3), -1 -> 2 (3), 2 -> 3 (5), -3 -> 6 (5), 4 -> 7 (7)
        assertThat(MotionSearch.mvdBits(0)).isEqualTo(1);
        assertThat(MotionSearch.mvdBits(1)).isEqualTo(3);
        assertThat(MotionSearch.mvdBits(-1)).isEqualTo(3);
        assertThat(MotionSearch.mvdBits(2)).isEqualTo(5);
        assertThat(MotionSearch.mvdBits(-3)).isEqualTo(5);
        assertThat(MotionSearch.mvdBits(4)).isEqualTo(7);
    }
}
