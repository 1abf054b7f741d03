package org.camstream.sdp;

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
        StringBuilder sb = new StringBuilder();
        for (byte[] nal : new byte[][] {sps, pps}) {
            if (nal != null) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                appendBase64(sb, nal);
            }
        }
        return sb.toString();
    }

    private static final char[] BASE64_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /**
     * Base64 of RFC 4648 §4 (standard alphabet, '=' padding). java.util.Base64 would do, but Android has
     * it only from API 26; three input bytes become four characters.
     */
    static void appendBase64(StringBuilder sb, byte[] data) {
        int i = 0;
        for (; i + 2 < data.length; i += 3) {
            int v = ((data[i] & 0xff) << 16) | ((data[i + 1] & 0xff) << 8) | (data[i + 2] & 0xff);
            sb.append(BASE64_ALPHABET[v >>> 18]).append(BASE64_ALPHABET[(v >>> 12) & 63])
                    .append(BASE64_ALPHABET[(v >>> 6) & 63]).append(BASE64_ALPHABET[v & 63]);
        }
        int rest = data.length - i;
        if (rest > 0) {
            int v = (data[i] & 0xff) << 16 | (rest == 2 ? (data[i + 1] & 0xff) << 8 : 0);
            sb.append(BASE64_ALPHABET[v >>> 18]).append(BASE64_ALPHABET[(v >>> 12) & 63]);
            sb.append(rest == 2 ? BASE64_ALPHABET[(v >>> 6) & 63] : '=').append('=');
        }
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
