package org.camstream.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Transport header (RFC 2326 §12.39): transport specs in the client's order of
 * preference, comma separated; each {@code RTP/AVP[/UDP|/TCP]} followed by {@code ;}-separated
 * parameters.
 *
 * <p>Error choice: a header that is empty, has unbalanced quotes or non-numeric numbers is
 * <b>400</b> (syntax). A well-formed spec we cannot serve (protocol other than RTP/AVP, lower
 * transport other than UDP/TCP, port 0 or above 65535, channel above 255, UDP unicast without
 * client_port, mode other than PLAY/RECORD) is <b>461 Unsupported Transport</b>
 * (RFC 2326 §11.3.12). Such specs are dropped from the list; {@link #parse} throws only when
 * no spec survives, with the first spec's error. An odd RTP port is accepted although RFC 3550
 * §11 asks for even ones. {@code unicast}/{@code multicast} absent is taken as unicast (RFC 2326
 * says multicast, but clients that omit it mean unicast, as live555 assumes).
 *
 * <p>Immutable; thread-safe.
 *
 * <p>Public only so that {@code org.camstream.rtsp.publish} (the RECORD client) can use it until
 * issue 9's layered packages give it a non-exported home; not supported API.
 *
 * @param specs the usable specs, in preference order, never empty when parsed
 */
public record TransportHeader(List<Spec> specs) {

    /** Lower-layer transport (RFC 2326 §12.39 lower-transport). */
    public enum LowerTransport { UDP, TCP }

    /** Transport mode (RFC 2326 §12.39 "mode"); default PLAY. */
    public enum Mode { PLAY, RECORD }

    /**
     * A pair of ports or interleaved channels, {@code a-b} on the wire.
     *
     * @param rtp the RTP port/channel
     * @param rtcp the RTCP port/channel
     */
    public record PortRange(int rtp, int rtcp) {
        String format() {
            return rtp + "-" + rtcp;
        }
    }

    /**
     * One transport spec.
     *
     * @param protocol "RTP"
     * @param profile "AVP"
     * @param lowerTransport UDP unless {@code /TCP} was given
     * @param multicast true only when {@code multicast} was given
     * @param destination the destination address, or null
     * @param ttl multicast time-to-live 0..255
     * @param clientPort client RTP/RTCP ports (UDP), or null
     * @param serverPort server RTP/RTCP ports (UDP), or null
     * @param interleaved channel pair (TCP, RFC 2326 §10.12), or null (the server picks)
     * @param ssrc the SSRC (RFC 3550 §5.1), written as 8 hex digits
     * @param mode PLAY or RECORD
     * @param extra unrecognised parameters, verbatim, kept in order and written back
     */
    public record Spec(String protocol, String profile, LowerTransport lowerTransport, boolean multicast,
            String destination, OptionalInt ttl, PortRange clientPort, PortRange serverPort,
            PortRange interleaved, OptionalInt ssrc, Mode mode, List<String> extra) {

        public Spec {
            Objects.requireNonNull(protocol);
            Objects.requireNonNull(profile);
            Objects.requireNonNull(lowerTransport);
            Objects.requireNonNull(ttl);
            Objects.requireNonNull(ssrc);
            Objects.requireNonNull(mode);
            extra = List.copyOf(extra);
        }

        /** The server's answer for UDP unicast: {@code RTP/AVP;unicast;client_port=..;server_port=..}. */
        static Spec udpUnicast(PortRange clientPort, PortRange serverPort, OptionalInt ssrc) {
            return new Spec("RTP", "AVP", LowerTransport.UDP, false, null, OptionalInt.empty(),
                    clientPort, serverPort, null, ssrc, Mode.PLAY, List.of());
        }

        /** The server's answer for TCP: {@code RTP/AVP/TCP;unicast;interleaved=a-b}. */
        static Spec tcpInterleaved(PortRange channels, OptionalInt ssrc) {
            return new Spec("RTP", "AVP", LowerTransport.TCP, false, null, OptionalInt.empty(),
                    null, null, channels, ssrc, Mode.PLAY, List.of());
        }

        Spec withServerPort(PortRange p) {
            return new Spec(protocol, profile, lowerTransport, multicast, destination, ttl,
                    clientPort, p, interleaved, ssrc, mode, extra);
        }

        Spec withInterleaved(PortRange channels) {
            return new Spec(protocol, profile, lowerTransport, multicast, destination, ttl,
                    clientPort, serverPort, channels, ssrc, mode, extra);
        }

        Spec withSsrc(int newSsrc) {
            return new Spec(protocol, profile, lowerTransport, multicast, destination, ttl,
                    clientPort, serverPort, interleaved, OptionalInt.of(newSsrc), mode, extra);
        }

        /** Without the unrecognised parameters: what a server answers with. */
        Spec withoutExtra() {
            return new Spec(protocol, profile, lowerTransport, multicast, destination, ttl,
                    clientPort, serverPort, interleaved, ssrc, mode, List.of());
        }

        /** Wire form, e.g. {@code RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=1A2B3C4D;mode="PLAY"}. */
        String format() {
            StringBuilder sb = new StringBuilder(96).append(protocol).append('/').append(profile);
            if (lowerTransport == LowerTransport.TCP) {
                sb.append("/TCP");
            }
            sb.append(multicast ? ";multicast" : ";unicast");
            if (destination != null) {
                sb.append(";destination=").append(destination);
            }
            if (ttl.isPresent()) {
                sb.append(";ttl=").append(ttl.getAsInt());
            }
            if (interleaved != null) {
                sb.append(";interleaved=").append(interleaved.format());
            }
            if (clientPort != null) {
                sb.append(";client_port=").append(clientPort.format());
            }
            if (serverPort != null) {
                sb.append(";server_port=").append(serverPort.format());
            }
            if (ssrc.isPresent()) {
                sb.append(";ssrc=").append(String.format(Locale.ROOT, "%08X", ssrc.getAsInt()));
            }
            // RFC 2326 §12.39: mode = <"> *Method <"> | Method; quoted as in the RFC examples.
            sb.append(";mode=\"").append(mode.name()).append('"');
            for (String e : extra) {
                sb.append(';').append(e);
            }
            return sb.toString();
        }

        @Override
        public String toString() {
            return format();
        }
    }

    public TransportHeader {
        specs = List.copyOf(specs);
    }

    /** The most preferred usable spec. */
    public Spec first() {
        return specs.get(0);
    }

    /** Comma-separated wire form of all specs. */
    String format() {
        StringBuilder sb = new StringBuilder();
        for (Spec s : specs) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(s.format());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    /**
     * Parses a Transport header value.
     *
     * @throws HeaderFormatException 400 for syntax errors, 461 when no spec is usable
     */
    public static TransportHeader parse(String value) throws HeaderFormatException {
        if (value == null || value.isBlank()) {
            throw new HeaderFormatException(RtspStatus.BAD_REQUEST, "empty Transport");
        }
        List<Spec> specs = new ArrayList<>();
        HeaderFormatException firstError = null;
        for (String raw : splitUnquoted(value, ',')) {
            try {
                specs.add(parseSpec(raw.strip()));
            } catch (HeaderFormatException e) {
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        if (specs.isEmpty()) {
            throw firstError;
        }
        return new TransportHeader(specs);
    }

    private static Spec parseSpec(String raw) throws HeaderFormatException {
        List<String> params = splitUnquoted(raw, ';');
        // transport-protocol/profile[/lower-transport]
        String[] proto = params.get(0).strip().split("/", -1);
        if (proto.length < 2 || proto.length > 3) {
            throw unsupported("transport spec " + params.get(0));
        }
        String protocol = proto[0].strip().toUpperCase(Locale.ROOT);
        String profile = proto[1].strip().toUpperCase(Locale.ROOT);
        if (!protocol.equals("RTP") || !profile.equals("AVP")) {
            throw unsupported("only RTP/AVP is served, not " + params.get(0));
        }
        LowerTransport lower = LowerTransport.UDP;
        if (proto.length == 3) {
            String l = proto[2].strip().toUpperCase(Locale.ROOT);
            if (l.equals("TCP")) {
                lower = LowerTransport.TCP;
            } else if (!l.equals("UDP")) {
                throw unsupported("lower transport " + proto[2]);
            }
        }
        boolean multicast = false;
        String destination = null;
        OptionalInt ttl = OptionalInt.empty();
        PortRange client = null;
        PortRange server = null;
        PortRange interleaved = null;
        OptionalInt ssrc = OptionalInt.empty();
        Mode mode = Mode.PLAY;
        List<String> extra = new ArrayList<>();
        for (int i = 1; i < params.size(); i++) {
            String p = params.get(i).strip();
            if (p.isEmpty()) {
                continue; // tolerate "unicast;;client_port" and a trailing ';'
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? null : unquote(p.substring(eq + 1).strip());
            switch (name) {
                case "unicast" -> multicast = false;
                case "multicast" -> multicast = true;
                case "destination" -> destination = v;
                case "ttl" -> ttl = OptionalInt.of(number(v, 3, 0, 255, "ttl"));
                case "client_port" -> client = ports(v, "client_port");
                case "server_port" -> server = ports(v, "server_port");
                case "interleaved" -> interleaved = channels(v);
                case "ssrc" -> ssrc = OptionalInt.of(ssrc(v));
                case "mode" -> mode = mode(v);
                default -> extra.add(p);
            }
        }
        if (lower == LowerTransport.UDP && !multicast && client == null) {
            // RFC 2326 §12.39: client_port is needed to send unicast RTP over UDP.
            throw unsupported("UDP unicast without client_port");
        }
        return new Spec(protocol, profile, lower, multicast, destination, ttl, client, server,
                interleaved, ssrc, mode, extra);
    }

    /** port = 1*5(DIGIT); "a-b" or "a" meaning a, a+1 (RFC 2326 §12.39). */
    private static PortRange ports(String v, String what) throws HeaderFormatException {
        return pair(v, 5, 1, 65535, what);
    }

    /** channel = 1*3(DIGIT), one byte on the wire (RFC 2326 §10.12). */
    private static PortRange channels(String v) throws HeaderFormatException {
        return pair(v, 3, 0, 255, "interleaved");
    }

    private static PortRange pair(String v, int digits, int min, int max, String what)
            throws HeaderFormatException {
        if (v == null) {
            throw syntax(what + " without value");
        }
        int dash = v.indexOf('-');
        if (dash < 0) {
            int a = number(v, digits, min, max, what);
            if (a + 1 > max) {
                throw unsupported(what + " " + a + " leaves no room for RTCP");
            }
            return new PortRange(a, a + 1);
        }
        return new PortRange(number(v.substring(0, dash), digits, min, max, what),
                number(v.substring(dash + 1), digits, min, max, what));
    }

    private static int number(String v, int maxDigits, int min, int max, String what)
            throws HeaderFormatException {
        String s = v == null ? "" : v.strip();
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw syntax(what + " not a number: " + v);
        }
        if (s.length() > maxDigits) {
            throw unsupported(what + " out of range: " + v);
        }
        int n = Integer.parseInt(s);
        if (n < min || n > max) {
            throw unsupported(what + " out of range: " + v);
        }
        return n;
    }

    /** ssrc = 8*8(HEX) (RFC 2326 §12.39); shorter forms accepted. */
    private static int ssrc(String v) throws HeaderFormatException {
        if (v == null || v.isEmpty() || v.length() > 8
                || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw syntax("bad ssrc " + v);
        }
        return (int) Long.parseLong(v, 16);
    }

    /** mode = <"> *Method <"> | Method; case-insensitive (ffmpeg sends "record", GStreamer "PLAY"). */
    private static Mode mode(String v) throws HeaderFormatException {
        if (v == null) {
            throw syntax("mode without value");
        }
        boolean record = false;
        for (String m : v.split(",")) {
            String t = m.strip().toUpperCase(Locale.ROOT);
            if (t.equals("PLAY")) {
                return Mode.PLAY;
            }
            record |= t.equals("RECORD");
        }
        if (record) {
            return Mode.RECORD;
        }
        throw unsupported("mode " + v);
    }

    /**
     * Splits at {@code sep} outside double quotes (RFC 2326 §15.1 quoted-string; a mode list
     * {@code mode="PLAY,RECORD"} holds a comma). Shared by the typed header parsers.
     *
     * @throws HeaderFormatException 400 on an unterminated quote
     */
    static List<String> splitUnquoted(String s, char sep) throws HeaderFormatException {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        if (quoted) {
            throw syntax("unterminated quote");
        }
        out.add(s.substring(from));
        return out;
    }

    /** Removes one pair of surrounding double quotes, if present. */
    static String unquote(String s) {
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static HeaderFormatException syntax(String m) {
        return new HeaderFormatException(RtspStatus.BAD_REQUEST, m);
    }

    private static HeaderFormatException unsupported(String m) {
        return new HeaderFormatException(RtspStatus.UNSUPPORTED_TRANSPORT, m);
    }
}
