package org.camstream.rtp;

/**
 * Writes an RTCP SDES packet with one chunk carrying one CNAME item (RFC 3550 §6.5, §6.5.1). A
 * compound RTCP packet must contain a CNAME (§6.1), so the server sends SR followed by this.
 * Stateless and thread-safe; allocates nothing.
 */
public final class RtcpSdes {
    /** Packet type SDES (RFC 3550 §12.1). */
    static final int PT_SDES = 202;
    /** SDES item type CNAME (RFC 3550 §6.5.1). */
    static final int ITEM_CNAME = 1;

    private RtcpSdes() {
    }

    /** Bytes {@link #writeCname} writes for a CNAME of {@code cnameLength} bytes. */
    public static int cnameLength(int cnameLength) {
        int chunk = 4 + 2 + cnameLength; // SSRC + item type + item length + text
        int nulls = 4 - (chunk % 4); // §6.5: at least one null octet ends the item list, pad to 32 bits
        return 4 + chunk + nulls;
    }

    /**
     * Writes SDES(CNAME) for {@code ssrc} at {@code dst[off]}.
     *
     * @param cnameUtf8 the CNAME in UTF-8, at most 255 bytes (§6.5: 8-bit item length)
     * @return bytes written, a multiple of 4
     */
    public static int writeCname(byte[] dst, int off, int ssrc, byte[] cnameUtf8) {
        int n = cnameUtf8.length;
        if (n > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes (RFC 3550 §6.5)");
        }
        int total = cnameLength(n);
        if (off < 0 || off > dst.length - total) {
            throw new IndexOutOfBoundsException("SDES needs " + total + " bytes at " + off + " of " + dst.length);
        }
        dst[off] = (byte) 0x81; // V=2, P=0, SC=1
        dst[off + 1] = (byte) PT_SDES;
        int words = total / 4 - 1;
        dst[off + 2] = (byte) (words >>> 8);
        dst[off + 3] = (byte) words;
        RtpHeader.putInt(dst, off + 4, ssrc);
        dst[off + 8] = ITEM_CNAME;
        dst[off + 9] = (byte) n;
        System.arraycopy(cnameUtf8, 0, dst, off + 10, n);
        for (int i = off + 10 + n; i < off + total; i++) {
            dst[i] = 0;
        }
        return total;
    }
}
