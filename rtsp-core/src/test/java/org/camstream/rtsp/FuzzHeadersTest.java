package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.headers.AuthorizationHeader;
import org.camstream.rtsp.headers.RangeHeader;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspHeaders;
import org.camstream.rtsp.wire.RtspStatus;
import org.camstream.rtsp.headers.SessionHeader;
import org.camstream.rtsp.headers.TransportHeader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Grammar-driven fuzzing of the typed header parsers (Transport RFC 2326 §12.39, Range §12.29 / §3.6,
 * Session §12.37, Authorization §12.5 with RFC 7616 §3.4 / RFC 7617 §2). Unlike {@link RtspFuzzTest} (which mutates a few seed strings) the generators
 * build values from the RFC grammar with every parameter, in any order and case, with edge-case
 * numbers, stray whitespace, quotes and empty parameters, so most inputs get deep into the parsers.
 *
 * <p>Invariants: only {@link RtspException.BadHeader} escapes, with the documented status; what parses
 * satisfies the type's range rules; and {@code format()} of a parsed value parses back to the same
 * value (wire form is a fixed point), so a server echoing a header never sends something it would
 * itself reject.
 */
class FuzzHeadersTest {

    // ---- shared pieces ----------------------------------------------------------------------

    /** Numbers around every bound the parsers check (ports 1..65535, channels 0..255, ttl 0..255). */
    private static Arbitrary<String> edgeNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "254", "255", "256", "1023", "65534", "65535", "65536", "99999",
                        "100000", "4294967296", "00001", "0000000000000001", "-1", "", " 7 ", "1e3", "0x10",
                        "５"),
                Arbitraries.integers().between(0, 70000).map(String::valueOf));
    }

    private static Arbitrary<String> ws() {
        return Arbitraries.of("", "", "", " ", "  ", "\t");
    }

    private static Arbitrary<String> randomCase(Arbitrary<String> s) {
        return Combinators.combine(s, Arbitraries.integers().between(0, 2)).as((v, k) -> switch (k) {
            case 0 -> v;
            case 1 -> v.toLowerCase(java.util.Locale.ROOT);
            default -> v.toUpperCase(java.util.Locale.ROOT);
        });
    }

    // ---- Transport ----------------------------------------------------------------------------

    @Provide
    Arbitrary<String> transportValues() {
        Arbitrary<String> proto = randomCase(Arbitraries.of("RTP/AVP", "RTP/AVP/UDP", "RTP/AVP/TCP", "RTP/SAVP",
                "RTP/AVPF", "RAW/RAW/UDP", "RTP", "RTP/AVP/TCP/X", "RTP//TCP", "", "RTP / AVP / TCP"));
        Arbitrary<String> pair = Combinators.combine(edgeNumbers(), Arbitraries.of("-", "", "-", "--"), edgeNumbers())
                .as((a, dash, b) -> dash.isEmpty() ? a : a + dash + b);
        Arbitrary<String> quotedMode = Arbitraries.of("PLAY", "\"PLAY\"", "play", "record", "\"RECORD\"",
                "\"PLAY,RECORD\"", "\"RECORD,PLAY\"", "\"\"", "TEARDOWN", "\"PLAY", "PLAY\"");
        Arbitrary<String> ssrc = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdefABCDEFxg").ofMaxLength(10),
                Arbitraries.integers().map(i -> String.format("%08X", i)));
        Arbitrary<String> param = Arbitraries.oneOf(
                randomCase(Arbitraries.of("unicast", "multicast", "append", "")),
                Combinators.combine(randomCase(Arbitraries.of("client_port", "server_port", "interleaved", "port")), ws(), ws(), pair)
                        .as((n, w1, w2, v) -> n + w1 + "=" + w2 + v),
                Combinators.combine(randomCase(Arbitraries.of("ttl", "layers")), edgeNumbers()).as((n, v) -> n + "=" + v),
                ssrc.map(v -> "ssrc=" + v),
                quotedMode.map(v -> "mode=" + v),
                Arbitraries.of("destination=127.0.0.1", "destination=\"224.2.0.1\"", "destination", "source=10.0.0.1",
                        "x-vendor=\"a;b,c\"", "x-flag", "=", "==", "\"", "a=\"unterminated"));
        Arbitrary<String> spec = Combinators.combine(proto, param.list().ofMaxSize(6), ws())
                .as((p, ps, w) -> {
                    StringBuilder sb = new StringBuilder(p);
                    for (String s : ps) sb.append(w).append(';').append(w).append(s);
                    return sb.toString();
                });
        return Combinators.combine(spec.list().ofMinSize(1).ofMaxSize(3), ws())
                .as((specs, w) -> String.join(w + "," + w, specs));
    }

    @Property
    void transportParsesToValidSpecsOrTypedError(@ForAll("transportValues") String value) throws Exception {
        TransportHeader t;
        try {
            t = TransportHeader.parse(value);
        } catch (RtspException.BadHeader e) {
            assertThat(e.status()).isIn(RtspStatus.BAD_REQUEST, RtspStatus.UNSUPPORTED_TRANSPORT);
            return;
        }
        assertThat(t.specs()).isNotEmpty();
        for (TransportHeader.Spec s : t.specs()) {
            assertThat(s.protocol()).isEqualTo("RTP");
            assertThat(s.profile()).isEqualTo("AVP");
            if (s.clientPort() != null) assertPorts(s.clientPort(), 1, 65535);
            if (s.serverPort() != null) assertPorts(s.serverPort(), 1, 65535);
            if (s.interleaved() != null) assertPorts(s.interleaved(), 0, 255);
            if (s.ttl().isPresent()) assertThat(s.ttl().getAsInt()).isBetween(0, 255);
            if (s.lowerTransport() == TransportHeader.LowerTransport.UDP && !s.multicast()) {
                assertThat(s.clientPort()).as("RFC 2326 §12.39: unicast UDP needs client_port").isNotNull();
            }
        }
        // The wire form the server would echo is accepted by the server itself, unchanged.
        assertThat(TransportHeader.parse(t.format())).isEqualTo(t);
    }

    private static void assertPorts(TransportHeader.PortRange p, int min, int max) {
        assertThat(p.rtp()).isBetween(min, max);
        assertThat(p.rtcp()).isBetween(min, max);
    }

    // ---- Range --------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> rangeValues() {
        Arbitrary<String> seconds = Arbitraries.oneOf(edgeNumbers(),
                Combinators.combine(edgeNumbers(), Arbitraries.strings().withChars("0123456789").ofMaxLength(12))
                        .as((a, f) -> a + "." + f),
                Arbitraries.of(".5", "5.", "1.2.3", "NaN", "Infinity", "1e308", "999999999999", "9999999999999"));
        Arbitrary<String> hhmmss = Combinators.combine(edgeNumbers(), Arbitraries.of("00", "59", "60", "5", "123", ""),
                        Arbitraries.of("00", "59", "60", "59.999", "07.5", "5", "", "1.2.3"))
                .as((h, m, s) -> h + ":" + m + ":" + s);
        Arbitrary<String> time = Arbitraries.oneOf(seconds, hhmmss, randomCase(Arbitraries.of("now", "", "-")));
        Arbitrary<String> unit = randomCase(Arbitraries.of("npt", "smpte", "smpte-25", "clock", "", "npt "));
        Arbitrary<String> suffix = Arbitraries.of("", "", ";time=19970123T153600Z", ";", ";x");
        return Combinators.combine(unit, ws(), time, Arbitraries.of("-", "-", "", "--"), time, suffix)
                .as((u, w, a, dash, b, sfx) -> u + w + "=" + w + a + w + dash + w + b + sfx);
    }

    @Property
    void rangeParsesToOrderedTimesOrTypedError(@ForAll("rangeValues") String value) throws Exception {
        RangeHeader r;
        try {
            r = RangeHeader.parse(value);
        } catch (RtspException.BadHeader e) {
            assertThat(e.status()).isIn(RtspStatus.BAD_REQUEST, RtspStatus.INVALID_RANGE);
            return;
        }
        if (r.start().isPresent()) {
            assertThat(r.start().getAsDouble()).isFinite().isGreaterThanOrEqualTo(0);
        }
        if (r.end().isPresent()) {
            assertThat(r.end().getAsDouble()).isFinite().isGreaterThanOrEqualTo(0);
        }
        if (r.start().isPresent() && r.end().isPresent()) {
            assertThat(r.end().getAsDouble()).as("§12.29: end not before start").isGreaterThanOrEqualTo(r.start().getAsDouble());
        }
        // format() rounds to milliseconds; from then on the wire form is a fixed point.
        RangeHeader once = RangeHeader.parse(r.format());
        assertThat(RangeHeader.parse(once.format())).isEqualTo(once);
        assertThat(once.now()).isEqualTo(r.now());
    }

    // ---- Session ------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> sessionValues() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789ABCDEFabcxyz$-_.+").ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().withChars("0123456789ABCDEF$-_.+ ;=\"/:@,é\u0000").ofMaxLength(24),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> param = Arbitraries.oneOf(
                Combinators.combine(randomCase(Arbitraries.of("timeout", "time out", "timeout ")), ws(), edgeNumbers())
                        .as((n, w, v) -> n + w + "=" + w + v),
                Arbitraries.of("", "x=1", "timeout", "=", "timeout=", "timeout=1234567890", "timeout=999999999"));
        return Combinators.combine(id, param.list().ofMaxSize(3), ws())
                .as((i, ps, w) -> {
                    StringBuilder sb = new StringBuilder(w).append(i).append(w);
                    for (String p : ps) sb.append(';').append(w).append(p);
                    return sb.toString();
                });
    }

    @Property
    void sessionParsesToValidIdOrTypedError(@ForAll("sessionValues") String value) throws Exception {
        SessionHeader s;
        try {
            s = SessionHeader.parse(value);
        } catch (RtspException.BadHeader e) {
            assertThat(e.status()).isEqualTo(RtspStatus.BAD_REQUEST);
            return;
        }
        assertThat(s.id()).as("§12.37 session-id = 1*(ALPHA | DIGIT | safe)").matches("[A-Za-z0-9$\\-_.+]+");
        if (s.timeout().isPresent()) assertThat(s.timeout().getAsInt()).isNotNegative();
        assertThat(SessionHeader.parse(s.format())).isEqualTo(s);
    }

    // ---- Authorization ------------------------------------------------------------------------

    /** Digest auth-params (RFC 7616 §3.4): lower-case token names, values quoted or tokens. */
    @Provide
    Arbitrary<java.util.Map<String, String>> digestParams() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("username", "realm", "nonce", "uri", "response",
                "algorithm", "cnonce", "opaque", "qop", "nc", "userhash"),
                Arbitraries.strings().withChars("abcdefxyz-_.").ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> value = Arbitraries.strings().withChars("abcXYZ019 ,;=\"\\:/@$%_-.é").ofMaxLength(30);
        return Arbitraries.maps(name, value).ofMaxSize(10);
    }

    /**
     * A Digest header written from a map by this test (quoted-string with quoted-pairs, RFC 7230
     * §3.2.6; random spacing around commas) parses back to exactly that map.
     */
    @Property
    void digestAuthorizationRoundTripsFromAnIndependentWriter(@ForAll("digestParams") java.util.Map<String, String> params,
                                                              @ForAll("wsList") java.util.List<String> spaces) throws Exception {
        StringBuilder sb = new StringBuilder("Digest ");
        int k = 0;
        for (var e : params.entrySet()) {
            if (k > 0) sb.append(spaces.get(k % spaces.size())).append(',').append(spaces.get((k + 1) % spaces.size()));
            sb.append(e.getKey()).append("=\"");
            for (char c : e.getValue().toCharArray()) {
                if (c == '"' || c == '\\') sb.append('\\');
                sb.append(c);
            }
            sb.append('"');
            k++;
        }
        if (params.isEmpty()) {
            parsesOrTyped(sb.toString());
            return;
        }
        AuthorizationHeader h = AuthorizationHeader.parse(sb.toString());
        assertThat(h.scheme()).isEqualTo("Digest");
        assertThat(h.params()).isEqualTo(params);
    }

    @Provide
    Arbitrary<java.util.List<String>> wsList() {
        return ws().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> authorizationValues() {
        Arbitrary<String> scheme = randomCase(Arbitraries.of("Digest", "Basic", "Bearer", "", "Digest  "));
        Arbitrary<String> rest = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abc=\",\\ \t:/=+").ofMaxLength(60),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("username=\"a\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"00\"",
                        "dXNlcjpwYXNz", "a=\"unterminated", "=x", ",,,", "a=b,c", "a=\"\\\""));
        return Combinators.combine(scheme, ws(), rest).as((a, w, b) -> a + w + " " + b);
    }

    /** Anything else: only a 400 RtspException.BadHeader, and a parsed value obeys the grammar. */
    @Property
    void authorizationParsesOrTypedError(@ForAll("authorizationValues") String value) {
        parsesOrTyped(value);
    }

    private static void parsesOrTyped(String value) {
        try {
            AuthorizationHeader h = AuthorizationHeader.parse(value);
            assertThat(h.scheme()).isIn("Basic", "Digest");
            if (h.scheme().equals("Basic")) {
                assertThat(h.token68()).isNotEmpty().doesNotContain(" ");
            } else {
                assertThat(h.params().size()).isLessThanOrEqualTo(32);
                for (String n : h.params().keySet()) {
                    assertThat(RtspHeaders.isToken(n)).isTrue();
                    assertThat(n).isLowerCase();
                }
            }
        } catch (RtspException.BadHeader e) {
            assertThat(e.status()).isEqualTo(RtspStatus.BAD_REQUEST);
        }
    }

    /** The generators reach both outcomes; a generator that only ever produced errors would prove little. */
    @Property(tries = 2000)
    void generatorsReachAcceptedValues(@ForAll("transportValues") String t, @ForAll("rangeValues") String r,
                                       @ForAll("sessionValues") String s) {
        net.jqwik.api.statistics.Statistics.label("transport").collect(parses(() -> TransportHeader.parse(t)));
        net.jqwik.api.statistics.Statistics.label("range").collect(parses(() -> RangeHeader.parse(r)));
        net.jqwik.api.statistics.Statistics.label("session").collect(parses(() -> SessionHeader.parse(s)));
        net.jqwik.api.statistics.Statistics.label("transport").coverage(c -> c.check(true).percentage(p -> p > 5));
        net.jqwik.api.statistics.Statistics.label("transport").coverage(c -> c.check(false).percentage(p -> p > 5));
        net.jqwik.api.statistics.Statistics.label("range").coverage(c -> c.check(true).percentage(p -> p > 5));
        net.jqwik.api.statistics.Statistics.label("range").coverage(c -> c.check(false).percentage(p -> p > 5));
        net.jqwik.api.statistics.Statistics.label("session").coverage(c -> c.check(true).percentage(p -> p > 5));
        net.jqwik.api.statistics.Statistics.label("session").coverage(c -> c.check(false).percentage(p -> p > 5));
    }

    interface Parse {
        Object run() throws RtspException.BadHeader;
    }

    private static boolean parses(Parse p) {
        try {
            p.run();
            return true;
        } catch (RtspException.BadHeader e) {
            return false;
        }
    }
}
