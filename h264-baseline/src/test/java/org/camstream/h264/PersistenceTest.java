package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue #13 item 4: temporal QP allocation lowers QP only where content persisted, and forgets it. */
class PersistenceTest {
    @Test
    void offsetGrowsWithSkippedPicturesAndDecaysWhenCoded() {
        Persistence p = new Persistence(2);
        assertThat(p.offset(0)).isZero();
        int[] seen = new int[12];
        for (int i = 0; i < seen.length; i++) {
            p.record(0, true);
            p.record(1, false);
            seen[i] = p.offset(0);
        }
        assertThat(seen[0]).isEqualTo(1); // 1/4 of the way after one skipped picture: round(0.75)
        assertThat(seen).isSorted();
        assertThat(seen[seen.length - 1]).isEqualTo(Persistence.MAX_OFFSET);
        assertThat(p.offset(1)).as("a macroblock coded every time").isZero();
        for (int i = 0; i < 10; i++) {
            p.record(0, false);
        }
        assertThat(p.offset(0)).as("after ten coded pictures").isZero();
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
        long[] without = idrBitsAndError(new Tools(true, true, true, true, 16, 3, true, true, false, true, false,
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
