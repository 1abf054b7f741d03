package org.camstream.rtp;

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

    /** Fuzz seeded by the golden packets: corrupt a few bytes; only RtpFormatException may escape. */
    @Property
    void mutatedGoldenPacketsThrowOnlyTypedException(@ForAll Golden g, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int flips) {
        RtpPacketList out = g.packetize();
        java.util.Random r = new java.util.Random(seed);
        H264Depacketizer d = new H264Depacketizer();
        for (int i = 0; i < out.size(); i++) {
            byte[] pkt = Arrays.copyOfRange(out.buffer(), out.offset(i), out.offset(i) + out.length(i));
            int len = r.nextInt(4) == 0 ? r.nextInt(pkt.length + 1) : pkt.length; // sometimes truncate
            for (int f = 0; f < flips; f++) {
                int at = r.nextInt(pkt.length);
                pkt[at] ^= (byte) (1 << r.nextInt(8));
            }
            try {
                d.push(pkt, 0, len);
            } catch (RtpFormatException expected) {
                // allowed
            }
        }
        d.flush();
        List<byte[]> au;
        while ((au = d.poll()) != null) {
            assertThat(au).allSatisfy(nal -> assertThat(nal).isNotEmpty());
        }
    }
}
