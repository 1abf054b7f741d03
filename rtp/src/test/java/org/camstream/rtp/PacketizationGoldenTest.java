package org.camstream.rtp;

import org.camstream.rtp.testing.H264Depacketizer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One golden table of named access units drives the packetizer (expected packet shapes worked out
 * by hand from RFC 6184 §5.6-5.8 and the documented aggregation policy), the depacketizer (round
 * trip) and the fuzz seeds (mutated packets).
 */
class PacketizationGoldenTest {

    /** A NAL of exactly {@code size} bytes (no zero bytes, so no emulation prevention). */
    static byte[] nal(int type, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 0x5a);
        b[0] = (byte) (0x60 | type);
        return b;
    }

    enum Golden {
        X264_KEYFRAME("SPS+PPS+IDR at the default limit", 1400,
                List.of(nal(7, 20), nal(8, 4), nal(5, 3000)),
                "STAP-A", "FU-A S", "FU-A", "FU-A E"), // 2999 bytes / 1398 per fragment = 3 fragments
        SMALL_P_SLICE("P slice that fits", 1400, List.of(nal(1, 1000)), "single"),
        EXACTLY_THE_LIMIT("NAL exactly the limit", 1400, List.of(nal(5, 1400)), "single"),
        ONE_OVER_THE_LIMIT("NAL one byte over", 1400, List.of(nal(5, 1401)), "FU-A S", "FU-A E"),
        TWO_SLICES_OVERFLOW("two slices that do not fit together", 1400,
                List.of(nal(1, 700), nal(1, 700)), "single", "single"), // STAP-A would be 1405
        TWO_SLICES_FIT("two slices that fit together", 1400, List.of(nal(1, 600), nal(1, 600)), "STAP-A"),
        FULL_HEADER_SET("AUD+SPS+PPS+SEI+small IDR in one STAP-A", 1400,
                List.of(nal(9, 2), nal(7, 20), nal(8, 4), nal(6, 30), nal(5, 500)), "STAP-A"),
        MINIMUM_LIMIT("limit 16 with a 20-byte SPS", 16, List.of(nal(7, 20), nal(8, 4)),
                "FU-A S", "FU-A E", "single"), // 19 bytes / 14 per fragment = 2
        ONE_BYTE_NAL("1-byte NAL (header only)", 1400, List.of(nal(1, 1)), "single");

        final String title;
        final int limit;
        final List<byte[]> nals;
        final List<String> shape;

        Golden(String title, int limit, List<byte[]> nals, String... shape) {
            this.title = title;
            this.limit = limit;
            this.nals = nals;
            this.shape = List.of(shape);
        }

        RtpPacketList packetize() {
            byte[] au = TestNals.annexB(nals);
            RtpPacketList out = new RtpPacketList(0);
            new H264Packetizer(96, limit).packetize(au, 0, au.length, 3000, out);
            for (int i = 0; i < out.size(); i++) {
                RtpHeader.stamp(out.buffer(), out.offset(i), i, 3000, 77);
            }
            return out;
        }
    }

    static String shape(byte[] b, int off) {
        int p = off + RtpHeader.SIZE;
        int type = b[p] & 0x1f;
        if (type == 24) {
            return "STAP-A";
        }
        if (type == 28) {
            int h = b[p + 1] & 0xc0;
            return h == 0x80 ? "FU-A S" : h == 0x40 ? "FU-A E" : "FU-A";
        }
        return "single";
    }

    @ParameterizedTest
    @EnumSource(Golden.class)
    void packetShapes(Golden g) {
        RtpPacketList out = g.packetize();
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            shapes.add(shape(out.buffer(), out.offset(i)));
            assertThat(out.marker(i)).as(g.title + " marker").isEqualTo(i == out.size() - 1);
        }
        assertThat(shapes).as(g.title).isEqualTo(g.shape);
    }

    @ParameterizedTest
    @EnumSource(Golden.class)
    void depacketizerRestoresTheNals(Golden g) {
        RtpPacketList out = g.packetize();
        H264Depacketizer d = new H264Depacketizer();
        for (int i = 0; i < out.size(); i++) {
            d.push(out.buffer(), out.offset(i), out.length(i));
        }
        assertThat(d.poll()).as(g.title).containsExactlyElementsOf(g.nals);
    }

    /**
     * Loss seeded by the golden packets: drop a random subset of packets (sequence numbers stamped as a
     * sender would, RFC 3550 §5.1). Expected, independently of the depacketizer: exactly the NAL units
     * all of whose packets arrived, in order (RFC 6184 §5.8: a fragmented unit missing any fragment is
     * discarded; single and aggregated units stand alone). Which packet carries which unit is read from
     * the golden shape and, for STAP-A, from the aggregation unit sizes on the wire (§5.7.1).
     */
    @Property
    void lostPacketsLoseExactlyTheNalUnitsTheyCarried(@ForAll Golden g, @ForAll long seed) {
        RtpPacketList out = g.packetize();
        java.util.Random r = new java.util.Random(seed);
        List<List<Integer>> carried = carriedNals(g, out);
        boolean[] lost = new boolean[out.size()];
        for (int i = 0; i < lost.length; i++) {
            lost[i] = r.nextInt(3) == 0;
        }
        boolean[] nalLost = new boolean[g.nals.size()];
        for (int i = 0; i < lost.length; i++) {
            if (lost[i]) {
                for (int nal : carried.get(i)) {
                    nalLost[nal] = true;
                }
            }
        }
        List<byte[]> expected = new ArrayList<>();
        for (int n = 0; n < nalLost.length; n++) {
            if (!nalLost[n]) {
                expected.add(g.nals.get(n));
            }
        }
        H264Depacketizer d = new H264Depacketizer();
        for (int i = 0; i < out.size(); i++) {
            byte[] pkt = Arrays.copyOfRange(out.buffer(), out.offset(i), out.offset(i) + out.length(i));
            RtpHeader.stamp(pkt, 0, 1000 + i, 90_000, 0x1234);
            if (!lost[i]) {
                d.push(pkt, 0, pkt.length);
            }
        }
        d.flush();
        List<byte[]> received = new ArrayList<>();
        List<byte[]> au;
        while ((au = d.poll()) != null) {
            received.addAll(au);
        }
        assertThat(received).as(g.title + " lost " + Arrays.toString(lost)).containsExactlyElementsOf(expected);
    }

    /** For each packet, the indices of the golden NAL units it carries (whole or as a fragment). */
    private static List<List<Integer>> carriedNals(Golden g, RtpPacketList out) {
        List<List<Integer>> carried = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < out.size(); i++) {
            String shape = g.shape.get(i);
            List<Integer> nals = new ArrayList<>();
            if (shape.equals("STAP-A")) {
                int p = out.offset(i) + RtpHeader.SIZE + 1; // after the STAP-A NAL header
                int end = out.offset(i) + out.length(i);
                while (p < end) { // RFC 6184 §5.7.1: 16-bit NALU size, then the unit
                    int size = ((out.buffer()[p] & 0xff) << 8) | (out.buffer()[p + 1] & 0xff);
                    nals.add(next++);
                    p += 2 + size;
                }
            } else if (shape.equals("single") || shape.equals("FU-A E")) {
                nals.add(next++);
            } else { // "FU-A S" or a middle "FU-A": the unit still being fragmented
                nals.add(next);
            }
            carried.add(nals);
        }
        assertThat(next).as(g.title + ": every unit is carried").isEqualTo(g.nals.size());
        return carried;
    }
}
