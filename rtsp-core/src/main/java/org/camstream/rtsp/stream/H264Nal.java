package org.camstream.rtsp.stream;

/**
 * The NAL unit types the server acts on (H.264 Table 7-1), in one place in rtsp-core.
 * TODO(rtp merge): replace by rtp's public {@code NalUnitType}.
 */
final class H264Nal {
    static final int IDR = 5;
    static final int SPS = 7;
    static final int PPS = 8;

    private H264Nal() {
    }

    /** nal_unit_type, the low five bits of the NAL header byte (H.264 §7.3.1). */
    static int typeOf(byte header) {
        return header & 0x1F;
    }
}
