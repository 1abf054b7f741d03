package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link RateControl} against a synthetic source whose frame size follows an exponential QP law
 * (bits halve every 6 QP, as the quantiser step size doubles, §8.5.12.1) with its own constants —
 * not the controller's internal model constants.
 */
class RateControlTest {
    /** 320x240 frames: never more than the raw 12 bits per pixel of 4:2:0 (an encoder would fall back to I_PCM). */
    private static final long RAW_FRAME_BITS = 320L * 240 * 12;

    private static long frameBits(boolean idr, int qp, double complexity) {
        double base = idr ? 6.0 * complexity : complexity;
        return Math.min(RAW_FRAME_BITS, Math.max(200, (long) (base * Math.pow(2.0, -(qp - 26) / 6.0))));
    }

    @Property(tries = 200)
    void tenSecondAverageIsWithinTenPercentAndQpInRange(@ForAll @IntRange(min = 250_000, max = 8_000_000) int bitrate,
            @ForAll @DoubleRange(min = 5_000, max = 400_000) double complexity,
            @ForAll @IntRange(min = 0, max = 20) int qpMin, @ForAll @IntRange(min = 10, max = 60) int gop) {
        int fps = 30;
        int qpMax = 51;
        EncoderConfig cfg = EncoderConfig.builder().fps(fps).gop(gop).bitrate(bitrate).qpMin(qpMin).qpMax(qpMax).build();
        // only targets the QP range can reach are meaningful
        double perFrameAtMin = (frameBits(true, qpMin, complexity) + (gop - 1) * frameBits(false, qpMin, complexity))
                / (double) gop;
        double perFrameAtMax = (frameBits(true, qpMax, complexity) + (gop - 1) * frameBits(false, qpMax, complexity))
                / (double) gop;
        double target = bitrate / (double) fps;
        net.jqwik.api.Assume.that(perFrameAtMin > target * 1.2 && perFrameAtMax < target * 0.8);
        RateControl rc = new RateControl(cfg, 320 * 240);
        long total = 0;
        int frames = 10 * fps;
        for (int i = 0; i < frames; i++) {
            boolean idr = i % gop == 0;
            int qp = rc.nextQp(idr);
            assertThat(qp).isBetween(qpMin, qpMax);
            long bits = frameBits(idr, qp, complexity);
            rc.update(idr, qp, bits, bits);
            total += bits;
        }
        double rate = total / 10.0;
        assertThat(rate).isBetween(0.9 * bitrate, 1.1 * bitrate);
    }

    @Property(tries = 50)
    void qpIsClampedToTheConfiguredRange(@ForAll @IntRange(min = 0, max = 51) int a, @ForAll @IntRange(min = 0, max = 51) int b,
            @ForAll @IntRange(min = 100, max = 10_000_000) int bits) {
        int lo = Math.min(a, b), hi = Math.max(a, b);
        RateControl rc = new RateControl(EncoderConfig.builder().qpMin(lo).qpMax(hi).build(), 640 * 480);
        for (int i = 0; i < 40; i++) {
            boolean idr = i % 30 == 0;
            int qp = rc.nextQp(idr);
            assertThat(qp).isBetween(lo, hi);
            rc.update(idr, qp, bits, bits);
        }
    }
}
