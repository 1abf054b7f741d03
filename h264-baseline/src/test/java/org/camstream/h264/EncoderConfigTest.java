package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Defaults and validation of {@link EncoderConfig} (issue #3: mirrors the MicroPython seed's keyword arguments). */
class EncoderConfigTest {
    /**
     * The defaults as an encoder applies them (issue #3 seed: 30 fps, one IDR per second, 1 Mb/s, QP 10..51;
     * issue #13: FAST, threads = available processors capped at 4), observed in what it produces: IDR
     * pictures exactly at frames 0, 30, 60; a flat picture drives the QP down to 10 and no lower; 1 Mb/s
     * needs level 2 at 64x64 (Table A-1: level 1.3 allows 768 * 1200 b/s, level 2 2000 * 1200).
     */
    @Test
    void defaultsAsTheEncoderAppliesThem() {
        int w = 64, h = 64; // four macroblock rows: room for up to four slices
        byte[] y = new byte[w * h], u = new byte[w * h / 4], v = new byte[w * h / 4];
        java.util.Arrays.fill(y, (byte) 100);
        java.util.Arrays.fill(u, (byte) 128);
        java.util.Arrays.fill(v, (byte) 128);
        java.util.List<Integer> idr = new java.util.ArrayList<>();
        int minQp = 52;
        try (H264Encoder enc = new H264Encoder(w, h)) {
            assertThat(enc.levelIdc()).isEqualTo(20);
            for (int f = 0; f < 61; f++) {
                enc.encodeI420(y, u, v);
                if (enc.keyframe()) {
                    idr.add(f);
                }
                minQp = Math.min(minQp, enc.lastQp());
            }
            assertThat(enc.stats().activePreset()).isEqualTo(Preset.FAST);
            assertThat(enc.stats().threads())
                    .isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
        }
        assertThat(idr).containsExactly(0, 30, 60);
        assertThat(minQp).isEqualTo(10);
    }

    @Test
    void gopZeroMeansOneIdrPerSecond() {
        assertThat(EncoderConfig.builder().fps(15).build().effectiveGop()).isEqualTo(15);
        assertThat(EncoderConfig.builder().fps(15).gop(7).build().effectiveGop()).isEqualTo(7);
    }

    @Test
    void rejectsInvalidValuesNamingThem() {
        assertThatThrownBy(() -> EncoderConfig.builder().fps(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fps").hasMessageContaining("0");
        assertThatThrownBy(() -> EncoderConfig.builder().gop(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gop");
        assertThatThrownBy(() -> EncoderConfig.builder().bitrate(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bitrate");
        assertThatThrownBy(() -> EncoderConfig.builder().qpMin(52).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qpMin");
        assertThatThrownBy(() -> EncoderConfig.builder().qpMin(30).qpMax(29).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qpMax").hasMessageContaining("29");
        assertThatThrownBy(() -> EncoderConfig.builder().threads(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> EncoderConfig.builder().threads(EncoderConfig.MAX_THREADS + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> EncoderConfig.builder().preset(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("preset");
    }
}
