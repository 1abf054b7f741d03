package org.camstream.sdp;

import java.io.ByteArrayOutputStream;

/** Minimal MSB-first bit writer for building parameter sets in tests (H.264 §7.2, §9.1). */
final class TestBitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int cur;
    private int nbits;

    TestBitWriter u(int n, long v) {
        for (int i = n - 1; i >= 0; i--) {
            cur = (cur << 1) | (int) ((v >>> i) & 1);
            if (++nbits == 8) {
                out.write(cur);
                cur = 0;
                nbits = 0;
            }
        }
        return this;
    }

    TestBitWriter flag(boolean b) {
        return u(1, b ? 1 : 0);
    }

    /** ue(v): codeNum + 1 written with leading zeros (§9.1). */
    TestBitWriter ue(long v) {
        long x = v + 1;
        int len = 64 - Long.numberOfLeadingZeros(x);
        u(len - 1, 0);
        return u(len, x);
    }

    /** se(v): k = 2|v| - (v > 0) (§9.1.1 Table 9-3). */
    TestBitWriter se(long v) {
        return ue(v > 0 ? 2 * v - 1 : -2 * v);
    }

    /** rbsp_trailing_bits(), then NAL header + emulation prevention (§7.4.1). */
    byte[] nal(int header) {
        u(1, 1);
        while (nbits != 0) {
            u(1, 0);
        }
        byte[] rbsp = out.toByteArray();
        ByteArrayOutputStream nal = new ByteArrayOutputStream();
        nal.write(header);
        int zeros = 0;
        for (byte b : rbsp) {
            int v = b & 0xff;
            if (zeros >= 2 && v <= 3) {
                nal.write(3);
                zeros = 0;
            }
            nal.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
        return nal.toByteArray();
    }
}
