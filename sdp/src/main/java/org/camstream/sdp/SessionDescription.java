package org.camstream.sdp;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes the SDP body of an RTSP DESCRIBE response for one
 * H.264 video track (RFC 8866, RFC 6184 §8.2.1, RTSP usage per RFC 2326 Appendix C).
 *
 * <p>Output, CRLF line endings (RFC 8866 §5):
 * <pre>
 * v=0
 * o=- &lt;sess-id&gt; &lt;sess-version&gt; IN IP4|IP6 &lt;address&gt;
 * s=&lt;name&gt;
 * c=IN IP4 0.0.0.0            (IP6 :: when the origin is IPv6)
 * t=0 0
 * a=tool:camstream
 * a=range:npt=0-
 * a=control:*
 * m=video 0 RTP/AVP &lt;pt&gt;
 * a=rtpmap:&lt;pt&gt; H264/90000
 * a=fmtp:&lt;pt&gt; packetization-mode=1;profile-level-id=...;sprop-parameter-sets=...
 * a=control:&lt;track&gt;
 * a=framerate:&lt;fps&gt;          (if known)
 * a=x-dimensions:&lt;w&gt;,&lt;h&gt;    (if known)
 * </pre>
 * Choices: the connection address is the unspecified address and the port 0, since RTSP SETUP
 * negotiates the transport (RFC 2326 Appendix C.1.7 / C.1.1). {@code t=0 0} marks an unbounded
 * session (RFC 8866 §5.9). For a live stream the open-ended {@code a=range:npt=0-} is written, as
 * live555 does for live sources; ffmpeg, GStreamer and VLC then treat the duration as unknown and
 * do not offer seeking. {@code a=control:*} makes track URLs relative to the Content-Base
 * (RFC 2326 Appendix C.1.1).
 *
 * <p>The builder is not thread-safe.
 */
public final class SessionDescription {
    static final String CRLF = "\r\n";

    private SessionDescription() {
    }

    /** A new builder with session name {@code camstream} and origin {@code - 0 0 IN IP4 127.0.0.1}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent writer of one session description. */
    public static final class Builder {
        private long sessionId;
        private long version;
        private String address = "127.0.0.1";
        private String name = "camstream";
        private boolean hasTrack;
        private int payloadType;
        private String control;
        private byte[] sps;
        private byte[] pps;
        private double framerate;
        private int width;
        private int height;

        private Builder() {
        }

        /**
         * The {@code o=} line (RFC 8866 §5.2): session id and version (written unsigned) and the
         * server's unicast address; IP6 if the address contains ':', IP4 otherwise. An IPv6 zone
         * suffix ({@code %eth0}, as {@code InetAddress.getHostAddress()} adds) is dropped: SDP
         * addresses carry none (RFC 8866 §9, unicast-address grammar).
         */
        public Builder origin(long sessionId, long version, String unicastAddress) {
            this.sessionId = sessionId;
            this.version = version;
            String a = token("unicastAddress", unicastAddress);
            int zone = a.indexOf('%');
            this.address = a.indexOf(':') >= 0 && zone > 0 ? a.substring(0, zone) : a;
            return this;
        }

        /** The {@code s=} line (RFC 8866 §5.3); must not be empty. */
        public Builder sessionName(String name) {
            this.name = text("sessionName", name);
            return this;
        }

        /**
         * The H.264 media section (RFC 6184 §8.2.1).
         *
         * @param control the track's {@code a=control} URL, e.g. {@code trackID=0} or {@code streamid=0}
         * @param sps the SPS NAL unit (header included, no start code) or null if not yet known
         * @param pps the PPS NAL unit or null
         * @param framerate frames per second, or &lt;= 0 to omit {@code a=framerate}
         * @param width luma width, or &lt;= 0 (with height) to omit {@code a=x-dimensions}
         */
        public Builder h264Track(int payloadType, String control, byte[] sps, byte[] pps, double framerate,
                int width, int height) {
            if (payloadType < 0 || payloadType > 127) {
                throw new IllegalArgumentException("payload type must be 0..127, got " + payloadType);
            }
            if (Double.isNaN(framerate) || Double.isInfinite(framerate)) {
                throw new IllegalArgumentException("framerate must be finite");
            }
            this.payloadType = payloadType;
            this.control = token("control", control);
            this.sps = sps == null ? null : sps.clone();
            this.pps = pps == null ? null : pps.clone();
            this.framerate = framerate;
            this.width = width;
            this.height = height;
            this.hasTrack = true;
            return this;
        }

        /** The description, CRLF-terminated lines. */
        public String build() {
            if (!hasTrack) {
                throw new IllegalStateException("h264Track(...) not set");
            }
            boolean ip6 = address.indexOf(':') >= 0;
            String addrType = ip6 ? "IP6" : "IP4";
            StringBuilder sb = new StringBuilder(512);
            line(sb, "v=0"); // RFC 8866 §5.1
            line(sb, "o=- " + unsignedDecimal(sessionId) + " " + unsignedDecimal(version)
                    + " IN " + addrType + " " + address); // §5.2, username "-"
            line(sb, "s=" + name); // §5.3
            line(sb, "c=IN " + addrType + (ip6 ? " ::" : " 0.0.0.0")); // §5.7
            line(sb, "t=0 0"); // §5.9: unbounded
            line(sb, "a=tool:camstream"); // §6.3
            line(sb, "a=range:npt=0-"); // RFC 2326 §C.1.5, live: open-ended
            line(sb, "a=control:*"); // RFC 2326 §C.1.1
            line(sb, "m=video 0 RTP/AVP " + payloadType); // §5.14
            line(sb, "a=rtpmap:" + payloadType + " H264/90000"); // RFC 6184 §8.2.1
            line(sb, "a=fmtp:" + payloadType + " " + H264Fmtp.fmtp(payloadType, sps, pps)); // RFC 6184 §8.2.1
            line(sb, "a=control:" + control);
            if (framerate > 0) {
                line(sb, "a=framerate:" + formatRate(framerate)); // RFC 8866 §6.8
            }
            if (width > 0 && height > 0) {
                line(sb, "a=x-dimensions:" + width + "," + height); // informal, read by some players
            }
            return sb.toString();
        }

        private static void line(StringBuilder sb, String line) {
            sb.append(line).append(CRLF);
        }
    }

    /**
     * The unsigned decimal form of a 64-bit value (RFC 8866 §5.2 sess-id is a numeric string).
     * {@code Long.toUnsignedString} would do, but Android has it only from API 26.
     */
    static String unsignedDecimal(long v) {
        if (v >= 0) {
            return Long.toString(v);
        }
        long quotient = (v >>> 1) / 5; // v / 10, computed on the unsigned value
        return Long.toString(quotient) + (v - quotient * 10);
    }

    /** Up to 3 decimals, no trailing zeros, '.' separator whatever the locale: 30, 29.97, 12.5. */
    static String formatRate(double fps) {
        return new BigDecimal(fps).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String token(String what, String s) {
        if (s == null || s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(what + " must be non-empty without spaces or control characters");
        }
        return s;
    }

    private static String text(String what, String s) {
        if (s == null || s.isEmpty() || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty without CR, LF or NUL (RFC 8866 §5)");
        }
        return s;
    }
}
