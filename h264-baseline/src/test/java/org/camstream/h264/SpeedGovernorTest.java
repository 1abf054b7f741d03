package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue #13 item 3: adaptive speed steps presets on measured frame times, with hysteresis (no sleeping). */
class SpeedGovernorTest {
    private static final long INTERVAL = 1_000_000_000L / 30;

    @Test
    void stepsFasterAfterThreeSlowFramesInARowAndSettles() {
        SpeedGovernor g = new SpeedGovernor(Preset.QUALITY, 30, true);
        g.frameDone(INTERVAL * 2); // one slow IDR picture alone does not step
        g.frameDone(INTERVAL / 2);
        g.frameDone(INTERVAL * 2);
        g.frameDone(INTERVAL * 2);
        assertThat(g.active()).isEqualTo(Preset.QUALITY);
        g.frameDone(INTERVAL * 2);
        assertThat(g.active()).isEqualTo(Preset.MEDIUM);
        assertThat(g.changes()).isEqualTo(1);
        for (int i = 0; i < SpeedGovernor.SETTLE_FRAMES + 2; i++) { // settling frames are not judged
            g.frameDone(INTERVAL * 2);
        }
        assertThat(g.active()).isEqualTo(Preset.MEDIUM);
        g.frameDone(INTERVAL * 2);
        assertThat(g.active()).isEqualTo(Preset.FAST);
    }

    @Test
    void neverFasterThanFastestNorSlowerThanConfigured() {
        SpeedGovernor g = new SpeedGovernor(Preset.FAST, 30, true);
        for (int i = 0; i < 100; i++) {
            g.frameDone(INTERVAL * 3);
        }
        assertThat(g.active()).isEqualTo(Preset.FASTEST);
        assertThat(g.changes()).isEqualTo(1);
        for (int i = 0; i < 1000; i++) {
            g.frameDone(INTERVAL / 10);
        }
        assertThat(g.active()).isEqualTo(Preset.FAST); // back up, but not beyond the configured preset
        assertThat(g.changes()).isEqualTo(2);
    }

    @Test
    void stepsBackOnlyAfterSustainedHeadroom() {
        SpeedGovernor g = new SpeedGovernor(Preset.MEDIUM, 30, true);
        for (int i = 0; i < SpeedGovernor.SLOW_FRAMES; i++) {
            g.frameDone(INTERVAL * 2);
        }
        assertThat(g.active()).isEqualTo(Preset.FAST);
        long quick = (long) (INTERVAL * SpeedGovernor.FAST_SHARE) - 1;
        long middling = (long) (INTERVAL * 0.6); // fits the budget, but the slower preset might not
        for (int i = 0; i < SpeedGovernor.SETTLE_FRAMES + SpeedGovernor.FAST_FRAMES - 1; i++) {
            g.frameDone(quick);
        }
        g.frameDone(middling); // breaks the run of quick frames
        for (int i = 0; i < SpeedGovernor.FAST_FRAMES - 1; i++) {
            g.frameDone(quick);
        }
        assertThat(g.active()).isEqualTo(Preset.FAST);
        g.frameDone(quick);
        assertThat(g.active()).isEqualTo(Preset.MEDIUM);
    }

    @Test
    void disabledKeepsTheConfiguredPreset() {
        SpeedGovernor g = new SpeedGovernor(Preset.QUALITY, 30, false);
        for (int i = 0; i < 100; i++) {
            g.frameDone(INTERVAL * 5);
        }
        assertThat(g.active()).isEqualTo(Preset.QUALITY);
        assertThat(g.changes()).isZero();
    }

    /** Through the encoder: its clock seam times each frame, stats() reports the preset and the times. */
    @Test
    void encoderStepsDownWhenFramesTakeLongerThanTheInterval() {
        long[] now = {0};
        long[] frameNanos = {INTERVAL * 2};
        boolean[] start = {true};
        java.util.function.LongSupplier clock = () -> {
            // the encoder reads the clock at the start and the end of each frame
            now[0] += start[0] ? 1_000 : frameNanos[0];
            start[0] = !start[0];
            return now[0];
        };
        int w = 32, h = 32;
        byte[] y = new byte[w * h], u = new byte[w * h / 4], v = new byte[w * h / 4];
        EncoderConfig cfg = EncoderConfig.builder().fps(30).preset(Preset.QUALITY).adaptiveSpeed(true).threads(1)
                .build();
        try (H264Encoder enc = new H264Encoder(w, h, cfg, clock)) {
            for (int i = 0; i < 40; i++) {
                y[i] = (byte) i;
                enc.encodeI420(y, u, v);
            }
            EncoderStats st = enc.stats();
            assertThat(st.activePreset()).isEqualTo(Preset.FASTEST);
            assertThat(st.presetChanges()).isEqualTo(3);
            assertThat(st.lastEncodeNanos()).isEqualTo(INTERVAL * 2);
            assertThat(st.meanEncodeNanos()).isEqualTo(INTERVAL * 2);
            assertThat(st.framesEncoded()).isEqualTo(40);
            frameNanos[0] = INTERVAL / 10;
            for (int i = 0; i < 3 * (SpeedGovernor.SETTLE_FRAMES + SpeedGovernor.FAST_FRAMES) + 3; i++) {
                enc.encodeI420(y, u, v);
            }
            assertThat(enc.stats().activePreset()).isEqualTo(Preset.QUALITY);
            assertThat(enc.stats().presetChanges()).isEqualTo(6);
            assertThat(enc.stats().lastEncodeNanos()).isEqualTo(INTERVAL / 10);
        }
    }
}
