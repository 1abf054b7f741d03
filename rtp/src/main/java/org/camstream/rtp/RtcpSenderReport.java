package org.camstream.rtp;

/**
 * Writes an RTCP sender report without report blocks (RFC 3550 §6.4.1): a sender that receives
 * nothing has RC=0, so the packet is the 8-byte header plus the 20-byte sender info. Stateless and
 * thread-safe; writes into the caller's buffer, allocates nothing.
 */
public final class RtcpSenderReport {
    /** Packet type SR (RFC 3550 §12.1). */
    static final int PT_SR = 200;
    /** Bytes written by {@link #write}. */
    public static final int SIZE = 28;

    private RtcpSenderReport() {
    }

    /**
     * Writes the SR at {@code dst[off]}.
     *
     * @param ntpTimestamp wallclock of this report in 64-bit NTP format ({@link NtpTime})
     * @param rtpTimestamp the same instant in RTP timestamp units
     * @param packetCount RTP data packets sent since starting transmission (wraps)
     * @param octetCount RTP payload octets sent (headers and padding excluded; wraps)
     * @return bytes written, {@value #SIZE}
     */
    public static int write(byte[] dst, int off, int ssrc, long ntpTimestamp, int rtpTimestamp, int packetCount,
            int octetCount) {
        if (off < 0 || off > dst.length - SIZE) {
            throw new IndexOutOfBoundsException("SR needs " + SIZE + " bytes at " + off + " of " + dst.length);
        }
        dst[off] = (byte) 0x80; // V=2, P=0, RC=0
        dst[off + 1] = (byte) PT_SR;
        dst[off + 2] = 0;
        dst[off + 3] = (byte) (SIZE / 4 - 1); // length in 32-bit words minus one (§6.4.1)
        RtpHeader.putInt(dst, off + 4, ssrc);
        RtpHeader.putInt(dst, off + 8, (int) (ntpTimestamp >>> 32)); // NTP timestamp, most significant word
        RtpHeader.putInt(dst, off + 12, (int) ntpTimestamp); // least significant word
        RtpHeader.putInt(dst, off + 16, rtpTimestamp);
        RtpHeader.putInt(dst, off + 20, packetCount);
        RtpHeader.putInt(dst, off + 24, octetCount);
        return SIZE;
    }
}
