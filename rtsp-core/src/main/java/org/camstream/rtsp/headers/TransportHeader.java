package org.camstream.rtsp.headers;

import java.util.Collections;
import org.camstream.rtsp.wire.Whitespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;

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
 */
public final class TransportHeader {

    /** Lower-layer transport (RFC 2326 §12.39 lower-transport). */
    public enum LowerTransport { UDP, TCP }

    /** Transport mode (RFC 2326 §12.39 "mode"); default PLAY. */
    public enum Mode { PLAY, RECORD }

    /** A pair of ports or interleaved channels, {@code a-b} on the wire. Immutable. */
    public static final class PortRange {
        private final int rtp;
        private final int rtcp;

        /**
         * @param rtp the RTP port/channel
         * @param rtcp the RTCP port/channel
         */
        public PortRange(int rtp, int rtcp) {
            this.rtp = rtp;
            this.rtcp = rtcp;
        }

        public int rtp() {
            return rtp;
        }

        public int rtcp() {
            return rtcp;
        }

        String format() {
            return rtp + "-" + rtcp;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof PortRange)) return false;
            PortRange p = (PortRange) o;
            return rtp == p.rtp && rtcp == p.rtcp;
        }

        @Override
        public int hashCode() {
            return 65537 * rtp + rtcp;
        }

        @Override
        public String toString() {
            return format();
        }
    }

    /** One transport spec. Immutable. */
    public static final class Spec {
        private final String protocol;
        private final String profile;
        private final LowerTransport lowerTransport;
        private final boolean multicast;
        private final String destination;
        private final OptionalInt ttl;
        private final PortRange clientPort;
        private final PortRange serverPort;
        private final PortRange interleaved;
        private final OptionalInt ssrc;
        private final Mode mode;
        private final List<String> extra;

        /**
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
        public Spec(String protocol, String profile, LowerTransport lowerTransport, boolean multicast,
                    String destination, OptionalInt ttl, PortRange clientPort, PortRange serverPort,
                    PortRange interleaved, OptionalInt ssrc, Mode mode, List<String> extra) {
            this.protocol = Objects.requireNonNull(protocol);
            this.profile = Objects.requireNonNull(profile);
            this.lowerTransport = Objects.requireNonNull(lowerTransport);
            this.multicast = multicast;
            this.destination = destination;
            this.ttl = Objects.requireNonNull(ttl);
            this.clientPort = clientPort;
            this.serverPort = serverPort;
            this.interleaved = interleaved;
            this.ssrc = Objects.requireNonNull(ssrc);
            this.mode = Objects.requireNonNull(mode);
            this.extra = Collections.unmodifiableList(new ArrayList<>(extra));
        }

        /** The server's answer for UDP unicast: {@code RTP/AVP;unicast;client_port=..;server_port=..}. */
        public static Spec udpUnicast(PortRange clientPort, PortRange serverPort, OptionalInt ssrc) {
            return new Spec("RTP", "AVP", LowerTransport.UDP, false, null, OptionalInt.empty(),
                    clientPort, serverPort, null, ssrc, Mode.PLAY, Collections.<String>emptyList());
        }

        /** The server's answer for TCP: {@code RTP/AVP/TCP;unicast;interleaved=a-b}. */
        public static Spec tcpInterleaved(PortRange channels, OptionalInt ssrc) {
            return new Spec("RTP", "AVP", LowerTransport.TCP, false, null, OptionalInt.empty(),
                    null, null, channels, ssrc, Mode.PLAY, Collections.<String>emptyList());
        }

        public String protocol() {
            return protocol;
        }

        public String profile() {
            return profile;
        }

        public LowerTransport lowerTransport() {
            return lowerTransport;
        }

        public boolean multicast() {
            return multicast;
        }

        public String destination() {
            return destination;
        }

        public OptionalInt ttl() {
            return ttl;
        }

        public PortRange clientPort() {
            return clientPort;
        }

        public PortRange serverPort() {
            return serverPort;
        }

        public PortRange interleaved() {
            return interleaved;
        }

        public OptionalInt ssrc() {
            return ssrc;
        }

        public Mode mode() {
            return mode;
        }

        public List<String> extra() {
            return extra;
        }

        /** Wire form, e.g. {@code RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=1A2B3C4D;mode="PLAY"}. */
        public String format() {
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
        public boolean equals(Object o) {
            if (!(o instanceof Spec)) return false;
            Spec s = (Spec) o;
            return multicast == s.multicast && protocol.equals(s.protocol) && profile.equals(s.profile)
                    && lowerTransport == s.lowerTransport && Objects.equals(destination, s.destination)
                    && ttl.equals(s.ttl) && Objects.equals(clientPort, s.clientPort)
                    && Objects.equals(serverPort, s.serverPort) && Objects.equals(interleaved, s.interleaved)
                    && ssrc.equals(s.ssrc) && mode == s.mode && extra.equals(s.extra);
        }

        @Override
        public int hashCode() {
            return Objects.hash(protocol, profile, lowerTransport, multicast, destination, ttl, clientPort,
                    serverPort, interleaved, ssrc, mode, extra);
        }

        @Override
        public String toString() {
            return format();
        }
    }

    private final List<Spec> specs;

    /** @param specs the usable specs, in preference order, never empty when parsed */
    public TransportHeader(List<Spec> specs) {
        this.specs = Collections.unmodifiableList(new ArrayList<>(specs));
    }

    public List<Spec> specs() {
        return specs;
    }

    /** The most preferred usable spec. */
    public Spec first() {
        return specs.get(0);
    }

    /** Comma-separated wire form of all specs. */
    public String format() {
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
    public boolean equals(Object o) {
        return o instanceof TransportHeader && specs.equals(((TransportHeader) o).specs);
    }

    @Override
    public int hashCode() {
        return specs.hashCode();
    }

    @Override
    public String toString() {
        return format();
    }

    /**
     * Parses a Transport header value.
     *
     * @throws RtspException.BadHeader 400 for syntax errors, 461 when no spec is usable
     */
    public static TransportHeader parse(String value) throws RtspException.BadHeader {
        if (value == null || Whitespace.isBlank(value)) {
            throw new RtspException.BadHeader(RtspStatus.BAD_REQUEST, "empty Transport");
        }
        List<Spec> specs = new ArrayList<>();
        RtspException.BadHeader firstError = null;
        for (String raw : HeaderSyntax.splitUnquoted(value, ',')) {
            try {
                specs.add(parseSpec(Whitespace.strip(raw)));
            } catch (RtspException.BadHeader e) {
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

    private static Spec parseSpec(String raw) throws RtspException.BadHeader {
        List<String> params = HeaderSyntax.splitUnquoted(raw, ';');
        // transport-protocol/profile[/lower-transport]
        String[] proto = Whitespace.strip(params.get(0)).split("/", -1);
        if (proto.length < 2 || proto.length > 3) {
            throw unsupported("transport spec " + params.get(0));
        }
        String protocol = Whitespace.strip(proto[0]).toUpperCase(Locale.ROOT);
        String profile = Whitespace.strip(proto[1]).toUpperCase(Locale.ROOT);
        if (!protocol.equals("RTP") || !profile.equals("AVP")) {
            throw unsupported("only RTP/AVP is served, not " + params.get(0));
        }
        LowerTransport lower = LowerTransport.UDP;
        if (proto.length == 3) {
            String l = Whitespace.strip(proto[2]).toUpperCase(Locale.ROOT);
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
            String p = Whitespace.strip(params.get(i));
            if (p.isEmpty()) {
                continue; // tolerate "unicast;;client_port" and a trailing ';'
            }
            int eq = p.indexOf('=');
            String name = Whitespace.strip(eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT);
            String v = eq < 0 ? null : HeaderSyntax.unquote(Whitespace.strip(p.substring(eq + 1)));
            switch (name) {
                case "unicast":
                    multicast = false;
                    break;
                case "multicast":
                    multicast = true;
                    break;
                case "destination":
                    destination = v;
                    break;
                case "ttl":
                    ttl = OptionalInt.of(number(v, 3, 0, 255, "ttl"));
                    break;
                case "client_port":
                    client = ports(v, "client_port");
                    break;
                case "server_port":
                    server = ports(v, "server_port");
                    break;
                case "interleaved":
                    interleaved = channels(v);
                    break;
                case "ssrc":
                    ssrc = OptionalInt.of(ssrc(v));
                    break;
                case "mode":
                    mode = mode(v);
                    break;
                default:
                    extra.add(p);
                    break;
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
    private static PortRange ports(String v, String what) throws RtspException.BadHeader {
        return pair(v, 5, 1, 65535, what);
    }

    /** channel = 1*3(DIGIT), one byte on the wire (RFC 2326 §10.12). */
    private static PortRange channels(String v) throws RtspException.BadHeader {
        return pair(v, 3, 0, 255, "interleaved");
    }

    private static PortRange pair(String v, int digits, int min, int max, String what)
            throws RtspException.BadHeader {
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
            throws RtspException.BadHeader {
        String s = v == null ? "" : Whitespace.strip(v);
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
    private static int ssrc(String v) throws RtspException.BadHeader {
        if (v == null || v.isEmpty() || v.length() > 8
                || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw syntax("bad ssrc " + v);
        }
        return (int) Long.parseLong(v, 16);
    }

    /** mode = <"> *Method <"> | Method; case-insensitive (ffmpeg sends "record", GStreamer "PLAY"). */
    private static Mode mode(String v) throws RtspException.BadHeader {
        if (v == null) {
            throw syntax("mode without value");
        }
        boolean record = false;
        for (String m : v.split(",")) {
            String t = Whitespace.strip(m).toUpperCase(Locale.ROOT);
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

    private static RtspException.BadHeader syntax(String m) {
        return new RtspException.BadHeader(RtspStatus.BAD_REQUEST, m);
    }

    private static RtspException.BadHeader unsupported(String m) {
        return new RtspException.BadHeader(RtspStatus.UNSUPPORTED_TRANSPORT, m);
    }
}
