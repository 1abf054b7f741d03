package org.camstream.rtp;

import java.nio.ByteBuffer;

/**
 * Reads and writes the fixed RTP header (RFC 3550 §5.1) directly in byte arrays; no objects.
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC x 32)   |
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class RtpHeader {
    /** Size of the fixed header without CSRCs or extension (RFC 3550 §5.1). */
    public static final int SIZE = 12;
    /** Offset of the 16-bit sequence number in the header (RFC 3550 §5.1). */
    public static final int SEQUENCE_OFFSET = 2;
    /** Offset of the 32-bit timestamp in the header (RFC 3550 §5.1). */
    public static final int TIMESTAMP_OFFSET = 4;
    /** Offset of the 32-bit SSRC in the header (RFC 3550 §5.1). */
    public static final int SSRC_OFFSET = 8;
    /** RTP version 2 (RFC 3550 §5.1). */
    static final int VERSION = 2;

    private RtpHeader() {
    }

    /**
     * Writes a 12-byte header with V=2, P=0, X=0, CC=0.
     *
     * @return {@link #SIZE}
     */
    public static int write(byte[] dst, int off, int payloadType, boolean marker, int sequence, int timestamp,
            int ssrc) {
        if ((payloadType & ~0x7f) != 0) {
            throw new IllegalArgumentException("payload type out of range 0..127: " + payloadType);
        }
        dst[off] = (byte) (VERSION << 6); // RFC 3550 §5.1: V=2, P=0, X=0, CC=0
        dst[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        stamp(dst, off, sequence, timestamp, ssrc);
        return SIZE;
    }

    /** Rewrites only sequence number, timestamp and SSRC of an existing header, in place. */
    public static void stamp(byte[] dst, int off, int sequence, int timestamp, int ssrc) {
        dst[off + SEQUENCE_OFFSET] = (byte) (sequence >>> 8);
        dst[off + SEQUENCE_OFFSET + 1] = (byte) sequence;
        putInt(dst, off + TIMESTAMP_OFFSET, timestamp);
        putInt(dst, off + SSRC_OFFSET, ssrc);
    }

    /**
     * Rewrites sequence number, timestamp and SSRC of the header at absolute index {@code off} of a
     * (direct or heap) buffer, in place; position and limit are not changed and nothing is allocated.
     */
    public static void stamp(ByteBuffer dst, int off, int sequence, int timestamp, int ssrc) {
        dst.putShort(off + SEQUENCE_OFFSET, (short) sequence);
        dst.putInt(off + TIMESTAMP_OFFSET, timestamp);
        dst.putInt(off + SSRC_OFFSET, ssrc);
    }

    /** RTP version field (2 bits). */
    public static int version(byte[] buf, int off) {
        return (buf[off] & 0xff) >>> 6;
    }

    /** Marker bit (RFC 3550 §5.1; for H.264 the last packet of an access unit, RFC 6184 §5.1). */
    public static boolean marker(byte[] buf, int off) {
        return (buf[off + 1] & 0x80) != 0;
    }

    /** Payload type (7 bits). */
    public static int payloadType(byte[] buf, int off) {
        return buf[off + 1] & 0x7f;
    }

    /** Sequence number, 0..65535. */
    public static int sequence(byte[] buf, int off) {
        return ((buf[off + SEQUENCE_OFFSET] & 0xff) << 8) | (buf[off + SEQUENCE_OFFSET + 1] & 0xff);
    }

    /** Timestamp (unsigned 32 bits carried in an int). */
    public static int timestamp(byte[] buf, int off) {
        return getInt(buf, off + TIMESTAMP_OFFSET);
    }

    /** SSRC (unsigned 32 bits carried in an int). */
    public static int ssrc(byte[] buf, int off) {
        return getInt(buf, off + SSRC_OFFSET);
    }

    /**
     * Length of the whole header of the packet {@code buf[off, off+len)}: 12 bytes, plus 4 per CSRC
     * (RFC 3550 §5.1 CC), plus the header extension if X is set (§5.3.1: 4-byte extension header whose
     * second 16-bit word counts 32-bit words that follow).
     *
     * @throws RtpFormatException if the packet is shorter than its header or the version is not 2
     */
    public static int headerLength(byte[] buf, int off, int len) {
        checkRange(buf, off, len);
        if (len < SIZE) {
            throw new RtpFormatException("RTP packet shorter than 12 bytes: " + len);
        }
        if (version(buf, off) != VERSION) {
            throw new RtpFormatException("RTP version " + version(buf, off) + " (expected 2, RFC 3550 §5.1)");
        }
        int hl = SIZE + 4 * (buf[off] & 0x0f);
        if ((buf[off] & 0x10) != 0) { // X bit, RFC 3550 §5.3.1
            if (len < hl + 4) {
                throw new RtpFormatException("RTP header extension truncated");
            }
            int words = ((buf[off + hl + 2] & 0xff) << 8) | (buf[off + hl + 3] & 0xff);
            hl += 4 + 4 * words;
        }
        if (hl > len) {
            throw new RtpFormatException("RTP header (" + hl + " bytes) longer than packet (" + len + ")");
        }
        return hl;
    }

    /**
     * Payload length of the packet: total minus header minus padding. RFC 3550 §5.1: if P is set, the
     * last octet counts the padding octets including itself, so it must be at least 1.
     *
     * @throws RtpFormatException on a malformed header or an impossible padding count
     */
    public static int payloadLength(byte[] buf, int off, int len) {
        int hl = headerLength(buf, off, len);
        int payload = len - hl;
        if ((buf[off] & 0x20) != 0) {
            int pad = buf[off + len - 1] & 0xff;
            if (pad == 0 || pad > payload) {
                throw new RtpFormatException("RTP padding count " + pad + " invalid for payload of " + payload);
            }
            payload -= pad;
        }
        return payload;
    }

    private static void checkRange(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new RtpFormatException("range off=" + off + " len=" + len + " outside array of " + buf.length);
        }
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
