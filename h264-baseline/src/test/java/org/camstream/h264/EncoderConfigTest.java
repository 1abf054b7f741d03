package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Defaults and validation of {@link EncoderConfig} (issue #3: mirrors the MicroPython seed's keyword arguments). */
class EncoderConfigTest {
    @Test
    void defaultsMatchTheSeed() {
        EncoderConfig c = EncoderConfig.defaults();
        assertThat(c.fps()).isEqualTo(30);
        assertThat(c.gop()).isZero();
        assertThat(c.effectiveGop()).isEqualTo(30);
        assertThat(c.bitrate()).isEqualTo(1_000_000);
        assertThat(c.qpMin()).isEqualTo(10);
        assertThat(c.qpMax()).isEqualTo(51);
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
    }
}
