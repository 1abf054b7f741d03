package org.camstream.sdp;

/**
 * Bit reader over the RBSP of one NAL unit: the payload after the 1-byte NAL header with emulation
 * prevention bytes removed (H.264 §7.4.1: in {@code 00 00 03}, the {@code 03} is dropped).
 * Reads fixed-length fields (§7.2 u(n)) and Exp-Golomb codes (§9.1 ue(v), §9.1.1 se(v)).
 * Every read past the end throws {@link SpsFormatException}. Not thread-safe; short-lived.
 */
final class RbspReader {
    private final byte[] rbsp;
    private final int bitLength;
    private int bitPos;

    /** @param off offset of the NAL header byte; the RBSP starts after it */
    RbspReader(byte[] nal, int off, int len) {
        byte[] out = new byte[Math.max(0, len - 1)];
        int n = 0;
        int zeros = 0;
        for (int i = off + 1; i < off + len; i++) {
            int b = nal[i] & 0xff;
            if (zeros >= 2 && b == 3) {
                zeros = 0; // emulation_prevention_three_byte, H.264 §7.3.1 / §7.4.1
                continue;
            }
            out[n++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        this.rbsp = out;
        this.bitLength = n * 8;
    }

    /** u(n), H.264 §7.2: {@code n} bits, most significant first, 0 <= n <= 32, as unsigned long. */
    long u(int n) {
        if (n > bitLength - bitPos) {
            throw new SpsFormatException("SPS truncated: need " + n + " bits at bit " + bitPos + " of " + bitLength);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | ((rbsp[bitPos >>> 3] >>> (7 - (bitPos & 7))) & 1);
            bitPos++;
        }
        return v;
    }

    int u8() {
        return (int) u(8);
    }

    boolean flag() {
        return u(1) == 1;
    }

    /** ue(v), H.264 §9.1: leadingZeroBits zeros, a one, then leadingZeroBits bits. Values up to 2^32 - 2. */
    long ue() {
        int leadingZeros = 0;
        while (u(1) == 0) {
            if (++leadingZeros > 31) {
                throw new SpsFormatException("Exp-Golomb code longer than 32 bits (H.264 §9.1)");
            }
        }
        return (1L << leadingZeros) - 1 + u(leadingZeros);
    }

    /** ue(v) checked against an inclusive maximum from the semantics (§7.4.2.1.1). */
    int ue(String name, long max) {
        long v = ue();
        if (v > max) {
            throw new SpsFormatException(name + " = " + v + " exceeds " + max + " (H.264 §7.4.2.1.1)");
        }
        return (int) v;
    }

    /** se(v), H.264 §9.1.1 Table 9-3: codeNum k maps to (-1)^(k+1) * ceil(k / 2). */
    long se() {
        long k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    int bitsLeft() {
        return bitLength - bitPos;
    }
}
