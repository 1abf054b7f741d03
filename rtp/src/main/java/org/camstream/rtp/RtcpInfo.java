package org.camstream.rtp;

import java.util.List;

/**
 * What a compound RTCP packet from a client said, as far as a sender cares.
 *
 * @param reports report blocks from SR/RR packets (RFC 3550 §6.4.1-6.4.2), in packet order
 * @param bye a BYE packet was present (RFC 3550 §6.6)
 * @param pictureLossIndication a PLI was present (RFC 4585 §6.3.1)
 * @param fullIntraRequest a FIR with at least one entry was present (RFC 5104 §4.3.1)
 */
public record RtcpInfo(List<ReportBlock> reports, boolean bye, boolean pictureLossIndication,
        boolean fullIntraRequest) {

    public RtcpInfo {
        reports = List.copyOf(reports);
    }

    /**
     * One reception report block (RFC 3550 §6.4.1). Unsigned 32-bit fields are widened to long.
     *
     * @param ssrc source this block reports on
     * @param fractionLost fraction lost since the last report, in 1/256 units (0..255)
     * @param cumulativeLost cumulative packets lost (24-bit signed)
     * @param highestSequence extended highest sequence number received
     * @param jitter interarrival jitter in RTP timestamp units
     * @param lastSr middle 32 bits of the last SR's NTP timestamp (LSR), 0 if none
     * @param delaySinceLastSr delay since that SR in 1/65536 s (DLSR)
     */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
            long lastSr, long delaySinceLastSr) {
    }
}
