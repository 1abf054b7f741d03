package org.camstream.rtsp.stream;

/**
 * The first two fields of a slice header (H.264 §7.3.3): {@code first_mb_in_slice} and
 * {@code slice_type}, both ue(v) (§9.1), read from a NAL unit's payload with emulation prevention
 * bytes skipped (§7.4.1). Enough to find where a new picture starts (first_mb_in_slice == 0,
 * §7.4.1.2.4) and to see B slices (slice_type 1 or 6, Table 7-6). Reused: no allocation per call.
 */
final class SliceHeader {
    static final int B = 1;

    private byte[] buf;
    private int pos;
    private int end;
    private int zeros;
    private int current;
    private int bitsLeft;
    private int firstMb;
    private int sliceType;

    /**
     * Reads the NAL unit whose header byte is at {@code nal} (payload up to {@code end}).
     *
     * @return false when the bytes end or the fields are out of range (a damaged slice header)
     */
    boolean read(byte[] data, int nal, int end) {
        this.buf = data;
        this.pos = nal + 1;
        this.end = end;
        this.zeros = 0;
        this.bitsLeft = 0;
        firstMb = ue();
        sliceType = firstMb < 0 ? -1 : ue();
        return firstMb >= 0 && sliceType >= 0 && sliceType <= 9;
    }

    int firstMbInSlice() { return firstMb; }

    /** 0..4 (P, B, I, SP, SI); slice_type 5..9 mean the same for every slice of the picture. */
    int sliceType() { return sliceType % 5; }

    /** §9.1 Exp-Golomb; -1 when the bytes end or the code is longer than 31 bits. */
    private int ue() {
        int leadingZeros = 0;
        while (true) {
            int bit = bit();
            if (bit < 0) return -1;
            if (bit == 1) break;
            if (++leadingZeros > 31) return -1;
        }
        long value = 0;
        for (int i = 0; i < leadingZeros; i++) {
            int bit = bit();
            if (bit < 0) return -1;
            value = value << 1 | bit;
        }
        long v = (1L << leadingZeros) - 1 + value;
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private int bit() {
        if (bitsLeft == 0) {
            if (pos >= end) return -1;
            int b = buf[pos++] & 0xFF;
            if (zeros >= 2 && b == 3) { // emulation_prevention_three_byte (§7.4.1)
                zeros = 0;
                if (pos >= end) return -1;
                b = buf[pos++] & 0xFF;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            current = b;
            bitsLeft = 8;
        }
        bitsLeft--;
        return (current >> bitsLeft) & 1;
    }
}
