package org.camstream.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The one home of NAL unit types (H.264 Table 7-1, RFC 6184 Table 1) and the RTP header layout (RFC 3550 §5.1). */
class NalUnitTypeTest {

    @Test
    void typeIsTheLowFiveBitsWhateverTheNriAndForbiddenBit() {
        assertThat(NalUnitType.of((byte) 0x67)).isEqualTo(NalUnitType.SPS); // NRI 3
        assertThat(NalUnitType.of((byte) 0x08)).isEqualTo(NalUnitType.PPS); // NRI 0
        assertThat(NalUnitType.of((byte) 0xe5)).isEqualTo(NalUnitType.IDR_SLICE); // F set
        assertThat(NalUnitType.of((byte) 0x7c)).isEqualTo(NalUnitType.FU_A);
    }

    @Test
    void onlyTypes1To23CanBeSentAsTheyAre() {
        for (int t = 0; t < 32; t++) {
            assertThat(NalUnitType.isSendable(t)).as("type " + t).isEqualTo(t >= 1 && t <= 23);
            assertThat(NalUnitType.isSlice(t)).as("type " + t).isEqualTo(t >= 1 && t <= 5);
        }
    }

    /** The ByteBuffer stamp writes the same bytes as the array one, at an absolute index, position untouched. */
    @Test
    void headerStampInABufferMatchesTheFigure() {
        ByteBuffer bb = ByteBuffer.allocateDirect(32);
        bb.position(7);
        RtpHeader.stamp(bb, 4, 0xBEEF, 0x01020304, 0xCAFEBABE);
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = bb.get(i);
        }
        assertThat(bb.position()).isEqualTo(7);
        assertThat(RtpHeader.sequence(b, 4)).isEqualTo(0xBEEF);
        assertThat(RtpHeader.timestamp(b, 4)).isEqualTo(0x01020304);
        assertThat(RtpHeader.ssrc(b, 4)).isEqualTo(0xCAFEBABE);
        assertThat(b[4 + 2] & 0xff).as("sequence high byte at offset 2").isEqualTo(0xBE);
        assertThat(b[4 + 8] & 0xff).as("SSRC high byte at offset 8").isEqualTo(0xCA);
    }
}
