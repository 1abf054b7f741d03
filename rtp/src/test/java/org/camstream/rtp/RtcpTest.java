package org.camstream.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camstream.rtp.TestNals.bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

    /**
     * Compound packets written by this test from a generated list of parts (SR/RR with report blocks,
     * SDES, BYE, PLI, FIR; RFC 3550 §6.4-6.6, RFC 4585 §6.3.1, RFC 5104 §4.3.1) parse to exactly the
     * report blocks, BYE sources and keyframe-request targets that were written.
     */
    @Property
    void generatedCompoundPacketsParseToWhatWasWritten(@ForAll("compounds") List<Part> parts) {
        Expected e = new Expected();
        ByteBuffer bb = ByteBuffer.allocate(4096);
        for (Part part : parts) {
            part.write(bb, e);
        }
        RtcpInfo info = RtcpParser.parse(bb.array(), 0, bb.position());
        assertThat(info.reports()).isEqualTo(e.reports);
        assertThat(info.byeSources()).isEqualTo(e.bye);
        assertThat(info.bye()).isEqualTo(e.sawBye);
        assertThat(info.keyframeRequestSources()).isEqualTo(e.keyframe);
        assertThat(info.pictureLossIndication()).isEqualTo(e.sawPli);
        assertThat(info.fullIntraRequest()).isEqualTo(e.sawFir);
        for (long ssrc : e.keyframe) {
            assertThat(info.keyframeRequestedFor(ssrc)).isTrue();
        }
    }

    /**
     * Cut anywhere but at a packet boundary, the last packet's length field (RFC 3550 §6.4.1) runs past
     * the datagram: always rejected. Cut at a boundary, the prefix parses.
     */
    @Property
    void truncationInsideAPacketIsRejected(@ForAll("compounds") List<Part> parts, @ForAll int cutSeed) {
        Expected e = new Expected();
        ByteBuffer bb = ByteBuffer.allocate(4096);
        List<Integer> boundaries = new ArrayList<>();
        for (Part part : parts) {
            part.write(bb, e);
            boundaries.add(bb.position());
        }
        int cut = Math.floorMod(cutSeed, bb.position());
        if (cut == 0) {
            return; // nothing left to parse: a separate case (shorter than a header)
        }
        if (boundaries.contains(cut)) {
            assertThat(RtcpParser.parse(bb.array(), 0, cut)).isNotNull();
        } else {
            assertThatThrownBy(() -> RtcpParser.parse(bb.array(), 0, cut)).as("cut at " + cut)
                    .isInstanceOf(RtcpFormatException.class);
        }
    }

    /** Random bytes: a typed exception, or a result no larger than the datagram can hold. */
    @Property
    void randomBytesGiveATypedErrorOrWhatFitsInThem(@ForAll @Size(max = 80) byte[] b, @ForAll boolean forceV2) {
        if (forceV2 && b.length > 0) {
            b[0] = (byte) ((b[0] & 0x3f) | 0x80);
        }
        RtcpInfo info;
        try {
            info = RtcpParser.parse(b, 0, b.length);
        } catch (RtcpFormatException expected) {
            return;
        }
        // each report block takes 24 bytes (§6.4.1), each BYE source or FIR entry at least 4
        assertThat(info.reports().size() * 24).isLessThanOrEqualTo(b.length);
        assertThat(info.byeSources().size() * 4).isLessThanOrEqualTo(b.length);
        assertThat(info.keyframeRequestSources().size() * 4).isLessThanOrEqualTo(b.length);
    }

    @Provide
    Arbitrary<List<Part>> compounds() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffff_ffffL);
        Arbitrary<RtcpInfo.ReportBlock> block = Combinators.combine(u32, Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(-(1 << 23), (1 << 23) - 1), u32, u32, u32, u32)
                .as(RtcpInfo.ReportBlock::new);
        Arbitrary<Part> report = Combinators.combine(Arbitraries.of(200, 201), u32,
                block.list().ofMaxSize(3)).as(Report::new);
        Arbitrary<Part> bye = u32.list().ofMaxSize(3).map(Bye::new);
        Arbitrary<Part> pli = u32.map(Pli::new);
        Arbitrary<Part> fir = u32.list().ofMaxSize(3).map(Fir::new);
        Arbitrary<Part> sdes = u32.map(Sdes::new);
        return Arbitraries.oneOf(report, bye, pli, fir, sdes).list().ofMinSize(1).ofMaxSize(5);
    }

    /** What the written parts should parse to. */
    static final class Expected {
        final List<RtcpInfo.ReportBlock> reports = new ArrayList<>();
        final List<Long> bye = new ArrayList<>();
        final List<Long> keyframe = new ArrayList<>();
        boolean sawBye;
        boolean sawPli;
        boolean sawFir;
    }

    /** One RTCP packet of a compound packet, written by the test from the RFC figures. */
    interface Part {
        void write(ByteBuffer bb, Expected e);
    }

    /** RFC 3550 §6.4.1 (SR, sender info zeroed) and §6.4.2 (RR). */
    record Report(int type, long ssrc, List<RtcpInfo.ReportBlock> blocks) implements Part {
        public void write(ByteBuffer bb, Expected e) {
            int words = (type == 200 ? 6 : 1) + 6 * blocks.size();
            bb.put((byte) (0x80 | blocks.size())).put((byte) type).putShort((short) words).putInt((int) ssrc);
            if (type == 200) {
                bb.put(new byte[20]);
            }
            for (RtcpInfo.ReportBlock b : blocks) {
                bb.putInt((int) b.ssrc()).put((byte) b.fractionLost());
                bb.put((byte) (b.cumulativeLost() >> 16)).put((byte) (b.cumulativeLost() >> 8))
                        .put((byte) b.cumulativeLost());
                bb.putInt((int) b.highestSequence()).putInt((int) b.jitter()).putInt((int) b.lastSr())
                        .putInt((int) b.delaySinceLastSr());
            }
            e.reports.addAll(blocks);
        }
    }

    /** RFC 3550 §6.6, without a reason. */
    record Bye(List<Long> sources) implements Part {
        public void write(ByteBuffer bb, Expected e) {
            bb.put((byte) (0x80 | sources.size())).put((byte) 203).putShort((short) sources.size());
            for (long s : sources) {
                bb.putInt((int) s);
            }
            e.bye.addAll(sources);
            e.sawBye = true;
        }
    }

    /** RFC 4585 §6.1/§6.3.1: PSFB FMT=1, sender SSRC, media source SSRC, no FCI. */
    record Pli(long media) implements Part {
        public void write(ByteBuffer bb, Expected e) {
            bb.put((byte) 0x81).put((byte) 206).putShort((short) 2).putInt(0x0c0ffee).putInt((int) media);
            e.keyframe.add(media);
            e.sawPli = true;
        }
    }

    /** RFC 5104 §4.3.1.1: PSFB FMT=4, media source 0, one 8-byte FCI entry (SSRC, seq nr, reserved) each. */
    record Fir(List<Long> targets) implements Part {
        public void write(ByteBuffer bb, Expected e) {
            bb.put((byte) 0x84).put((byte) 206).putShort((short) (2 + 2 * targets.size())).putInt(0x0c0ffee).putInt(0);
            int seq = 0;
            for (long t : targets) {
                bb.putInt((int) t).put((byte) seq++).put(new byte[3]);
            }
            e.keyframe.addAll(targets);
            e.sawFir |= !targets.isEmpty();
        }
    }

    /** RFC 3550 §6.5: one chunk with CNAME "cam" and its null terminator; nothing the parser keeps. */
    record Sdes(long ssrc) implements Part {
        public void write(ByteBuffer bb, Expected e) {
            bb.put((byte) 0x81).put((byte) 202).putShort((short) 3).putInt((int) ssrc);
            bb.put((byte) 1).put((byte) 3).put((byte) 'c').put((byte) 'a').put((byte) 'm').put(new byte[3]);
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
