package org.camstream.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camstream.rtp.TestNals.bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RTCP SR/SDES writers (RFC 3550 §6.4.1, §6.5), parser (§6.4.2, §6.6, RFC 4585, RFC 5104), NTP time (§4). */
class RtcpTest {

    /** Field offsets from the RFC 3550 §6.4.1 figure. */
    @Test
    void senderReportLayoutFieldByField() {
        byte[] b = new byte[40];
        int n = RtcpSenderReport.write(b, 5, 0x11223344, 0xAABBCCDD_01020304L, 0x55667788, 1000, 0x7fffffff);
        assertThat(n).isEqualTo(28);
        ByteBuffer bb = ByteBuffer.wrap(b, 5, 28).slice();
        assertThat((bb.get(0) & 0xff) >>> 6).as("V").isEqualTo(2);
        assertThat(bb.get(0) & 0x20).as("P").isZero();
        assertThat(bb.get(0) & 0x1f).as("RC").isZero();
        assertThat(bb.get(1) & 0xff).as("PT=SR").isEqualTo(200);
        assertThat(bb.getShort(2)).as("length in words - 1").isEqualTo((short) 6);
        assertThat(bb.getInt(4)).as("SSRC of sender").isEqualTo(0x11223344);
        assertThat(bb.getInt(8)).as("NTP msw").isEqualTo(0xAABBCCDD);
        assertThat(bb.getInt(12)).as("NTP lsw").isEqualTo(0x01020304);
        assertThat(bb.getInt(16)).as("RTP timestamp").isEqualTo(0x55667788);
        assertThat(bb.getInt(20)).as("sender's packet count").isEqualTo(1000);
        assertThat(bb.getInt(24)).as("sender's octet count").isEqualTo(0x7fffffff);
        assertThat(b[4]).isZero();
        assertThat(b[33]).isZero();
    }

    @Test
    void sdesCnameLayoutAndPadding() {
        for (int len = 0; len <= 9; len++) {
            byte[] cname = "abcdefghi".substring(0, len).getBytes(StandardCharsets.UTF_8);
            byte[] b = new byte[64];
            Arrays.fill(b, (byte) 0x55);
            int n = RtcpSdes.writeCname(b, 0, 0x01020304, cname);
            assertThat(n % 4).isZero();
            assertThat(n).isEqualTo(RtcpSdes.cnameLength(len));
            ByteBuffer bb = ByteBuffer.wrap(b);
            assertThat(b[0] & 0xff).as("V=2, SC=1").isEqualTo(0x81);
            assertThat(b[1] & 0xff).as("PT=SDES").isEqualTo(202);
            assertThat(bb.getShort(2) + 1).as("length").isEqualTo(n / 4);
            assertThat(bb.getInt(4)).isEqualTo(0x01020304);
            assertThat(b[8]).as("CNAME item").isEqualTo((byte) 1);
            assertThat(b[9]).isEqualTo((byte) len);
            assertThat(Arrays.copyOfRange(b, 10, 10 + len)).isEqualTo(cname);
            int nulls = n - 10 - len;
            assertThat(nulls).as("1..4 null octets end the chunk (§6.5)").isBetween(1, 4);
            for (int i = 10 + len; i < n; i++) {
                assertThat(b[i]).isZero();
            }
            assertThat(b[n]).as("no write past the packet").isEqualTo((byte) 0x55);
        }
    }

    @Test
    void compoundSrSdesParsesWithNoReports() {
        byte[] b = new byte[100];
        int n = RtcpSenderReport.write(b, 0, 1, 2, 3, 4, 5);
        n += RtcpSdes.writeCname(b, n, 1, "cam@host".getBytes(StandardCharsets.UTF_8));
        RtcpInfo info = RtcpParser.parse(b, 0, n);
        assertThat(info).isEqualTo(new RtcpInfo(java.util.List.of(), false, false, false));
    }

    @Test
    void receiverReportBlocksAreParsed() {
        ByteBuffer bb = ByteBuffer.allocate(8 + 48);
        bb.put((byte) 0x82).put((byte) 201).putShort((short) 13).putInt(0xCAFE);
        bb.putInt(0xDEADBEEF).put((byte) 64).put(bytes(0xff, 0xff, 0xfe)) // cumulative lost = -2
                .putInt(0x0001_0010).putInt(77).putInt(0x12345678).putInt(65536);
        bb.putInt(7).put((byte) 0).put(bytes(0, 1, 0)).putInt(5).putInt(0).putInt(0).putInt(0);
        RtcpInfo info = RtcpParser.parse(bb.array(), 0, bb.capacity());
        assertThat(info.reports()).containsExactly(
                new RtcpInfo.ReportBlock(0xDEADBEEFL, 64, -2, 0x10010, 77, 0x12345678, 65536),
                new RtcpInfo.ReportBlock(7, 0, 256, 5, 0, 0, 0));
        assertThat(info.bye()).isFalse();
    }

    @Test
    void rrThenPliThenFirThenBye() {
        ByteBuffer bb = ByteBuffer.allocate(8 + 12 + 20 + 8);
        bb.put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(9); // empty RR
        bb.put((byte) 0x81).put((byte) 206).putShort((short) 2).putInt(9).putInt(1); // PLI, RFC 4585 §6.3.1
        bb.put((byte) 0x84).put((byte) 206).putShort((short) 4).putInt(9).putInt(0) // FIR, RFC 5104 §4.3.1
                .putInt(1).put((byte) 3).put(bytes(0, 0, 0));
        bb.put((byte) 0x81).put((byte) 203).putShort((short) 1).putInt(9); // BYE
        RtcpInfo info = RtcpParser.parse(bb.array(), 0, bb.capacity());
        assertThat(info.pictureLossIndication()).isTrue();
        assertThat(info.fullIntraRequest()).isTrue();
        assertThat(info.bye()).isTrue();
        assertThat(info.reports()).isEmpty();

        RtcpInfo pliOnly = RtcpParser.parse(bb.array(), 8, 12);
        assertThat(pliOnly.pictureLossIndication()).isTrue();
        assertThat(pliOnly.fullIntraRequest()).isFalse();
        assertThat(pliOnly.bye()).isFalse();
    }

    @Test
    void malformedRtcpThrowsTypedException() {
        byte[][] bad = {
            bytes(),
            bytes(0x80, 201),
            bytes(0x40, 201, 0, 1, 0, 0, 0, 1), // version 1
            bytes(0x80, 201, 0, 2, 0, 0, 0, 1), // length past the end
            bytes(0x81, 201, 0, 1, 0, 0, 0, 1), // RC=1 but no block
            bytes(0x81, 206, 0, 0), // PLI without SSRCs
            bytes(0x84, 206, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3), // FIR FCI of 4 bytes
            bytes(0xa0, 201, 0, 1, 0, 0, 0, 5), // padding count 5 > 4
            bytes(0xa0, 201, 0, 1, 0, 0, 0, 1, 0x80, 201, 0, 1, 0, 0, 0, 1), // padding on non-final packet
            bytes(0x82, 203, 0, 1, 0, 0, 0, 1), // BYE SC=2 with one SSRC
        };
        for (byte[] b : bad) {
            assertThatThrownBy(() -> RtcpParser.parse(b, 0, b.length)).as(Arrays.toString(b))
                    .isInstanceOf(RtcpFormatException.class);
        }
        assertThatThrownBy(() -> RtcpParser.parse(new byte[8], 4, 8)).isInstanceOf(RtcpFormatException.class);
    }

    /** Fuzz: anything may come from the network; only RtcpFormatException may escape. */
    @Property
    void randomBytesThrowOnlyTypedException(@ForAll @Size(max = 80) byte[] b, @ForAll boolean forceV2) {
        if (forceV2 && b.length > 0) {
            b[0] = (byte) ((b[0] & 0x3f) | 0x80);
        }
        try {
            RtcpInfo info = RtcpParser.parse(b, 0, b.length);
            assertThat(info.reports()).isNotNull();
        } catch (RtcpFormatException expected) {
            // allowed
        }
    }

    @Test
    void ntpEpochAndFraction() {
        assertThat(NtpTime.fromEpochNanos(0)).isEqualTo(2_208_988_800L << 32);
        assertThat(NtpTime.fromEpochNanos(500_000_000L) & 0xffffffffL).as("half a second").isEqualTo(1L << 31);
        // 2020-01-01T00:00:00Z = Unix 1577836800 = NTP 3786825600 (RFC 5905 era 0)
        assertThat(NtpTime.fromEpochNanos(1_577_836_800L * 1_000_000_000L) >>> 32).isEqualTo(3_786_825_600L);
        assertThat(NtpTime.middle32(0x1122_3344_5566_7788L)).isEqualTo(0x3344_5566);
    }

    @Property
    void ntpRoundTripsWithinOneNanosecond(@ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long nanos) {
        assertThat(NtpTime.toEpochNanos(NtpTime.fromEpochNanos(nanos))).isBetween(nanos - 1, nanos + 1);
    }
}
