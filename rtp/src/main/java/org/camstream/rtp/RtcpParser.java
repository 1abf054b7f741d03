package org.camstream.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a compound RTCP packet received from a client (RFC 3550 §6.1) into an {@link RtcpInfo}.
 *
 * <p>Understood: SR and RR report blocks (§6.4.1, §6.4.2), BYE (§6.6), payload-specific feedback
 * (PT=206, RFC 4585 §6.1) PLI (FMT=1, §6.3.1) and FIR (FMT=4, RFC 5104 §4.3.1). SDES, APP, RTPFB
 * and unknown packet types are skipped by their length. The rule that a compound packet starts with
 * SR/RR (§6.1) is not enforced, because reduced-size RTCP (RFC 5506) sends lone feedback packets.
 *
 * <p>Structural errors (version not 2, length running past the datagram, counts that do not fit,
 * padding on a non-final packet or with an impossible count, §A.2) throw {@link RtcpFormatException};
 * nothing else escapes. Stateless and thread-safe.
 */
public final class RtcpParser {
    static final int PT_SR = 200;
    static final int PT_RR = 201;
    static final int PT_BYE = 203;
    static final int PT_PSFB = 206;
    static final int FMT_PLI = 1;
    static final int FMT_FIR = 4;
    private static final int REPORT_BLOCK_SIZE = 24;

    private RtcpParser() {
    }

    /**
     * Parses {@code buf[off, off+len)}.
     *
     * @throws RtcpFormatException if the datagram is not a well-formed compound RTCP packet
     */
    public static RtcpInfo parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new RtcpFormatException("range outside buffer");
        }
        if (len < 4) {
            throw new RtcpFormatException("RTCP packet shorter than its 4-byte header");
        }
        List<RtcpInfo.ReportBlock> reports = new ArrayList<>();
        boolean bye = false;
        boolean pli = false;
        boolean fir = false;
        List<Long> byeSources = new ArrayList<>();
        List<Long> keyframeTargets = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < 4) {
                throw new RtcpFormatException("trailing bytes shorter than an RTCP header");
            }
            int b0 = buf[p] & 0xff;
            if (b0 >>> 6 != 2) {
                throw new RtcpFormatException("RTCP version " + (b0 >>> 6) + " (expected 2, RFC 3550 §6.4.1)");
            }
            int count = b0 & 0x1f; // RC, SC or FMT
            int pt = buf[p + 1] & 0xff;
            int size = 4 * ((((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff)) + 1); // §6.4.1 length
            if (size > end - p) {
                throw new RtcpFormatException("RTCP packet length " + size + " exceeds datagram");
            }
            int body = size; // bytes of this packet excluding padding
            if ((b0 & 0x20) != 0) {
                if (p + size != end) {
                    throw new RtcpFormatException("padding on a non-final RTCP packet (RFC 3550 §A.2)");
                }
                int pad = buf[p + size - 1] & 0xff;
                if (pad == 0 || pad > size - 4) {
                    throw new RtcpFormatException("invalid RTCP padding count " + pad);
                }
                body = size - pad;
            }
            if (pt == PT_SR) {
                readBlocks(buf, p, body, 28, count, reports); // header+SSRC+20-byte sender info
            } else if (pt == PT_RR) {
                readBlocks(buf, p, body, 8, count, reports); // header+SSRC
            } else if (pt == PT_BYE) {
                if (4 + 4 * count > body) {
                    throw new RtcpFormatException("BYE source count " + count + " exceeds packet (RFC 3550 §6.6)");
                }
                for (int i = 0; i < count; i++) {
                    byeSources.add(u32(buf, p + 4 + 4 * i));
                }
                bye = true;
            } else if (pt == PT_PSFB) {
                if (body < 12) { // header + sender SSRC + media SSRC, RFC 4585 §6.1
                    throw new RtcpFormatException("feedback packet shorter than 12 bytes (RFC 4585 §6.1)");
                }
                if (count == FMT_PLI) {
                    pli = true; // RFC 4585 §6.3.1: PLI has no FCI; its target is the media source SSRC
                    keyframeTargets.add(u32(buf, p + 8));
                } else if (count == FMT_FIR) {
                    int fci = body - 12;
                    if (fci % 8 != 0) {
                        throw new RtcpFormatException("FIR FCI not a multiple of 8 bytes (RFC 5104 §4.3.1.1)");
                    }
                    for (int q = p + 12; q < p + body; q += 8) {
                        keyframeTargets.add(u32(buf, q)); // RFC 5104 §4.3.1.1: SSRC, seq nr, reserved
                    }
                    fir |= fci > 0;
                }
            } // SDES, APP, RTPFB, unknown: skipped by length
            p += size;
        }
        return new RtcpInfo(reports, bye, pli, fir, byeSources, keyframeTargets);
    }

    private static void readBlocks(byte[] buf, int p, int body, int fixed, int count,
            List<RtcpInfo.ReportBlock> out) {
        if (fixed + REPORT_BLOCK_SIZE * count > body) {
            throw new RtcpFormatException(count + " report blocks do not fit in " + body + " bytes (RFC 3550 §6.4)");
        }
        int q = p + fixed;
        for (int i = 0; i < count; i++, q += REPORT_BLOCK_SIZE) {
            int lost = ((buf[q + 5] & 0xff) << 16) | ((buf[q + 6] & 0xff) << 8) | (buf[q + 7] & 0xff);
            lost = (lost << 8) >> 8; // cumulative number of packets lost is 24-bit signed (§6.4.1)
            out.add(new RtcpInfo.ReportBlock(
                    u32(buf, q), buf[q + 4] & 0xff, lost, u32(buf, q + 8), u32(buf, q + 12),
                    u32(buf, q + 16), u32(buf, q + 20)));
        }
    }

    private static long u32(byte[] b, int off) {
        return RtpHeader.getInt(b, off) & 0xffff_ffffL;
    }
}
