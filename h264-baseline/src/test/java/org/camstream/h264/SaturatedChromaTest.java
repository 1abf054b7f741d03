package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 4: at qpMin(0) the chroma DC levels of saturated chroma next to its opposite exceed what
 * Baseline can code (|level| <= 2063, level_prefix <= 15, §9.2.2.1); they used to be clipped, which left U
 * at ~36 dB. Such macroblocks are now coded at a higher QP (mb_qp_delta, §7.4.5) instead.
 */
class SaturatedChromaTest {
    @Test
    void saturatedChromaAtQpZeroIsCodedNotClipped() {
        int w = 64, h = 32;
        byte[] y = new byte[w * h], u = new byte[w * h / 4], v = new byte[w * h / 4];
        for (int j = 0; j < h / 2; j++) {
            for (int i = 0; i < w / 2; i++) {
                // macroblock columns of U = 0 and 255: the 255 ones are predicted from 0 (residual 255 per sample)
                u[j * (w / 2) + i] = (byte) (((i / 8) & 1) == 0 ? 0 : 255);
                v[j * (w / 2) + i] = (byte) (128 + (i % 8) * 3);
                y[(2 * j) * w + 2 * i] = (byte) (60 + i);
            }
        }
        byte[] ry = new byte[y.length], ru = new byte[u.length], rv = new byte[v.length];
        EncoderConfig cfg = EncoderConfig.builder().qpMin(0).qpMax(0).bitrate(50_000_000).gop(1).threads(1).build();
        try (H264Encoder enc = new H264Encoder(w, h, cfg)) {
            byte[] au = enc.encodeI420(y, u, v);
            assertThat(enc.lastQp()).isZero();
            enc.reconstruction(ry, ru, rv);
            assertThat(au.length).isPositive();
        }
        double psnrU = psnr(u, ru), psnrV = psnr(v, rv);
        System.out.printf("saturated chroma at QP 0: U %.2f dB, V %.2f dB%n", psnrU, psnrV);
        assertThat(psnrU).as("U PSNR").isGreaterThan(50);
        assertThat(maxAbsDiff(u, ru)).as("largest U error").isLessThanOrEqualTo(8);
    }

    private static int maxAbsDiff(byte[] a, byte[] b) {
        int m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        }
        return m;
    }

    private static double psnr(byte[] a, byte[] b) {
        long se = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            se += d * d;
        }
        return se == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * a.length / se);
    }
}
