package org.camstream.conformance.server;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.camstream.conformance.server.InterleavedRtspClient.RtpPacket;

/**
 * Test-side RFC 6184 depacketizer (single NAL unit §5.6, STAP-A §5.7.1, FU-A §5.8), written without
 * the product's, that also keeps the RTP framing the checks need: the access units as delimited by
 * the marker bit (§5.1), each with the timestamp all its packets share. Stateless.
 */
final class RtpAccessUnits {
    /** One access unit: the RTP timestamp of its packets and its NAL units in order. */
    record AccessUnit(long timestamp, List<NalUnit> nals) {
        boolean hasIdr() {
            return nals.stream().anyMatch(NalUnit::isIdr);
        }
    }

    private RtpAccessUnits() {}

    /**
     * Splits {@code packets} into access units at each marker bit; fails on a sequence gap, a
     * timestamp change inside an access unit, or a malformed FU-A. A trailing run without a marker
     * is ignored (incomplete).
     */
    static List<AccessUnit> split(List<RtpPacket> packets) {
        List<AccessUnit> out = new ArrayList<>();
        List<NalUnit> nals = new ArrayList<>();
        ByteArrayOutputStream fragment = null;
        Long ts = null;
        Integer lastSeq = null;
        for (RtpPacket p : packets) {
            if (lastSeq != null && p.sequence() != ((lastSeq + 1) & 0xFFFF)) {
                throw new AssertionError("RTP sequence gap: " + lastSeq + " then " + p.sequence());
            }
            lastSeq = p.sequence();
            if (ts != null && p.timestamp() != ts) {
                throw new AssertionError("RTP timestamp changed from " + ts + " to " + p.timestamp()
                        + " inside an access unit (no marker bit before it), sequence "
                        + p.sequence());
            }
            ts = p.timestamp();
            byte[] pl = p.payload();
            int type = pl[0] & 0x1F;
            if (type >= 1 && type <= 23) {
                nals.add(new NalUnit(pl));
            } else if (type == 24) { // STAP-A: NALU size (16 bits) + NAL unit, repeated
                for (int i = 1; i < pl.length; ) {
                    int size = ((pl[i] & 0xFF) << 8) | (pl[i + 1] & 0xFF);
                    nals.add(new NalUnit(java.util.Arrays.copyOfRange(pl, i + 2, i + 2 + size)));
                    i += 2 + size;
                }
            } else if (type == 28) { // FU-A: indicator, header (S, E, R, type), fragment
                boolean start = (pl[1] & 0x80) != 0;
                boolean end = (pl[1] & 0x40) != 0;
                if (start) {
                    if (fragment != null) {
                        throw new AssertionError("FU-A start inside a fragmented NAL unit, seq "
                                + p.sequence());
                    }
                    fragment = new ByteArrayOutputStream();
                    fragment.write((pl[0] & 0xE0) | (pl[1] & 0x1F));
                } else if (fragment == null) {
                    throw new AssertionError("FU-A continuation without a start, seq " + p.sequence());
                }
                fragment.write(pl, 2, pl.length - 2);
                if (end) {
                    nals.add(new NalUnit(fragment.toByteArray()));
                    fragment = null;
                }
            } else {
                throw new AssertionError("unexpected RTP H.264 payload type " + type);
            }
            if (p.marker()) {
                if (fragment != null) {
                    throw new AssertionError("marker bit inside a fragmented NAL unit, seq "
                            + p.sequence());
                }
                out.add(new AccessUnit(ts, List.copyOf(nals)));
                nals.clear();
                ts = null;
            }
        }
        return out;
    }

    /**
     * RFC 6184 §8.4 / issue 11: every access unit with an IDR slice carries {@code sps} and then
     * {@code pps} before its first slice, in the same access unit (same RTP timestamp); returns
     * how many IDR access units were checked.
     */
    static int assertEveryIdrHasParameterSets(String client, List<AccessUnit> units, NalUnit sps,
            NalUnit pps) {
        int idrs = 0;
        for (int i = 0; i < units.size(); i++) {
            AccessUnit au = units.get(i);
            if (!au.hasIdr()) {
                continue;
            }
            idrs++;
            int spsAt = au.nals().indexOf(sps);
            int ppsAt = au.nals().indexOf(pps);
            int firstSlice = -1;
            for (int k = 0; k < au.nals().size() && firstSlice < 0; k++) {
                if (au.nals().get(k).isVcl()) {
                    firstSlice = k;
                }
            }
            if (spsAt < 0 || ppsAt < 0 || spsAt > ppsAt || ppsAt > firstSlice) {
                throw new AssertionError(client + ": IDR access unit " + i + " (RTP timestamp "
                        + au.timestamp() + ") does not carry the stream's SPS then PPS before its"
                        + " first slice: " + au.nals());
            }
        }
        return idrs;
    }
}
