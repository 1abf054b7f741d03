package org.camstream.rtp;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-allocation cursor over the NAL units of an H.264 Annex-B byte stream buffer.
 *
 * <p>H.264 Annex B.2: NAL units are separated by the start code prefix {@code 00 00 01}, optionally
 * preceded by a {@code zero_byte} (4-byte form {@code 00 00 00 01}). Zero bytes between the end of a
 * NAL unit and the next start code ({@code trailing_zero_8bits}, Annex B.1) are not part of the NAL
 * unit. A NAL unit never ends in {@code 0x00} (its last byte carries {@code rbsp_stop_one_bit} or is
 * the {@code 0x03} of a cabac_zero_word, §7.4.2.10), so trimming trailing zeros is safe.
 *
 * <p>Rules: bytes before the first start code are skipped; empty NAL units (two adjacent start codes)
 * are skipped; a buffer that contains no start code at all is treated as one NAL unit spanning the
 * whole buffer (raw NAL input), unless it is empty.
 *
 * <p>NAL units are reported as (offset, length) slices of the caller's array; nothing is copied.
 *
 * <p>Thread-safety: not thread-safe; one instance per thread. The reader does not own the buffer;
 * the caller must not modify it while iterating.
 */
public final class AnnexBReader {
    private byte[] buf;
    private int end;
    private int pos;
    private int nalOff;
    private int nalLen;

    /** An unpositioned reader; call {@link #reset} before {@link #next}. */
    public AnnexBReader() {
    }

    /**
     * Points the reader at {@code buf[off, off+len)} and positions it before the first NAL unit.
     *
     * @return this reader, for chaining
     */
    public AnnexBReader reset(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " length=" + buf.length);
        }
        this.buf = buf;
        this.end = off + len;
        this.nalOff = off;
        this.nalLen = 0;
        int sc = findStartCode(buf, off, end);
        // No start code at all: the whole buffer is a single raw NAL unit (documented above).
        this.pos = sc < 0 ? -off - 1 : sc + 3;
        return this;
    }

    /** Advances to the next non-empty NAL unit; returns false when there are no more. */
    public boolean next() {
        if (pos < 0) { // raw NAL mode: one NAL unit = whole buffer
            int start = -pos - 1;
            pos = end;
            if (end > start) {
                nalOff = start;
                nalLen = end - start;
                return true;
            }
            return false;
        }
        while (pos < end) {
            int start = pos;
            int sc = findStartCode(buf, start, end);
            int stop = sc < 0 ? end : sc;
            pos = sc < 0 ? end : sc + 3;
            while (stop > start && buf[stop - 1] == 0) {
                stop--; // Annex B.1: zero_byte / trailing_zero_8bits belong to the byte stream, not the NAL
            }
            if (stop > start) {
                nalOff = start;
                nalLen = stop - start;
                return true;
            }
        }
        nalLen = 0;
        return false;
    }

    /** Offset in the buffer of the current NAL unit's first byte (the NAL header). */
    public int nalOffset() {
        return nalOff;
    }

    /** Length of the current NAL unit in bytes, header included. */
    public int nalLength() {
        return nalLen;
    }

    /** {@code nal_unit_type} of the current NAL unit (H.264 §7.3.1: header &amp; 0x1f). */
    public int nalType() {
        return NalUnitType.of(buf[nalOff]);
    }

    /**
     * Splits an Annex-B access unit ({@code position..limit} of the buffer) into NAL units, each a
     * slice sharing the input's content (no copies). The input's position and limit are not changed.
     * Same rules as the cursor, so direct buffers work too.
     */
    public static List<ByteBuffer> split(ByteBuffer accessUnit) {
        List<ByteBuffer> out = new ArrayList<>();
        int from = accessUnit.position();
        int limit = accessUnit.limit();
        int sc = findStartCode(accessUnit, from, limit);
        if (sc < 0) {
            if (limit > from) {
                out.add(slice(accessUnit, from, limit - from));
            }
            return out;
        }
        int p = sc + 3;
        while (p < limit) {
            int start = p;
            int next = findStartCode(accessUnit, start, limit);
            int stop = next < 0 ? limit : next;
            p = next < 0 ? limit : next + 3;
            while (stop > start && accessUnit.get(stop - 1) == 0) {
                stop--;
            }
            if (stop > start) {
                out.add(slice(accessUnit, start, stop - start));
            }
        }
        return out;
    }

    /**
     * {@code buf[from, from+len)} as a buffer sharing its content. ByteBuffer.slice(int, int) is Java 13;
     * the Buffer casts keep the Java 8 signatures that Android has (ByteBuffer's covariant overrides are
     * Java 9 and Android API 34).
     */
    private static ByteBuffer slice(ByteBuffer buf, int from, int len) {
        ByteBuffer d = buf.duplicate();
        ((Buffer) d).limit(from + len);
        ((Buffer) d).position(from);
        return d.slice();
    }

    /** Index of the first {@code 00 00 01} in {@code [from, end)}, or -1. */
    static int findStartCode(byte[] b, int from, int end) {
        int i = from;
        while (i + 2 < end) {
            byte third = b[i + 2];
            if (third == 1) {
                if (b[i] == 0 && b[i + 1] == 0) {
                    return i;
                }
                i += 3; // 0x01 at i+2 cannot be the first or second byte of a start code
            } else if (third != 0) {
                i += 3; // a byte other than 0/1 at i+2 rules out windows starting at i, i+1, i+2
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int findStartCode(ByteBuffer b, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (b.get(i + 2) == 1 && b.get(i) == 0 && b.get(i + 1) == 0) {
                return i;
            }
        }
        return -1;
    }
}
