package org.camstream.conformance.server;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One NAL unit as it sits in an Annex-B byte stream, without its start code (test side).
 *
 * <p>Immutable value: the bytes are copied in and never handed out for writing.
 */
final class NalUnit {
    /** H.264 Table 7-1 nal_unit_type values the harness needs. */
    static final int NON_IDR_SLICE = 1;
    static final int IDR_SLICE = 5;
    static final int SEI = 6;
    static final int SPS = 7;
    static final int PPS = 8;
    static final int AUD = 9;

    private final byte[] bytes;

    NalUnit(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty NAL unit");
        }
        this.bytes = bytes.clone();
    }

    /** nal_unit_type, H.264 §7.3.1: the low five bits of the first byte. */
    int type() {
        return bytes[0] & 0x1f;
    }

    /** H.264 Table 7-1: types 1..5 are coded slices (VCL). */
    boolean isVcl() {
        return type() >= 1 && type() <= 5;
    }

    boolean isIdr() {
        return type() == IDR_SLICE;
    }

    boolean isParameterSet() {
        return type() == SPS || type() == PPS;
    }

    /**
     * Whether first_mb_in_slice is 0. It is the first ue(v) of the slice header (H.264 §7.3.3) and
     * ue(v) codes 0 as the single bit '1' (§9.1), so only the top bit of the byte after the NAL
     * header matters; emulation prevention (§7.4.1) cannot touch that byte.
     */
    boolean startsPicture() {
        return isVcl() && bytes.length > 1 && (bytes[1] & 0x80) != 0;
    }

    int length() {
        return bytes.length;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NalUnit other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 8));
        return "NAL(type " + type() + ", " + bytes.length + " bytes, " + head + "…)";
    }
}
