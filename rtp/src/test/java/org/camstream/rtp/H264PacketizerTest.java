package org.camstream.rtp;

import org.camstream.rtp.testing.H264Depacketizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RFC 6184 packetization (§5.6 single NAL, §5.7.1 STAP-A, §5.8 FU-A) and its round trip. */
class H264PacketizerTest {

    /**
     * depacketize(packetize(au)) == NAL units of au; no payload over the limit; exactly one marker,
     * on the last packet (RFC 6184 §5.1); one timestamp for all packets.
     */
    @Property
    void roundTripThroughDepacketizer(@ForAll("accessUnits") List<byte[]> nals,
            @ForAll @IntRange(min = 16, max = 1500) int maxPayload, @ForAll int ts) {
        byte[] au = TestNals.annexB(nals);
        assertThat(TestNals.toArrays(AnnexBReader.split(ByteBuffer.wrap(au)))).containsExactlyElementsOf(nals);
        RtpPacketList out = new RtpPacketList(16);
        new H264Packetizer(96, maxPayload).packetize(au, 0, au.length, ts, out);

        H264Depacketizer d = new H264Depacketizer();
        int markers = 0;
        for (int i = 0; i < out.size(); i++) {
            byte[] b = out.buffer();
            int off = out.offset(i);
            assertThat(out.length(i) - RtpHeader.SIZE).isBetween(1, maxPayload);
            assertThat(RtpHeader.timestamp(b, off)).isEqualTo(ts);
            assertThat(RtpHeader.payloadType(b, off)).isEqualTo(96);
            assertThat(RtpHeader.marker(b, off)).isEqualTo(out.marker(i));
            if (out.marker(i)) {
                markers++;
                assertThat(i).isEqualTo(out.size() - 1);
            }
            RtpHeader.stamp(b, off, (7000 + i) & 0xffff, ts, 1234);
            d.push(b, off, out.length(i));
        }
        assertThat(markers).isEqualTo(1);
        assertThat(d.poll()).containsExactlyElementsOf(nals);
        assertThat(d.poll()).isNull();
        assertThat(d.droppedNals()).isZero();
    }

    @Provide
    Arbitrary<List<byte[]>> accessUnits() {
        Arbitrary<Integer> type = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(7)), net.jqwik.api.Tuple.of(1, Arbitraries.just(8)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(5)), net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 23)));
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 5000)));
        Arbitrary<byte[]> nal = Combinators.combine(type, Arbitraries.integers().between(0, 3), size, Arbitraries.longs())
                .as(TestNals::nal);
        return nal.list().ofMinSize(1).ofMaxSize(10);
    }

    @Test
    void spsAndPpsAreAggregatedIntoOneStapA() {
        byte[] sps = TestNals.nal(7, 3, 12, 1);
        byte[] pps = TestNals.nal(8, 3, 4, 2);
        byte[] idr = TestNals.nal(5, 3, 3000, 3);
        RtpPacketList out = packetize(1400, sps, pps, idr);
        byte[] b = out.buffer();
        int p = out.offset(0) + RtpHeader.SIZE;
        assertThat(b[p] & 0x1f).as("STAP-A type").isEqualTo(24);
        assertThat(b[p] & 0x60).as("NRI = max of aggregated").isEqualTo(0x60);
        assertThat(((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff)).isEqualTo(sps.length);
        int q = p + 3 + sps.length;
        assertThat(((b[q] & 0xff) << 8) | (b[q + 1] & 0xff)).isEqualTo(pps.length);
        assertThat(out.length(0)).isEqualTo(RtpHeader.SIZE + 1 + 2 + sps.length + 2 + pps.length);
        assertThat(out.size()).as("STAP-A + 3 FU-A").isEqualTo(4);
    }

    @Test
    void fuAFragmentHeaderBits() {
        byte[] idr = TestNals.nal(5, 2, 1000, 9); // NRI=2 (0x40), type 5
        idr[0] |= (byte) 0x80; // F bit must be copied too
        RtpPacketList out = packetize(400, idr);
        int n = out.size();
        assertThat(n).isEqualTo((idr.length - 1 + 397) / 398);
        for (int i = 0; i < n; i++) {
            byte[] b = out.buffer();
            int p = out.offset(i) + RtpHeader.SIZE;
            assertThat(b[p] & 0xff).as("FU indicator: F, NRI, type 28").isEqualTo(0x80 | 0x40 | 28);
            int fuHeader = b[p + 1] & 0xff;
            assertThat(fuHeader & 0x80).as("S bit only on the first").isEqualTo(i == 0 ? 0x80 : 0);
            assertThat(fuHeader & 0x40).as("E bit only on the last").isEqualTo(i == n - 1 ? 0x40 : 0);
            assertThat(fuHeader & 0x20).as("R bit").isZero();
            assertThat(fuHeader & 0x1f).as("original type").isEqualTo(5);
            assertThat(out.marker(i)).isEqualTo(i == n - 1);
        }
        // the NAL header byte is not transmitted: payload bytes sum to NAL length - 1
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += out.length(i) - RtpHeader.SIZE - 2;
        }
        assertThat(sum).isEqualTo(idr.length - 1);
    }

    @Test
    void nalThatFitsAloneIsSentAsSingleNalUnitPacket() {
        byte[] a = TestNals.nal(1, 2, 900, 4);
        byte[] c = TestNals.nal(1, 2, 900, 5);
        RtpPacketList out = packetize(1400, a, c); // together they would overflow: two single packets
        assertThat(out.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            byte[] b = out.buffer();
            assertThat(b[out.offset(i) + RtpHeader.SIZE]).isEqualTo((i == 0 ? a : c)[0]);
            assertThat(out.length(i)).isEqualTo(RtpHeader.SIZE + (i == 0 ? a : c).length);
        }
    }

    @Test
    void headersCarryPlaceholdersAndHeadroomIsFree() {
        byte[] nal = TestNals.nal(5, 3, 50, 1);
        RtpPacketList out = packetize(1400, nal);
        assertThat(out.offset(0)).isGreaterThanOrEqualTo(RtpPacketList.HEADROOM);
        assertThat(RtpHeader.sequence(out.buffer(), out.offset(0))).isZero();
        assertThat(RtpHeader.ssrc(out.buffer(), out.offset(0))).isZero();
        assertThat(out.totalBytes()).isEqualTo(RtpHeader.SIZE + nal.length);
        assertThat(out.payloadBytes()).isEqualTo(nal.length);
    }

    @Test
    void packetsAreAppendedAfterExistingOnesWithHeadroomBetween() {
        RtpPacketList out = new RtpPacketList(0);
        H264Packetizer p = new H264Packetizer(96, 100);
        byte[] au1 = TestNals.annexB(List.of(TestNals.nal(5, 3, 500, 1)));
        byte[] au2 = TestNals.annexB(List.of(TestNals.nal(1, 2, 30, 2)));
        p.packetize(au1, 0, au1.length, 1, out);
        int first = out.size();
        p.packetize(au2, 0, au2.length, 2, out);
        assertThat(out.size()).isEqualTo(first + 1);
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.offset(i)).isGreaterThanOrEqualTo(out.offset(i - 1) + out.length(i - 1) + RtpPacketList.HEADROOM);
        }
        assertThat(out.marker(first - 1)).isTrue();
        assertThat(out.marker(first)).isTrue();
        assertThat(RtpHeader.timestamp(out.buffer(), out.offset(first))).isEqualTo(2);
    }

    @Test
    void reservedTypesAreSkippedAndEmptyAccessUnitYieldsNothing() {
        H264Packetizer p = new H264Packetizer(96, 1400);
        RtpPacketList out = new RtpPacketList(100);
        byte[] au = TestNals.annexB(List.of(TestNals.bytes(0x1c, 1, 2), TestNals.bytes(0x18, 5)));
        p.packetize(au, 0, au.length, 0, out);
        assertThat(out.size()).isZero();
        assertThat(p.skippedNals()).isEqualTo(2);
        p.packetize(new byte[0], 0, 0, 0, out);
        assertThat(out.size()).isZero();
    }

    @Test
    void constructorValidates() {
        assertThatThrownBy(() -> new H264Packetizer(128, 1400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Packetizer(-1, 1400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Packetizer(96, 15)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Packetizer(96, 70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new H264Packetizer(96, H264Packetizer.DEFAULT_MAX_PAYLOAD_SIZE).maxPayloadSize())
                .isLessThanOrEqualTo(1500 - 40 - 8 - 12);
    }

    /** Steady state: after warm-up, packetizing into a cleared list allocates no heap memory. */
    @Test
    void steadyStateAllocatesNothing() throws ReflectiveOperationException {
        // reflection: the test is compiled inside the product module, which reads only java.base
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        List<byte[]> nals = new ArrayList<>(List.of(TestNals.nal(7, 3, 20, 1), TestNals.nal(8, 3, 5, 2)));
        for (int i = 0; i < 4; i++) {
            nals.add(TestNals.nal(5, 3, 6000, 10 + i));
        }
        byte[] au = TestNals.annexB(nals);
        H264Packetizer p = new H264Packetizer(96, 1400);
        RtpPacketList out = new RtpPacketList(0);
        for (int i = 0; i < 50; i++) {
            out.clear();
            p.packetize(au, 0, au.length, i, out);
        }
        long tid = Thread.currentThread().getId();
        long before = (Long) allocatedBytes.invoke(mx, tid);
        for (int i = 0; i < 100; i++) {
            out.clear();
            p.packetize(au, 0, au.length, i, out);
        }
        long allocated = (Long) allocatedBytes.invoke(mx, tid) - before;
        assertThat(allocated).isLessThan(1024); // the measuring call itself may allocate a few bytes
    }

    private static RtpPacketList packetize(int max, byte[]... nals) {
        byte[] au = TestNals.annexB(List.of(nals));
        RtpPacketList out = new RtpPacketList(64);
        new H264Packetizer(96, max).packetize(au, 0, au.length, 42, out);
        return out;
    }
}
