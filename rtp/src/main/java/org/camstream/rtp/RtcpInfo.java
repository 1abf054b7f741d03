package org.camstream.rtp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a compound RTCP packet from a client said, as far as a sender cares. Immutable and thread-safe.
 */
public final class RtcpInfo {
    private final List<ReportBlock> reports;
    private final boolean bye;
    private final boolean pictureLossIndication;
    private final boolean fullIntraRequest;
    private final List<Long> byeSources;
    private final List<Long> keyframeRequestSources;

    /** A packet with only these flags (no BYE sources, no keyframe-request targets). */
    public RtcpInfo(List<ReportBlock> reports, boolean bye, boolean pictureLossIndication, boolean fullIntraRequest) {
        this(reports, bye, pictureLossIndication, fullIntraRequest, Collections.<Long>emptyList(),
                Collections.<Long>emptyList());
    }

    /**
     * @param reports report blocks from SR/RR packets (RFC 3550 §6.4.1-6.4.2), in packet order
     * @param bye a BYE packet was present (RFC 3550 §6.6)
     * @param pictureLossIndication a PLI was present (RFC 4585 §6.3.1)
     * @param fullIntraRequest a FIR with at least one entry was present (RFC 5104 §4.3.1)
     * @param byeSources the SSRC/CSRCs the BYE packets name (RFC 3550 §6.6)
     * @param keyframeRequestSources the media sources the PLIs (media source SSRC, RFC 4585 §6.1) and FIR
     *        entries (FCI SSRC, RFC 5104 §4.3.1.1) ask a decoder refresh of, as unsigned 32-bit values
     */
    public RtcpInfo(List<ReportBlock> reports, boolean bye, boolean pictureLossIndication, boolean fullIntraRequest,
            List<Long> byeSources, List<Long> keyframeRequestSources) {
        this.reports = Collections.unmodifiableList(new ArrayList<>(reports));
        this.bye = bye;
        this.pictureLossIndication = pictureLossIndication;
        this.fullIntraRequest = fullIntraRequest;
        this.byeSources = Collections.unmodifiableList(new ArrayList<>(byeSources));
        this.keyframeRequestSources = Collections.unmodifiableList(new ArrayList<>(keyframeRequestSources));
    }

    /** Report blocks from SR/RR packets (RFC 3550 §6.4.1-6.4.2), in packet order. */
    public List<ReportBlock> reports() {
        return reports;
    }

    /** A BYE packet was present (RFC 3550 §6.6). */
    public boolean bye() {
        return bye;
    }

    /** A PLI was present (RFC 4585 §6.3.1). */
    public boolean pictureLossIndication() {
        return pictureLossIndication;
    }

    /** A FIR with at least one entry was present (RFC 5104 §4.3.1). */
    public boolean fullIntraRequest() {
        return fullIntraRequest;
    }

    /** The sources the BYE packets name (RFC 3550 §6.6), unsigned 32-bit values. */
    public List<Long> byeSources() {
        return byeSources;
    }

    /** The media sources the PLIs and FIR entries ask a decoder refresh of, unsigned 32-bit values. */
    public List<Long> keyframeRequestSources() {
        return keyframeRequestSources;
    }

    /**
     * Whether a PLI or FIR asks for a keyframe of the media source {@code ssrc} (our sender SSRC). A PLI
     * names its target in the media source field (RFC 4585 §6.1), a FIR in each FCI entry (RFC 5104
     * §4.3.1.1; its media source field is 0); a request for another SSRC is for someone else.
     */
    public boolean keyframeRequestedFor(long ssrc) {
        return keyframeRequestSources.contains(ssrc & 0xffff_ffffL);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RtcpInfo)) {
            return false;
        }
        RtcpInfo r = (RtcpInfo) o;
        return bye == r.bye && pictureLossIndication == r.pictureLossIndication
                && fullIntraRequest == r.fullIntraRequest && reports.equals(r.reports)
                && byeSources.equals(r.byeSources) && keyframeRequestSources.equals(r.keyframeRequestSources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reports, bye, pictureLossIndication, fullIntraRequest, byeSources,
                keyframeRequestSources);
    }

    @Override
    public String toString() {
        return "RtcpInfo[reports=" + reports + ", bye=" + bye + ", pli=" + pictureLossIndication + ", fir="
                + fullIntraRequest + ", byeSources=" + byeSources + ", keyframeRequestSources="
                + keyframeRequestSources + "]";
    }

    /** One reception report block (RFC 3550 §6.4.1). Unsigned 32-bit fields are widened to long. */
    public static final class ReportBlock {
        private final long ssrc;
        private final int fractionLost;
        private final int cumulativeLost;
        private final long highestSequence;
        private final long jitter;
        private final long lastSr;
        private final long delaySinceLastSr;

        /**
         * @param ssrc source this block reports on
         * @param fractionLost fraction lost since the last report, in 1/256 units (0..255)
         * @param cumulativeLost cumulative packets lost (24-bit signed)
         * @param highestSequence extended highest sequence number received
         * @param jitter interarrival jitter in RTP timestamp units
         * @param lastSr middle 32 bits of the last SR's NTP timestamp (LSR), 0 if none
         * @param delaySinceLastSr delay since that SR in 1/65536 s (DLSR)
         */
        public ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                long lastSr, long delaySinceLastSr) {
            this.ssrc = ssrc;
            this.fractionLost = fractionLost;
            this.cumulativeLost = cumulativeLost;
            this.highestSequence = highestSequence;
            this.jitter = jitter;
            this.lastSr = lastSr;
            this.delaySinceLastSr = delaySinceLastSr;
        }

        /** Source this block reports on. */
        public long ssrc() {
            return ssrc;
        }

        /** Fraction lost since the last report, in 1/256 units (0..255). */
        public int fractionLost() {
            return fractionLost;
        }

        /** Cumulative packets lost (24-bit signed). */
        public int cumulativeLost() {
            return cumulativeLost;
        }

        /** Extended highest sequence number received. */
        public long highestSequence() {
            return highestSequence;
        }

        /** Interarrival jitter in RTP timestamp units. */
        public long jitter() {
            return jitter;
        }

        /** Middle 32 bits of the last SR's NTP timestamp (LSR), 0 if none. */
        public long lastSr() {
            return lastSr;
        }

        /** Delay since that SR in 1/65536 s (DLSR). */
        public long delaySinceLastSr() {
            return delaySinceLastSr;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof ReportBlock)) {
                return false;
            }
            ReportBlock b = (ReportBlock) o;
            return ssrc == b.ssrc && fractionLost == b.fractionLost && cumulativeLost == b.cumulativeLost
                    && highestSequence == b.highestSequence && jitter == b.jitter && lastSr == b.lastSr
                    && delaySinceLastSr == b.delaySinceLastSr;
        }

        @Override
        public int hashCode() {
            return Objects.hash(ssrc, fractionLost, cumulativeLost, highestSequence, jitter, lastSr, delaySinceLastSr);
        }

        @Override
        public String toString() {
            return "ReportBlock[ssrc=" + ssrc + ", fractionLost=" + fractionLost + ", cumulativeLost="
                    + cumulativeLost + ", highestSequence=" + highestSequence + ", jitter=" + jitter + ", lastSr="
                    + lastSr + ", delaySinceLastSr=" + delaySinceLastSr + "]";
        }
    }
}
