package org.camstream.h264;

/**
 * Wraps one RBSP into an Annex-B NAL unit: 4-byte start code, NAL header, payload with emulation
 * prevention bytes.
 *
 * <p>H.264 §7.3.1 / §7.4.1: within the NAL payload, any two zero bytes followed by a byte in 0..3 get
 * an emulation_prevention_three_byte (0x03) inserted. Annex B.1: every NAL here (SPS, PPS, the single
 * slice of a picture) is preceded by a 4-byte start code (zero_byte + start_code_prefix_one_3bytes).
 * Stateless; allocation-free.
 */
final class NalWriter {
    static final int NAL_SLICE = 1;
    static final int NAL_IDR = 5;
    static final int NAL_SPS = 7;
    static final int NAL_PPS = 8;
    static final int NAL_FILLER = 12;
    /** Bytes of a filler NAL unit besides its ff_bytes: start code, header, rbsp_trailing_bits. */
    static final int FILLER_OVERHEAD = 6;

    private NalWriter() {
    }

    /** @return bytes {@link #write} produces for this RBSP (start code + header + escaped payload). */
    static int size(byte[] rbsp, int len) {
        int zeros = 0;
        int n = 5 + len;
        for (int i = 0; i < len; i++) {
            int b = rbsp[i] & 0xFF;
            if (zeros >= 2 && b <= 3) { // §7.4.1 emulation prevention
                n++;
                zeros = 0;
            }
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return n;
    }

    /**
     * Writes start code, header and escaped RBSP at {@code out[off..]}.
     *
     * @return offset after the NAL unit
     * @throws IllegalArgumentException if {@code out} has fewer than the needed bytes after off
     */
    static int write(byte[] rbsp, int len, int nalRefIdc, int nalUnitType, byte[] out, int off) {
        int need = size(rbsp, len);
        if (out.length - off < need) {
            throw new IllegalArgumentException("output buffer too small: NAL unit needs " + need
                    + " bytes at offset " + off + ", only " + (out.length - off) + " left");
        }
        int o = off;
        out[o++] = 0; // Annex B: zero_byte + start_code_prefix_one_3bytes
        out[o++] = 0;
        out[o++] = 0;
        out[o++] = 1;
        out[o++] = (byte) ((nalRefIdc << 5) | nalUnitType); // §7.3.1 forbidden_zero_bit 0, nal_ref_idc, type
        int zeros = 0;
        for (int i = 0; i < len; i++) {
            byte b = rbsp[i];
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out[o++] = 3; // emulation_prevention_three_byte
                zeros = 0;
            }
            out[o++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return o;
    }

    /**
     * Writes a filler data NAL unit (H.264 §7.3.2.7: ff_byte 0xFF repeated, then rbsp_trailing_bits;
     * nal_ref_idc 0) of {@code bytes} bytes in all, at least {@link #FILLER_OVERHEAD}. 0xFF bytes never
     * need emulation prevention (§7.4.1).
     *
     * @return offset after the NAL unit
     * @throws IllegalArgumentException if {@code out} has fewer than {@code bytes} bytes after off
     */
    static int writeFiller(int bytes, byte[] out, int off) {
        if (bytes < FILLER_OVERHEAD) throw new IllegalArgumentException("a filler NAL unit needs " + FILLER_OVERHEAD + " bytes, asked " + bytes);
        if (out.length - off < bytes) {
            throw new IllegalArgumentException("output buffer too small: filler needs " + bytes
                    + " bytes at offset " + off + ", only " + (out.length - off) + " left");
        }
        int o = off;
        out[o++] = 0;
        out[o++] = 0;
        out[o++] = 0;
        out[o++] = 1;
        out[o++] = (byte) NAL_FILLER;
        int end = off + bytes - 1;
        while (o < end) out[o++] = (byte) 0xFF;
        out[o++] = (byte) 0x80; // rbsp_stop_one_bit + alignment zeros
        return o;
    }
}
