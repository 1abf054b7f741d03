package org.camstream.rtp;

/**
 * The H.264 {@code nal_unit_type} values a streaming server acts on (H.264 §7.4.1, Table 7-1), and the
 * RTP aggregation/fragmentation types RFC 6184 puts in the same field (RFC 6184 §5.2, Table 1). The one
 * home of these numbers for rtp and rtsp-core.
 */
public final class NalUnitType {
    /** Coded slice of a non-IDR picture. */
    public static final int NON_IDR_SLICE = 1;
    /** Coded slice data partition A (Extended profile only). */
    public static final int SLICE_DATA_PARTITION_A = 2;
    /** Coded slice of an IDR picture: decoding can start here (§3.69). */
    public static final int IDR_SLICE = 5;
    /** Supplemental enhancement information (§7.3.2.3). */
    public static final int SEI = 6;
    /** Sequence parameter set (§7.3.2.1). */
    public static final int SPS = 7;
    /** Picture parameter set (§7.3.2.2). */
    public static final int PPS = 8;
    /** Access unit delimiter (§7.3.2.4). */
    public static final int ACCESS_UNIT_DELIMITER = 9;
    /** End of sequence (§7.3.2.5). */
    public static final int END_OF_SEQUENCE = 10;
    /** End of stream (§7.3.2.6). */
    public static final int END_OF_STREAM = 11;
    /** Filler data (§7.3.2.7). */
    public static final int FILLER_DATA = 12;
    /** STAP-A: single-time aggregation packet (RFC 6184 §5.7.1). */
    public static final int STAP_A = 24;
    /** FU-A: fragmentation unit without DON (RFC 6184 §5.8). */
    public static final int FU_A = 28;
    /** FU-B: fragmentation unit with DON, interleaved mode only (RFC 6184 §5.8). */
    public static final int FU_B = 29;

    private NalUnitType() {
    }

    /** {@code nal_unit_type} of a NAL unit header byte (H.264 §7.3.1: the low five bits). */
    public static int of(byte header) {
        return header & 0x1f;
    }

    /** Whether the type is a coded slice of a picture (types 1 to 5, H.264 Table 7-1). */
    public static boolean isSlice(int type) {
        return type >= NON_IDR_SLICE && type <= IDR_SLICE;
    }

    /**
     * Whether an H.264 byte stream may carry the type: 0 and 24..31 are unspecified there (Table 7-1),
     * and RFC 6184 reuses 24..29 for its packet types, so such a unit cannot be sent as it is.
     */
    public static boolean isSendable(int type) {
        return type > 0 && type < STAP_A;
    }
}
