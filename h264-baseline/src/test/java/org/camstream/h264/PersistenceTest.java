package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 4: temporal QP allocation (macroblock-tree without lookahead) lowers QP where the content
 * persisted, by x264's {@code strength * log2(1 + propagated / own)}, and forgets it.
 */
class PersistenceTest {
    @Test
    void offsetGrowsWithSkippedPicturesAndDecaysWhenCoded() {
        Persistence p = new Persistence(3);
        p.beginPicture(29);
        assertThat(p.offset(0)).isZero();
        int[] seen = new int[30];
        for (int i = 0; i < seen.length; i++) {
            p.record(0, true);       // P_Skip every time
            p.record(1, false);      // coded every time
            p.record(2, i % 2 == 0); // every other time
            seen[i] = p.offset(0);
        }
        assertThat(seen).isSorted();
        // a fully inherited macroblock passes itself on to all HORIZON pictures: 2 * log2(1 + 10) = 6.9
        assertThat(seen[seen.length - 1]).isEqualTo(Persistence.MAX_OFFSET).isEqualTo(7);
        assertThat(p.offset(1)).as("a macroblock coded every time").isZero();
        // skipped half the time: F ~ 1/2, 1/2 + 1/4 + ... ~ 1, so 2 * log2(2) = 2
        assertThat(p.offset(2)).isEqualTo(2);
        for (int i = 0; i < 12; i++) {
            p.record(0, false);
        }
        assertThat(p.offset(0)).as("after twelve coded pictures").isZero();
    }

    @Test
    void thePicturesBeforeTheNextIdrPictureGetLessBecauseFewerPicturesReferenceThem() {
        Persistence p = new Persistence(1);
        for (int i = 0; i < 40; i++) {
            p.record(0, true);
        }
        int[] byReferencing = new int[12];
        for (int n = 0; n < byReferencing.length; n++) {
            p.beginPicture(n);
            byReferencing[n] = p.offset(0);
        }
        // 2 * log2(1 + n): the last P picture of a GOP is referenced by none (the IDR picture refers to nothing)
        assertThat(byReferencing).containsExactly(0, 2, 3, 4, 5, 5, 6, 6, 6, 7, 7, 7);
    }

    /**
     * The encoder applies it through mb_qp_delta: with the picture QP fixed at 26 and the floor at 20, the
     * same still picture (MEDIUM) costs more bits as the IDR picture after eleven skipped P pictures than as the first
     * IDR picture (no history), and comes out closer to the source (an IDR picture depends on nothing else
     * that came before); with a tool set without temporal QP the two IDR pictures are identical.
     */
    @Test
    void staticContentGetsALowerQpInTheNextIdrPicture() {
        long[] with = idrBitsAndError(Tools.of(Preset.MEDIUM));
        assertThat(with[2]).as("IDR bits after the skipped pictures").isGreaterThan(with[0]);
        assertThat(with[3]).as("IDR error after the skipped pictures").isLessThan(with[1]);
        // MEDIUM's tools with temporal QP off
        long[] without = idrBitsAndError(new Tools(true, true, true, true, 16, 3, true, true, false, 0, false,
                true));
        assertThat(without[2]).isEqualTo(without[0]);
        assertThat(without[3]).isEqualTo(without[1]);
    }

    /** @return {bits, luma SSE} of the first IDR picture, then of the IDR picture after 11 P pictures */
    private static long[] idrBitsAndError(Tools tools) {
        int mbw = 4, mbh = 4;
        try (FrameEncoder fe = new FrameEncoder(mbw, mbh, true, 1)) {
            for (int i = 0; i < fe.srcY.length; i++) {
                fe.srcY[i] = (byte) (((i % fe.strideY) * 7 + (i / fe.strideY) * 13) & 0xFF);
            }
            java.util.Arrays.fill(fe.srcU, (byte) 100);
            java.util.Arrays.fill(fe.srcV, (byte) 150);
            long[] out = new long[4];
            for (int f = 0; f <= 12; f++) {
                boolean idr = f % 12 == 0;
                fe.planTemporalQp(11 - f % 12);
                fe.encode(idr, idr ? 0 : f, 0, 26, 20, tools); // same idr_pic_id: same header bits
                if (idr) {
                    Picture rec = fe.reconstruction();
                    long sse = 0;
                    for (int j = 0; j < mbh * 16; j++) {
                        for (int i = 0; i < mbw * 16; i++) {
                            int d = (fe.srcY[j * fe.strideY + i] & 0xFF) - (rec.y[rec.originY + j * rec.strideY + i] & 0xFF);
                            sse += d * d;
                        }
                    }
                    out[f == 0 ? 0 : 2] = fe.slice(0).bitCount();
                    out[f == 0 ? 1 : 3] = sse;
                }
            }
            return out;
        }
    }
}
