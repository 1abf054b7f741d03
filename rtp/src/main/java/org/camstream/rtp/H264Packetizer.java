package org.camstream.rtp;

/**
 * Turns one Annex-B H.264 access unit into RTP packets (RFC 6184, packetization-mode=1,
 * non-interleaved mode §6.3): single NAL unit packets (§5.6), STAP-A (§5.7.1) and FU-A (§5.8).
 *
 * <p>Policy, in stream order, one NAL unit at a time:
 * <ul>
 *   <li>A NAL unit larger than the payload limit is sent as FU-A fragments (after flushing any
 *       pending aggregate).</li>
 *   <li>A NAL unit that fits is appended to the pending STAP-A if the aggregate still fits the
 *       payload limit; otherwise the pending group is flushed and the NAL starts a new group. So
 *       SPS+PPS (and often the small IDR/P slices after them) share a packet, and a NAL that fits
 *       alone is never split because of aggregation.</li>
 *   <li>A pending group of one NAL is sent as a single NAL unit packet, of two or more as STAP-A.</li>
 * </ul>
 * NAL unit types 0 and 24..31 are unspecified in an H.264 byte stream (H.264 Table 7-1) and 24..31
 * would be mistaken for RTP aggregation/fragmentation units (RFC 6184 §5.2, Table 1), so they are
 * skipped and counted in {@link #skippedNals()}.
 *
 * <p>Headers are complete except that the sequence number and SSRC are written as 0 placeholders;
 * the server stamps sequence/timestamp/SSRC per client with {@link RtpHeader#stamp}. The marker bit
 * is set on the last packet of the access unit (RFC 6184 §5.1).
 *
 * <p>Allocation: none per call in steady state (the Annex-B cursor and aggregation bookkeeping are
 * fields; the output arena grows only when a frame is larger than any before).
 *
 * <p>Thread-safety: not thread-safe; one instance per packetizing thread.
 */
public final class H264Packetizer {
    /**
     * Default largest RTP payload. A 1500-byte Ethernet MTU over IPv6 leaves
     * 1500 − 40 (IPv6 header) − 8 (UDP) − 12 (RTP) = 1440 bytes. We keep 40 bytes of slack for
     * IPv6 extension headers, PPPoE (8) and VPN/tunnel encapsulation, hence 1400 (the value many
     * RTSP servers use, small enough to avoid IP fragmentation on common paths).
     */
    public static final int DEFAULT_MAX_PAYLOAD_SIZE = 1400;
    /** Smallest accepted payload limit: FU indicator + FU header + payload must still make progress. */
    static final int MIN_MAX_PAYLOAD_SIZE = 16;
    /** Largest accepted payload limit: the UDP maximum over IPv4 (65507) minus the RTP header. */
    static final int MAX_MAX_PAYLOAD_SIZE = 65_507 - RtpHeader.SIZE;


    private final int payloadType;
    private final int maxPayloadSize;
    private final AnnexBReader reader = new AnnexBReader();
    private final int[] pendingOff;
    private final int[] pendingLen;
    private int pendingCount;
    private int pendingStapSize;
    private long skippedNals;

    /**
     * @param payloadType dynamic RTP payload type, 0..127 (usually 96)
     * @param maxPayloadSize largest RTP payload in bytes, {@value #MIN_MAX_PAYLOAD_SIZE}..65495
     */
    public H264Packetizer(int payloadType, int maxPayloadSize) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127 (RFC 3550 §5.1), got " + payloadType);
        }
        if (maxPayloadSize < MIN_MAX_PAYLOAD_SIZE || maxPayloadSize > MAX_MAX_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("maxPayloadSize must be " + MIN_MAX_PAYLOAD_SIZE + ".."
                    + MAX_MAX_PAYLOAD_SIZE + ", got " + maxPayloadSize);
        }
        this.payloadType = payloadType;
        this.maxPayloadSize = maxPayloadSize;
        // each aggregated unit takes at least 3 bytes (16-bit size + 1-byte NAL header)
        int cap = maxPayloadSize / 3 + 1;
        pendingOff = new int[cap];
        pendingLen = new int[cap];
    }

    /** The payload limit this packetizer honours. */
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    /** Number of NAL units skipped so far because their type (0, 24..31) cannot be sent. */
    public long skippedNals() {
        return skippedNals;
    }

    /**
     * Appends the RTP packets of one Annex-B access unit to {@code out} (which the caller clears).
     * All packets carry {@code rtpTimestamp}; the last one carries the marker bit. An access unit
     * without NAL units appends nothing.
     */
    public void packetize(byte[] au, int off, int len, int rtpTimestamp, RtpPacketList out) {
        int first = out.size();
        reader.reset(au, off, len);
        pendingCount = 0;
        pendingStapSize = 1; // STAP-A NAL header, RFC 6184 §5.7.1
        while (reader.next()) {
            int type = reader.nalType();
            if (!NalUnitType.isSendable(type)) {
                skippedNals++;
                continue;
            }
            int nalOff = reader.nalOffset();
            int nalLen = reader.nalLength();
            if (nalLen > maxPayloadSize) {
                flush(au, rtpTimestamp, out);
                fragment(au, nalOff, nalLen, rtpTimestamp, out);
            } else {
                if (pendingCount > 0 && pendingStapSize + 2 + nalLen > maxPayloadSize) {
                    flush(au, rtpTimestamp, out);
                }
                pendingOff[pendingCount] = nalOff;
                pendingLen[pendingCount] = nalLen;
                pendingCount++;
                pendingStapSize += 2 + nalLen; // 16-bit NALU size + NAL, RFC 6184 §5.7.1 Figure 7
            }
        }
        flush(au, rtpTimestamp, out);
        if (out.size() > first) {
            out.setMarker(out.size() - 1); // RFC 6184 §5.1: marker on the last packet of the access unit
        }
    }

    private void flush(byte[] au, int ts, RtpPacketList out) {
        if (pendingCount == 1) {
            // RFC 6184 §5.6: single NAL unit packet, payload = the NAL unit incl. its header
            int len = pendingLen[0];
            int p = out.reserve(RtpHeader.SIZE + len);
            byte[] b = out.buffer();
            RtpHeader.write(b, p, payloadType, false, 0, ts, 0);
            System.arraycopy(au, pendingOff[0], b, p + RtpHeader.SIZE, len);
            out.commit(RtpHeader.SIZE + len);
        } else if (pendingCount > 1) {
            int p = out.reserve(RtpHeader.SIZE + pendingStapSize);
            byte[] b = out.buffer();
            RtpHeader.write(b, p, payloadType, false, 0, ts, 0);
            int q = p + RtpHeader.SIZE + 1;
            int f = 0;
            int nri = 0;
            for (int i = 0; i < pendingCount; i++) {
                int hdr = au[pendingOff[i]] & 0xff;
                f |= hdr & 0x80;
                nri = Math.max(nri, hdr & 0x60);
                int len = pendingLen[i];
                b[q] = (byte) (len >>> 8);
                b[q + 1] = (byte) len;
                System.arraycopy(au, pendingOff[i], b, q + 2, len);
                q += 2 + len;
            }
            // RFC 6184 §5.7: F = OR of the aggregated F bits, NRI = maximum of their NRIs, type 24
            b[p + RtpHeader.SIZE] = (byte) (f | nri | NalUnitType.STAP_A);
            out.commit(q - p);
        }
        pendingCount = 0;
        pendingStapSize = 1;
    }

    private void fragment(byte[] au, int nalOff, int nalLen, int ts, RtpPacketList out) {
        int hdr = au[nalOff] & 0xff;
        // RFC 6184 §5.8: FU indicator carries the NAL's F and NRI with type 28; FU header carries
        // S/E/R=0 and the NAL's type. The NAL header byte itself is not transmitted.
        byte indicator = (byte) ((hdr & 0xe0) | NalUnitType.FU_A);
        int chunk = maxPayloadSize - 2;
        int pos = nalOff + 1;
        int remaining = nalLen - 1;
        boolean start = true;
        while (remaining > 0) {
            int n = Math.min(chunk, remaining);
            boolean end = n == remaining;
            int p = out.reserve(RtpHeader.SIZE + 2 + n);
            byte[] b = out.buffer();
            RtpHeader.write(b, p, payloadType, false, 0, ts, 0);
            b[p + RtpHeader.SIZE] = indicator;
            b[p + RtpHeader.SIZE + 1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | NalUnitType.of(au[nalOff]));
            System.arraycopy(au, pos, b, p + RtpHeader.SIZE + 2, n);
            out.commit(RtpHeader.SIZE + 2 + n);
            pos += n;
            remaining -= n;
            start = false;
        }
    }
}
