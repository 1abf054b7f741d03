package org.camstream.h264;

import java.util.Arrays;

/**
 * Big-endian bit packer for one RBSP (raw byte sequence payload, H.264 §7.2).
 *
 * <p>Bits are gathered in a {@code long} accumulator and moved to a growable {@code byte[]}
 * four bytes at a time. No emulation prevention is done here (that is the NAL writer's job,
 * H.264 §7.4.1). After warm-up (once the buffer has grown to the largest payload) nothing is
 * allocated: {@link #reset()} keeps the buffer.
 *
 * <p>Ownership / threading: not thread-safe; one instance belongs to one encoder thread. The array
 * returned by {@link #buffer()} is the writer's own storage, valid until the next write or reset.
 */
final class BitWriter {

    /** Pending bits, right-aligned; only the low {@code pendingBits} bits are meaningful. */
    private long acc;
    /** Number of pending bits in {@link #acc}; always below 32 between calls. */
    private int pendingBits;
    private byte[] buf;
    /** Whole bytes already stored in {@link #buf}. */
    private int len;

    BitWriter(int initialCapacityBytes) {
        if (initialCapacityBytes < 0) {
            throw new IllegalArgumentException("initialCapacityBytes < 0: " + initialCapacityBytes);
        }
        buf = new byte[Math.max(16, initialCapacityBytes)];
    }

    /** Forgets everything written; keeps the buffer. */
    void reset() {
        acc = 0;
        pendingBits = 0;
        len = 0;
    }

    /**
     * H.264 §7.2 u(n): writes the low {@code bits} bits of {@code value}, most significant first.
     *
     * @param bits 0..32
     */
    void u(int bits, int value) {
        if (bits <= 0) {
            if (bits == 0) {
                return;
            }
            throw new IllegalArgumentException("bits < 0: " + bits);
        }
        if (bits > 32) {
            throw new IllegalArgumentException("bits > 32: " + bits);
        }
        long v = value & (0xFFFF_FFFFL >>> (32 - bits));
        acc = (acc << bits) | v; // pendingBits < 32, so at most 63 bits are held
        pendingBits += bits;
        if (pendingBits >= 32) {
            flush32();
        }
    }

    /** H.264 §7.2 u(1). */
    void u1(boolean flag) {
        acc = (acc << 1) | (flag ? 1 : 0);
        if (++pendingBits >= 32) {
            flush32();
        }
    }

    /**
     * H.264 §9.1 ue(v): Exp-Golomb code of {@code value} = codeNum, i.e. leadingZeroBits zeros,
     * a one and leadingZeroBits bits of codeNum + 1 - 2^leadingZeroBits (eq. 9-1).
     *
     * @param value 0 .. 2^31 - 2
     */
    void ue(int value) {
        if (value < 0 || value == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ue(v) out of range: " + value);
        }
        int x = value + 1;                                     // 1 .. 2^31 - 1
        int len = 32 - Integer.numberOfLeadingZeros(x);        // leadingZeroBits + 1
        int total = 2 * len - 1;
        if (total <= 32) {
            u(total, x);                                        // the zeros are x's leading zeros
        } else {
            u(len - 1, 0);
            u(len, x);
        }
    }

    /**
     * H.264 §9.1.1 se(v), Table 9-3: k > 0 maps to codeNum 2k - 1, k <= 0 to -2k.
     *
     * @param value -(2^30 - 1) .. 2^30 - 1 (so that codeNum stays within {@link #ue(int)}'s range)
     */
    void se(int value) {
        long codeNum = value > 0 ? 2L * value - 1 : -2L * value;
        if (codeNum > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("se(v) out of range: " + value);
        }
        ue((int) codeNum);
    }

    /** H.264 §7.3.2.11 rbsp_trailing_bits: rbsp_stop_one_bit, then zero bits up to byte alignment. */
    void trailingBits() {
        u1(true);
        int rem = pendingBits & 7;
        if (rem != 0) {
            u(8 - rem, 0);
        }
    }

    /** H.264 §7.2 byte_aligned(). */
    boolean byteAligned() {
        return (pendingBits & 7) == 0;
    }

    /** Bits written since construction or the last {@link #reset()}. */
    long bitCount() {
        return ((long) len << 3) + pendingBits;
    }

    /**
     * The writer's storage; the first {@link #byteLength()} bytes are the complete bytes written so
     * far. Call when {@link #byteAligned()} (e.g. after {@link #trailingBits()}).
     */
    byte[] buffer() {
        flushWholeBytes();
        return buf;
    }

    /** Number of complete bytes written (a trailing partial byte is not counted). */
    int byteLength() {
        return len + (pendingBits >>> 3);
    }

    private void flush32() {
        ensure(4);
        int shift = pendingBits - 32;
        int w = (int) (acc >>> shift);
        buf[len] = (byte) (w >>> 24);
        buf[len + 1] = (byte) (w >>> 16);
        buf[len + 2] = (byte) (w >>> 8);
        buf[len + 3] = (byte) w;
        len += 4;
        pendingBits = shift;
        acc &= (1L << shift) - 1;
    }

    private void flushWholeBytes() {
        while (pendingBits >= 8) {
            ensure(1);
            pendingBits -= 8;
            buf[len++] = (byte) (acc >>> pendingBits);
        }
        acc &= (1L << pendingBits) - 1;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
