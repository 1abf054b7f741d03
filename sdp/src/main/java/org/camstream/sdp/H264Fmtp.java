package org.camstream.sdp;

import java.util.Base64;
import java.util.Locale;

/**
 * The H.264 media type parameters carried in SDP {@code a=fmtp} (RFC 6184 §8.1). Stateless and
 * thread-safe. Parameter-set arrays hold exactly one NAL unit each, header included, no start code.
 */
public final class H264Fmtp {
    /** RFC 6184 §8.1: non-interleaved mode (single NAL, STAP-A, FU-A), what our packetizer sends. */
    static final String PACKETIZATION_MODE = "packetization-mode=1";

    private H264Fmtp() {
    }

    /**
     * {@code profile-level-id} (RFC 6184 §8.1): the SPS bytes profile_idc, constraint flags and
     * level_idc (NAL bytes 1..3) as 6 uppercase hex digits.
     *
     * @throws SpsFormatException if the range does not hold a header and those three bytes
     */
    public static String profileLevelId(byte[] sps, int off, int len) {
        if (sps == null || off < 0 || len < 4 || off > sps.length - len) {
            throw new SpsFormatException("SPS too short for profile-level-id");
        }
        int v = ((sps[off + 1] & 0xff) << 16) | ((sps[off + 2] & 0xff) << 8) | (sps[off + 3] & 0xff);
        return String.format(Locale.ROOT, "%06X", v);
    }

    /**
     * {@code sprop-parameter-sets} (RFC 6184 §8.1): base64 (RFC 4648 §4, with padding) of each
     * parameter set NAL unit, comma-separated, SPS first. Null arguments are left out.
     */
    public static String spropParameterSets(byte[] sps, byte[] pps) {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder sb = new StringBuilder();
        for (byte[] nal : new byte[][] {sps, pps}) {
            if (nal != null) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(b64.encodeToString(nal));
            }
        }
        return sb.toString();
    }

    /**
     * The format-specific parameters, without the {@code a=fmtp:<pt> } prefix:
     * {@code packetization-mode=1;profile-level-id=XXXXXX;sprop-parameter-sets=SPS,PPS}. Without an
     * SPS only {@code packetization-mode=1} (plus sprop with the PPS, if given) is written; clients
     * then learn the parameter sets in-band.
     *
     * @param payloadType the RTP payload type the parameters belong to, 0..127 (validated only; the
     *        caller writes it in the {@code a=fmtp} line)
     */
    public static String fmtp(int payloadType, byte[] sps, byte[] pps) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127, got " + payloadType);
        }
        StringBuilder sb = new StringBuilder(PACKETIZATION_MODE);
        if (sps != null) {
            sb.append(";profile-level-id=").append(profileLevelId(sps, 0, sps.length));
        }
        if (sps != null || pps != null) {
            sb.append(";sprop-parameter-sets=").append(spropParameterSets(sps, pps));
        }
        return sb.toString();
    }
}
