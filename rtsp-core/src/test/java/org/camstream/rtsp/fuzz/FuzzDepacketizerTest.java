package org.camstream.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.rtp.H264Packetizer;
import org.camstream.rtp.RtpFormatException;
import org.camstream.rtp.RtpHeader;
import org.camstream.rtp.RtpPacketList;

/**
 * Fuzzes {@link H264Depacketizer} with real packet streams from {@link H264Packetizer} (single NAL,
 * STAP-A, FU-A: RFC 6184 §5.6-5.8) damaged the way networks and hostile clients damage them. The rtp
 * module already throws random datagrams at it; this target starts from valid structure so the
 * reassembly state machine is exercised deep, not just the header checks.
 *
 * <p>Invariants: under loss, duplication and reordering only (no byte edits) every NAL unit the
 * depacketizer emits is byte-identical to one that was sent (a damaged FU-A is dropped, RFC 6184
 * §5.8, never passed on half-built); under byte edits only {@link RtpFormatException} escapes and
 * no emitted NAL unit is empty.
 */
class FuzzDepacketizerTest {

    /** An access unit of NAL units with the given header bytes and sizes (never containing start codes). */
    record Au(List<byte[]> nals) {
        byte[] annexB() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] n : nals) {
                out.writeBytes(new byte[] {0, 0, 0, 1});
                out.writeBytes(n);
            }
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<List<Au>> streams() {
        // NAL types a camera sends (H.264 Table 7-1): SPS 7, PPS 8, SEI 6, IDR 5, non-IDR 1; NRI varied.
        Arbitrary<byte[]> nal = Combinators.combine(Arbitraries.of(0x67, 0x68, 0x06, 0x65, 0x41, 0x01, 0x21),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(1, 60)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(200, 3000))),
                Arbitraries.integers()).as((h, size, seed) -> {
                    byte[] b = new byte[size];
                    b[0] = (byte) (int) h;
                    java.util.Random r = new java.util.Random(seed);
                    for (int i = 1; i < size; i++) b[i] = (byte) (1 + r.nextInt(255)); // no 00: no start codes
                    return b;
                });
        return nal.list().ofMinSize(1).ofMaxSize(5).map(Au::new).list().ofMinSize(1).ofMaxSize(6);
    }

    /** One damage to the packet sequence. */
    record Damage(int kind, int index, int other, int bytePos, int byteValue) {}

    @Provide
    Arbitrary<List<Damage>> lossDamage() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 10_000), Arbitraries.just(0), Arbitraries.just(0))
                .as(Damage::new).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Damage>> byteDamage() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 255))
                .as(Damage::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Integer> payloadSizes() {
        return Arbitraries.of(100, 200, 1400);
    }

    private static List<byte[]> packetize(List<Au> stream, int maxPayload, int seq0) {
        H264Packetizer p = new H264Packetizer(96, maxPayload);
        RtpPacketList list = new RtpPacketList(4096);
        List<byte[]> packets = new ArrayList<>();
        int seq = seq0;
        for (int i = 0; i < stream.size(); i++) {
            byte[] au = stream.get(i).annexB();
            list.clear();
            p.packetize(au, 0, au.length, i * 3000, list);
            for (int k = 0; k < list.size(); k++) {
                byte[] pkt = Arrays.copyOfRange(list.buffer(), list.offset(k), list.offset(k) + list.length(k));
                RtpHeader.stamp(pkt, 0, seq & 0xFFFF, i * 3000, 0x1234);
                seq++;
                packets.add(pkt);
            }
        }
        return packets;
    }

    private static List<byte[]> damage(List<byte[]> in, List<Damage> damages) {
        List<byte[]> out = new ArrayList<>(in);
        for (Damage d : damages) {
            if (out.isEmpty()) break;
            int i = d.index() % out.size();
            if (d.kind() >= 3 && out.get(i).length == 0) continue; // nothing left to edit in this packet
            switch (d.kind()) {
                case 0 -> out.remove(i);                                   // loss
                case 1 -> out.add(d.other() % (out.size() + 1), out.get(i)); // duplicate (RFC 3550 §5.1 allows)
                case 2 -> {                                                // reorder
                    byte[] p = out.remove(i);
                    out.add(d.other() % (out.size() + 1), p);
                }
                case 3 -> {                                                // byte edit
                    byte[] p = out.get(i).clone();
                    p[d.bytePos() % p.length] = (byte) d.byteValue();
                    out.set(i, p);
                }
                case 4 -> {                                                // truncation
                    byte[] p = out.get(i);
                    out.set(i, Arrays.copyOf(p, d.bytePos() % (p.length + 1)));
                }
                default -> {                                               // FU/STAP header bits
                    byte[] p = out.get(i).clone();
                    int at = Math.min(p.length - 1, RtpHeader.SIZE + (d.bytePos() & 1));
                    p[at] ^= (byte) (1 << (d.byteValue() & 7));
                    out.set(i, p);
                }
            }
        }
        return out;
    }

    private static List<byte[]> depacketize(List<byte[]> packets) {
        H264Depacketizer d = new H264Depacketizer();
        List<byte[]> nals = new ArrayList<>();
        for (byte[] p : packets) {
            try {
                d.push(p, 0, p.length);
            } catch (RtpFormatException expected) {
                // the only failure allowed
            }
            List<byte[]> au;
            while ((au = d.poll()) != null) nals.addAll(au);
        }
        d.flush();
        List<byte[]> au;
        while ((au = d.poll()) != null) nals.addAll(au);
        return nals;
    }

    @Property
    void lossDuplicationAndReorderingNeverYieldACorruptNal(@ForAll("streams") List<Au> stream,
            @ForAll("payloadSizes") int maxPayload, @ForAll("lossDamage") List<Damage> damages,
            @ForAll int seq0) {
        Set<String> sent = new HashSet<>();
        for (Au au : stream) for (byte[] n : au.nals()) sent.add(Arrays.toString(n));
        List<byte[]> packets = packetize(stream, maxPayload, seq0);
        List<byte[]> got = depacketize(damage(packets, damages));
        for (byte[] n : got) {
            assertThat(sent).as("emitted NAL unit (type %d, %d bytes) was sent", n[0] & 0x1F, n.length)
                    .contains(Arrays.toString(n));
        }
        if (damages.isEmpty()) {
            List<byte[]> all = new ArrayList<>();
            for (Au au : stream) all.addAll(au.nals());
            assertThat(got).hasSameSizeAs(all);
            for (int i = 0; i < all.size(); i++) assertThat(got.get(i)).isEqualTo(all.get(i));
        }
    }

    @Property
    void byteEditsOnlyRaiseTheTypedError(@ForAll("streams") List<Au> stream,
            @ForAll("payloadSizes") int maxPayload, @ForAll("byteDamage") List<Damage> damages,
            @ForAll int seq0) {
        List<byte[]> got = depacketize(damage(packetize(stream, maxPayload, seq0), damages));
        for (byte[] n : got) {
            assertThat(n.length).isPositive();
        }
    }
}
