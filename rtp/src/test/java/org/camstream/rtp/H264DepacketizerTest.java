package org.camstream.rtp;

import org.camstream.rtp.testing.H264Depacketizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camstream.rtp.TestNals.bytes;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6184 depacketization: reassembly, loss handling and malformed payloads. */
class H264DepacketizerTest {

    private static byte[] rtp(int seq, int ts, boolean marker, int... payload) {
        byte[] p = new byte[RtpHeader.SIZE + payload.length];
        RtpHeader.write(p, 0, 96, marker, seq, ts, 99);
        for (int i = 0; i < payload.length; i++) {
            p[RtpHeader.SIZE + i] = (byte) payload[i];
        }
        return p;
    }

    private static void push(H264Depacketizer d, byte[] pkt) {
        d.push(pkt, 0, pkt.length);
    }

    /** RFC 6184 §5.8: losing a middle FU-A fragment must drop that NAL, not splice a corrupt one. */
    @Test
    void dropsNalWhoseMiddleFuAFragmentIsLost() {
        byte[] idr = TestNals.nal(5, 3, 3000, 7);
        byte[] au = TestNals.annexB(List.of(TestNals.nal(7, 3, 10, 1), TestNals.nal(8, 3, 4, 2), idr,
                TestNals.nal(6, 0, 20, 3)));
        RtpPacketList out = new RtpPacketList(0);
        new H264Packetizer(96, 1000).packetize(au, 0, au.length, 5, out);
        // packets: STAP-A(SPS,PPS), FU-A x4 (IDR), single (SEI)
        assertThat(out.size()).isEqualTo(6);
        H264Depacketizer d = new H264Depacketizer();
        for (int i = 0; i < out.size(); i++) {
            RtpHeader.stamp(out.buffer(), out.offset(i), i, 5, 1);
            if (i != 2) { // second FU-A fragment lost
                d.push(out.buffer(), out.offset(i), out.length(i));
            }
        }
        List<byte[]> nals = d.poll();
        assertThat(nals).hasSize(3);
        assertThat(nals.get(0)[0] & 0x1f).isEqualTo(7);
        assertThat(nals.get(1)[0] & 0x1f).isEqualTo(8);
        assertThat(nals.get(2)[0] & 0x1f).isEqualTo(6);
        assertThat(d.droppedNals()).isEqualTo(1);
    }

    @Test
    void fuAWhoseStartIsLostIsDroppedOnce() {
        H264Depacketizer d = new H264Depacketizer();
        push(d, rtp(10, 1, false, 0x7c, 0x05, 1, 2)); // middle fragment, start never seen
        push(d, rtp(11, 1, false, 0x7c, 0x45, 3)); // end fragment
        push(d, rtp(12, 1, true, 0x41, 9)); // single NAL, marker
        assertThat(d.poll()).containsExactly(bytes(0x41, 9));
        assertThat(d.droppedNals()).isEqualTo(1);
    }

    @Test
    void fuAReassemblyRebuildsHeaderFromIndicatorAndFuHeader() {
        H264Depacketizer d = new H264Depacketizer();
        push(d, rtp(65535, 1, false, 0x7c, 0x85, 1, 2)); // F=0 NRI=3 FU-A; S, type 5
        push(d, rtp(0, 1, false, 0x7c, 0x05, 3)); // sequence wraps: not a gap
        push(d, rtp(1, 1, true, 0x7c, 0x45, 4));
        assertThat(d.poll()).containsExactly(bytes(0x65, 1, 2, 3, 4));
        assertThat(d.droppedNals()).isZero();
    }

    @Test
    void timestampChangeCompletesAccessUnitWithoutMarker() {
        H264Depacketizer d = new H264Depacketizer();
        push(d, rtp(1, 100, false, 0x41, 1));
        assertThat(d.poll()).isNull();
        push(d, rtp(2, 200, false, 0x41, 2));
        assertThat(d.poll()).containsExactly(bytes(0x41, 1));
        d.flush();
        assertThat(d.poll()).containsExactly(bytes(0x41, 2));
        assertThat(d.poll()).isNull();
    }

    @Test
    void stapAIsSplitIntoItsNalUnits() {
        H264Depacketizer d = new H264Depacketizer();
        push(d, rtp(1, 0, true, 0x78, 0, 2, 0x67, 0x42, 0, 1, 0x68));
        assertThat(d.poll()).containsExactly(bytes(0x67, 0x42), bytes(0x68));
    }

    @Test
    void reservedTypesAreIgnoredAndCounted() {
        H264Depacketizer d = new H264Depacketizer();
        push(d, rtp(1, 0, false, 0x00, 1));
        push(d, rtp(2, 0, false, 0x1e, 1));
        push(d, rtp(3, 0, true, 0x1f, 1));
        assertThat(d.poll()).isNull();
        assertThat(d.droppedNals()).isEqualTo(3);
    }

    /** Golden table of malformed payloads; each must raise RtpFormatException and leave state intact. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("FU-A with S and E set (RFC 6184 §5.8)", rtp(1, 0, true, 0x7c, 0xc5, 1)),
                Arguments.of("FU-A without FU header", rtp(1, 0, true, 0x7c)),
                Arguments.of("STAP-A length overrun", rtp(1, 0, true, 0x78, 0, 5, 0x67, 1)),
                Arguments.of("STAP-A truncated size field", rtp(1, 0, true, 0x78, 0, 1, 0x67, 0)),
                Arguments.of("STAP-A without units", rtp(1, 0, true, 0x78)),
                Arguments.of("STAP-A zero-size unit", rtp(1, 0, true, 0x78, 0, 0)),
                Arguments.of("STAP-B in non-interleaved mode", rtp(1, 0, true, 0x79, 0, 0, 0, 1, 0x41)),
                Arguments.of("MTAP16", rtp(1, 0, true, 0x7a, 1)),
                Arguments.of("MTAP24", rtp(1, 0, true, 0x7b, 1)),
                Arguments.of("FU-B", rtp(1, 0, true, 0x7d, 0x85, 0, 0, 1)),
                Arguments.of("empty payload", rtp(1, 0, true)),
                Arguments.of("short RTP header", Arrays.copyOf(rtp(1, 0, true), 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedPayloadsThrowTypedException(String name, byte[] pkt) {
        H264Depacketizer d = new H264Depacketizer();
        push(d, rtp(0, 0, false, 0x41, 7));
        assertThatThrownBy(() -> push(d, pkt)).isInstanceOf(RtpFormatException.class);
        push(d, rtp(1, 0, true, 0x41, 8)); // the rejected packet did not disturb reassembly
        assertThat(d.poll()).containsExactly(bytes(0x41, 7), bytes(0x41, 8));
        assertThat(d.droppedNals()).isZero();
    }

    /** Fuzz: random datagrams may only raise RtpFormatException. */
    @Property
    void randomBytesThrowOnlyTypedException(@ForAll @Size(max = 8) List<@Size(max = 64) byte[]> packets) {
        H264Depacketizer d = new H264Depacketizer();
        for (byte[] p : packets) {
            if (p.length > 0) {
                p[0] = (byte) ((p[0] & 0x3f) | 0x80); // mostly version 2 so the payload parser is reached
            }
            try {
                d.push(p, 0, p.length);
            } catch (RtpFormatException expected) {
                // the only allowed failure
            }
            d.poll();
        }
        d.flush();
        assertThat(d.droppedNals()).isNotNegative();
    }
}
