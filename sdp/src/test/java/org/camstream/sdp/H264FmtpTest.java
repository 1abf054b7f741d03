package org.camstream.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RFC 6184 §8.1 media type parameters. */
class H264FmtpTest {
    /** Constrained Baseline (0x42, constraint_set1 0xC0), level 3.1 (0x1F): a minimal SPS prefix. */
    static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1F};
    static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    /** SPS written by x264 (High, level 2.1, 320x240 interlaced), as a known real-world input. */
    static final byte[] X264_SPS = {0x67, 0x64, 0x00, 0x15, (byte) 0xac, (byte) 0xd9, 0x41, 0x41, 0x0f,
        (byte) 0xcb, (byte) 0x80, (byte) 0x88, 0x00, 0x00, 0x03, 0x00, 0x08, 0x00, 0x00, 0x03, 0x01, (byte) 0xe0,
        (byte) 0xf8, (byte) 0xa1, 0x4c, (byte) 0xb0};

    @Test
    void profileLevelIdIsSpsBytesOneToThreeInUppercaseHex() {
        assertThat(H264Fmtp.profileLevelId(SPS, 0, SPS.length)).isEqualTo("42C01F");
        assertThat(H264Fmtp.profileLevelId(X264_SPS, 0, X264_SPS.length)).isEqualTo("640015");
        byte[] shifted = {9, 9, 0x67, 0x4d, 0x40, 0x0a, 9};
        assertThat(H264Fmtp.profileLevelId(shifted, 2, 4)).isEqualTo("4D400A");
        assertThatThrownBy(() -> H264Fmtp.profileLevelId(new byte[3], 0, 3)).isInstanceOf(SpsFormatException.class);
    }

    @Test
    void knownSpsAgreesWithParser() {
        SpsInfo info = SpsParser.parse(X264_SPS, 0, X264_SPS.length);
        assertThat(info.profileIdc()).isEqualTo(100);
        assertThat(info.levelIdc()).isEqualTo(21);
        assertThat(info.width()).isEqualTo(320);
        assertThat(info.height()).isEqualTo(240);
        assertThat(info.frameMbsOnly()).isFalse();
    }

    @Test
    void spropParameterSetsIsBase64OfEachNal() {
        assertThat(H264Fmtp.spropParameterSets(SPS, PPS)).isEqualTo("Z0LAHw==,aM48gA==");
        assertThat(H264Fmtp.spropParameterSets(SPS, null)).isEqualTo("Z0LAHw==");
    }

    @Property
    void spropDecodesBackToTheNals(@ForAll @Size(min = 1, max = 64) byte[] sps, @ForAll @Size(min = 1, max = 64) byte[] pps) {
        String[] parts = H264Fmtp.spropParameterSets(sps, pps).split(",");
        assertThat(parts).hasSize(2);
        assertThat(Base64.getDecoder().decode(parts[0])).isEqualTo(sps);
        assertThat(Base64.getDecoder().decode(parts[1])).isEqualTo(pps);
    }

    @Test
    void fmtpValue() {
        assertThat(H264Fmtp.fmtp(96, SPS, PPS))
                .isEqualTo("packetization-mode=1;profile-level-id=42C01F;sprop-parameter-sets=Z0LAHw==,aM48gA==");
        assertThat(H264Fmtp.fmtp(96, null, null)).isEqualTo("packetization-mode=1");
        assertThatThrownBy(() -> H264Fmtp.fmtp(128, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
