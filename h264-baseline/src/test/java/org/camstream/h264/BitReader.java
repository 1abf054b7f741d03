package org.camstream.h264;

/**
 * Test-only big-endian bit reader over an RBSP, the twin of {@link BitWriter}: u(n), ue(v), se(v)
 * of H.264 §7.2 and §9.1. Written bit by bit on purpose (slow and obvious) so it shares no
 * shortcuts with the writer. Not thread-safe.
 */
final class BitReader {

    private final byte[] data;
    private final long bitLength;
    private long pos;

    BitReader(byte[] data, int byteLength) {
        this.data = data;
        this.bitLength = 8L * byteLength;
    }

    int bit() {
        if (pos >= bitLength) {
            throw new IllegalStateException("read past the end at bit " + pos);
        }
        int b = (data[(int) (pos >>> 3)] >>> (7 - (int) (pos & 7))) & 1;
        pos++;
        return b;
    }

    /** u(n), n in 0..32; the result holds the bits as an unsigned pattern (n = 32 may come back negative). */
    int u(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bit();
        }
        return v;
    }

    /** H.264 §9.1: leadingZeroBits zeros, a one, then codeNum = 2^leadingZeroBits - 1 + read_bits(leadingZeroBits). */
    int ue() {
        int leadingZeroBits = 0;
        while (bit() == 0) {
            leadingZeroBits++;
            if (leadingZeroBits > 31) {
                throw new IllegalStateException("Exp-Golomb prefix longer than 31 zeros");
            }
        }
        long codeNum = (1L << leadingZeroBits) - 1 + (u(leadingZeroBits) & 0xFFFF_FFFFL);
        return Math.toIntExact(codeNum);
    }

    /** H.264 §9.1.1, Table 9-3: codeNum k -> (-1)^(k+1) * Ceil(k / 2). */
    int se() {
        long k = ue();
        long magnitude = (k + 1) / 2;
        return (int) ((k & 1) == 1 ? magnitude : -magnitude);
    }

    long position() {
        return pos;
    }

    long bitsLeft() {
        return bitLength - pos;
    }
}
