package org.camstream.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camstream.rtp.TestNals.bytes;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RFC 3550 §5.1 fixed header, CSRC list, §5.3.1 extension and padding. */
class RtpHeaderTest {

    @Property
    void writeThenReadRoundTrips(@ForAll @IntRange(max = 127) int pt, @ForAll boolean marker,
            @ForAll @IntRange(max = 65535) int seq, @ForAll int ts, @ForAll int ssrc, @ForAll @IntRange(max = 20) int off) {
        byte[] b = new byte[off + RtpHeader.SIZE];
        assertThat(RtpHeader.write(b, off, pt, marker, seq, ts, ssrc)).isEqualTo(12);
        assertThat(RtpHeader.version(b, off)).isEqualTo(2);
        assertThat(RtpHeader.payloadType(b, off)).isEqualTo(pt);
        assertThat(RtpHeader.marker(b, off)).isEqualTo(marker);
        assertThat(RtpHeader.sequence(b, off)).isEqualTo(seq);
        assertThat(RtpHeader.timestamp(b, off)).isEqualTo(ts);
        assertThat(RtpHeader.ssrc(b, off)).isEqualTo(ssrc);
        assertThat(RtpHeader.headerLength(b, off, 12)).isEqualTo(12);
        assertThat(RtpHeader.payloadLength(b, off, 12)).isZero();
    }

    @Property
    void stampRewritesOnlySequenceTimestampAndSsrc(@ForAll @IntRange(max = 127) int pt, @ForAll boolean marker,
            @ForAll @IntRange(max = 65535) int seq, @ForAll int ts, @ForAll int ssrc) {
        byte[] b = new byte[12];
        RtpHeader.write(b, 0, pt, marker, 0, 0, 0);
        RtpHeader.stamp(b, 0, seq, ts, ssrc);
        assertThat(RtpHeader.payloadType(b, 0)).isEqualTo(pt);
        assertThat(RtpHeader.marker(b, 0)).isEqualTo(marker);
        assertThat(RtpHeader.version(b, 0)).isEqualTo(2);
        assertThat(RtpHeader.sequence(b, 0)).isEqualTo(seq);
        assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(ts);
        assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(ssrc);
    }

    /** Bit layout checked against the RFC 3550 §5.1 figure, byte by byte. */
    @Test
    void wireLayout() {
        byte[] b = new byte[12];
        RtpHeader.write(b, 0, 96, true, 0x1234, 0x89abcdef, 0x01020304);
        assertThat(b).containsExactly(bytes(0x80, 0xe0, 0x12, 0x34, 0x89, 0xab, 0xcd, 0xef, 1, 2, 3, 4));
    }

    @Test
    void headerLengthCountsCsrcsAndExtension() {
        // V=2, X=1, CC=2; 2 CSRCs; extension header with length 1 word; then 1 payload byte
        byte[] b = new byte[12 + 8 + 4 + 4 + 1];
        b[0] = (byte) 0x92;
        b[20 + 3] = 1;
        assertThat(RtpHeader.headerLength(b, 0, b.length)).isEqualTo(28);
        assertThat(RtpHeader.payloadLength(b, 0, b.length)).isEqualTo(1);
    }

    @Test
    void paddingIsExcludedFromPayloadLength() {
        byte[] b = new byte[12 + 5 + 3];
        b[0] = (byte) 0xa0; // V=2, P=1
        b[b.length - 1] = 3;
        assertThat(RtpHeader.payloadLength(b, 0, b.length)).isEqualTo(5);
    }

    @Test
    void malformedHeadersThrowTypedException() {
        assertThatThrownBy(() -> RtpHeader.headerLength(new byte[11], 0, 11)).isInstanceOf(RtpFormatException.class);
        assertThatThrownBy(() -> RtpHeader.headerLength(new byte[12], 0, 12)) // version 0
                .isInstanceOf(RtpFormatException.class);
        byte[] csrc = new byte[15];
        csrc[0] = (byte) 0x81; // CC=1 needs 16 bytes
        assertThatThrownBy(() -> RtpHeader.headerLength(csrc, 0, 15)).isInstanceOf(RtpFormatException.class);
        byte[] ext = new byte[14];
        ext[0] = (byte) 0x90; // X=1, extension header missing
        assertThatThrownBy(() -> RtpHeader.headerLength(ext, 0, 14)).isInstanceOf(RtpFormatException.class);
        byte[] extLen = new byte[16];
        extLen[0] = (byte) 0x90;
        extLen[15] = 2; // claims 8 more bytes
        assertThatThrownBy(() -> RtpHeader.headerLength(extLen, 0, 16)).isInstanceOf(RtpFormatException.class);
        byte[] pad0 = new byte[14];
        pad0[0] = (byte) 0xa0; // P=1, count 0
        assertThatThrownBy(() -> RtpHeader.payloadLength(pad0, 0, 14)).isInstanceOf(RtpFormatException.class);
        byte[] padBig = new byte[14];
        padBig[0] = (byte) 0xa0;
        padBig[13] = 3; // only 2 payload bytes
        assertThatThrownBy(() -> RtpHeader.payloadLength(padBig, 0, 14)).isInstanceOf(RtpFormatException.class);
        assertThatThrownBy(() -> RtpHeader.headerLength(new byte[12], 4, 12)).isInstanceOf(RtpFormatException.class);
    }

    @Test
    void writeRejectsPayloadTypeOutOfRange() {
        assertThatThrownBy(() -> RtpHeader.write(new byte[12], 0, 128, false, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
