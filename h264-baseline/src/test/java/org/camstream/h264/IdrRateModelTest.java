package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The IDR-frame model of {@link RateControl} (bits ~ k * source SATD / qstep^(1/2)) against the real
 * encoder on pictures of very different detail, and what it is for: the first IDR frame of a stream gets
 * a QP that fits its content instead of one guessed from its size alone.
 */
class IdrRateModelTest {
    private static final int W = 320, H = 240;

    /** Smooth: a diagonal gradient with a few flat rectangles (little AC energy, like testsrc2). */
    private static byte[] smooth() {
        byte[] y = new byte[W * H];
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < W; i++) {
                int v = (i + j) * 255 / (W + H);
                if ((i / 64 + j / 48) % 3 == 0) {
                    v = 40 + 50 * ((i / 64) % 4);
                }
                y[j * W + i] = (byte) v;
            }
        }
        return y;
    }

    /**
     * Detailed: the smooth picture plus fixed-seed random texture of +-12 (fine detail everywhere, like a
     * photo of foliage or a noisy sensor: about the source SATD per sample of the benchmark's noise clip).
     */
    private static byte[] detailed() {
        Random r = new Random(7);
        byte[] y = smooth();
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) Math.max(0, Math.min(255, (y[i] & 0xFF) + r.nextInt(25) - 12));
        }
        return y;
    }

    private static int idrBytes(byte[] y, int qpMin, int qpMax, int bitrate, int[] qpOut) {
        byte[] u = new byte[W * H / 4], v = new byte[W * H / 4];
        java.util.Arrays.fill(u, (byte) 128);
        java.util.Arrays.fill(v, (byte) 128);
        EncoderConfig cfg = EncoderConfig.builder().fps(30).gop(30).bitrate(bitrate).qpMin(qpMin).qpMax(qpMax)
                .threads(1).build();
        try (H264Encoder enc = new H264Encoder(W, H, cfg)) {
            byte[] out = new byte[enc.maxAccessUnitSize()];
            int n = enc.encodeI420(y, u, v, out, 0);
            qpOut[0] = enc.lastQp();
            return n;
        }
    }

    @Test
    void kOfTheModelStaysWithinAFactorOfTwoOfItsInitialValueOnSmoothAndDetailedPictures() {
        int[] qp = new int[1];
        // Noise-like detail is quantised away at coarse QPs (on the benchmark's noise clip k fell to 0.31 at QP 32
        // and 0.11-0.14 at QP 38): there the model over-predicts and the first IDR frame comes out smaller than
        // planned; the k learned from it corrects the next one. So the detailed picture is held to it up to QP 26.
        byte[][] pictures = {smooth(), detailed()};
        int[] maxQp = {44, 26};
        for (int p = 0; p < 2; p++) {
            byte[] y = pictures[p];
            long satd = PictureComplexity.intraSatd(y, W, W, H);
            for (int q = 14; q <= maxQp[p]; q += 6) {
                int bytes = idrBytes(y, q, q, 1_000_000, qp); // qpMin = qpMax: the IDR frame at exactly q
                double k = bytes * 8.0 * Math.sqrt(RateControl.qstep(q)) / satd;
                assertThat(k).as("k at QP %d (satd %d, %d bytes)", q, satd, bytes)
                        .isBetween(RateControl.INITIAL_BITS_PER_SATD / 2, RateControl.INITIAL_BITS_PER_SATD * 2);
            }
        }
    }

    @Test
    void theFirstIdrFrameOfADetailedPictureIsCodedCoarserThanOfASmoothOneAndWithinTheGopBudget() {
        int bitrate = 1_000_000;
        int[] qpSmooth = new int[1], qpDetailed = new int[1];
        idrBytes(smooth(), 0, 51, bitrate, qpSmooth);
        int detailedBytes = idrBytes(detailed(), 0, 51, bitrate, qpDetailed);
        // a guess from the picture size alone gives both pictures one QP
        assertThat(qpDetailed[0]).as("QP of the detailed picture vs %d of the smooth one", qpSmooth[0])
                .isGreaterThan(qpSmooth[0]);
        assertThat(detailedBytes * 8L).isLessThan(30L * bitrate / 30 / 2); // at most half of the GOP's bits
    }
}
