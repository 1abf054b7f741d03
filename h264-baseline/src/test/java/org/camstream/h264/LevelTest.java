package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Level choice per H.264 Annex A, Table A-1 (the expected values are worked out by hand in the comments). */
class LevelTest {
    @Test
    void qcifAt15FpsIsLevel1() {
        // 11x9 = 99 MBs (MaxFS 99), 1485 MB/s (MaxMBPS 1485), 64 kb/s * 1200/1000 = 76.8 kb/s
        assertThat(Level.choose(11, 9, 15, 64_000)).isEqualTo(10);
    }

    @Test
    void qvgaAt30FpsDependsOnBitrate() {
        // 20x15 = 300 MBs -> MaxFS 396 (1.1+); 9000 MB/s -> MaxMBPS 11880 (1.3); MaxBR 768 kb/s * 1.2 = 921.6 kb/s
        assertThat(Level.choose(20, 15, 30, 500_000)).isEqualTo(13);
        assertThat(Level.choose(20, 15, 30, 1_000_000)).isEqualTo(20);
    }

    @Test
    void vgaAnd720pAnd1080p() {
        assertThat(Level.choose(40, 30, 30, 2_000_000)).isEqualTo(30);   // 1200 MBs, 36000 MB/s
        assertThat(Level.choose(80, 45, 30, 4_000_000)).isEqualTo(31);   // 3600 MBs, 108000 MB/s
        assertThat(Level.choose(120, 68, 30, 8_000_000)).isEqualTo(40);  // 8160 MBs, 244800 MB/s
        assertThat(Level.choose(120, 68, 60, 8_000_000)).isEqualTo(42);  // 489600 MB/s
    }

    @Test
    void veryWidePicturesNeedAHigherLevelThanTheirArea() {
        // 99 MBs but 99 MBs wide: sqrt(8 * MaxFS) >= 99 needs MaxFS >= 1226 -> level 2.2 (MaxFS 1620)
        assertThat(Level.choose(99, 1, 1, 64_000)).isEqualTo(22);
    }

    @Test
    void tooLargeIsRejected() {
        assertThatThrownBy(() -> Level.choose(512, 512, 30, 1_000_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8192x8192");
    }

    @Property
    void levelNeverDecreasesWhenTheLoadGrows(@ForAll @IntRange(min = 1, max = 120) int w,
            @ForAll @IntRange(min = 1, max = 68) int h, @ForAll @IntRange(min = 1, max = 60) int fps,
            @ForAll @IntRange(min = 10_000, max = 20_000_000) int bitrate) {
        int level = Level.choose(w, h, fps, bitrate);
        assertThat(Level.choose(w, h, fps + 1, bitrate)).isGreaterThanOrEqualTo(level);
        assertThat(Level.choose(w, h, fps, bitrate + 100_000)).isGreaterThanOrEqualTo(level);
        assertThat(Level.choose(w, h + 1, fps, bitrate)).isGreaterThanOrEqualTo(level);
    }
}
