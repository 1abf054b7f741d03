package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EncoderConfig.fillerData: a picture too easy to spend the budget at qpMin is topped up, and only then. */
class FillerDataTest {
    private static final int W = 64, H = 48, FPS = 30, FRAMES = 90;
    private static final int BITRATE = 400_000; // far more than a flat 64x48 picture needs at QP 10

    private record Run(long bytes, List<int[]> nalTypesPerAu, List<Integer> qps) { }

    private static Run encode(boolean filler) {
        EncoderConfig cfg = EncoderConfig.builder().fps(FPS).bitrate(BITRATE).qpMin(10).fillerData(filler).build();
        byte[] y = new byte[W * H], u = new byte[W * H / 4], v = new byte[W * H / 4];
        long bytes = 0;
        List<int[]> types = new ArrayList<>();
        List<Integer> qps = new ArrayList<>();
        try (H264Encoder enc = new H264Encoder(W, H, cfg)) {
            byte[] out = new byte[enc.maxAccessUnitSize()];
            for (int f = 0; f < FRAMES; f++) {
                java.util.Arrays.fill(y, (byte) (100 + (f & 1))); // nearly still: almost nothing to code
                java.util.Arrays.fill(u, (byte) 128);
                java.util.Arrays.fill(v, (byte) 128);
                int n = enc.encodeI420(y, u, v, out, 0);
                bytes += n;
                types.add(nalTypes(out, n));
                qps.add(enc.lastQp());
            }
        }
        return new Run(bytes, types, qps);
    }

    /** NAL unit types in Annex-B order (§B.1.1), checking every filler NAL's body on the way. */
    private static int[] nalTypes(byte[] au, int len) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 < len; i++) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) starts.add(i + 3);
        }
        int[] t = new int[starts.size()];
        for (int k = 0; k < t.length; k++) {
            int s = starts.get(k);
            t[k] = au[s] & 0x1F;
            if (t[k] == 12) {
                int end = k + 1 < t.length ? starts.get(k + 1) - 3 : len;
                if (k + 1 < t.length && au[end - 1] == 0) end--; // the next start code's zero_byte
                assertThat(au[s] & 0xE0).as("nal_ref_idc 0 for filler").isZero();
                for (int i = s + 1; i < end - 1; i++) assertThat(au[i]).as("ff_byte").isEqualTo((byte) 0xFF);
                assertThat(au[end - 1]).as("rbsp_trailing_bits").isEqualTo((byte) 0x80);
            }
        }
        return t;
    }

    @Test
    void withoutFillerAnEasyPictureUndershootsAtQpMin() {
        Run r = encode(false);
        double rate = r.bytes * 8.0 * FPS / FRAMES;
        assertThat(rate).isLessThan(0.5 * BITRATE);
        assertThat(r.qps.subList(FPS, FRAMES)).containsOnly(10);
        assertThat(r.nalTypesPerAu).allSatisfy(t -> assertThat(t).doesNotContain(12));
    }

    @Test
    void fillerTopsTheRateUpToTheTargetAfterTheSlice() {
        Run r = encode(true);
        double rate = r.bytes * 8.0 * FPS / FRAMES;
        assertThat(rate).isBetween(0.95 * BITRATE, 1.05 * BITRATE);
        int padded = 0;
        for (int[] t : r.nalTypesPerAu) {
            int slice = -1, filler = -1;
            for (int i = 0; i < t.length; i++) {
                if (t[i] == 1 || t[i] == 5) slice = i;
                if (t[i] == 12) filler = i;
            }
            if (filler >= 0) {
                padded++;
                assertThat(filler).as("§7.4.1.2.3: filler after the slice").isGreaterThan(slice);
            }
        }
        assertThat(padded).isGreaterThan(FRAMES / 2);
    }

    @Test
    void nothingIsPaddedWhenTheRateControlIsAboveQpMin() {
        RateControl rc = new RateControl(EncoderConfig.builder().fps(30).bitrate(300_000).qpMin(20).build(), 64 * 48);
        assertThat(rc.fillerBits(21, 0)).isZero();
        assertThat(rc.fillerBits(20, 0)).isEqualTo(10_000); // one frame's share, budget untouched so far
        assertThat(rc.fillerBits(20, 10_000)).isZero();
        rc.update(false, 20, 1_000, 1_000);                  // 9 000 bits under budget
        assertThat(rc.fillerBits(20, 1_000)).isEqualTo(18_000 + 0).isLessThanOrEqualTo(2 * 10_000);
        assertThat(rc.maxFillerBytes()).isEqualTo(2_500);
    }
}
