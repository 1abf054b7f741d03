package org.camstream.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camstream.rtsp.wire.RtspRequestParserTest.ascii;
import static org.camstream.rtsp.wire.RtspRequestParserTest.concat;
import static org.camstream.rtsp.wire.RtspRequestParserTest.describe;
import static org.camstream.rtsp.wire.RtspRequestParserTest.drain;
import static org.camstream.rtsp.wire.RtspRequestParserTest.parseAll;
import static org.camstream.rtsp.wire.RtspRequestParserTest.parser;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 Low 9: RFC 2326 §4 "Lines are terminated by CRLF, but receivers should be prepared to also
 * interpret CR and LF by themselves as line terminators". A CR-only client used to get no answer (the
 * parser waited for an LF until the request timeout closed the connection).
 */
class LineEndsTest {

    @Test
    void crOnlyRequestIsParsed() throws Exception {
        List<RtspMessage> all = parseAll(parser(), ascii("OPTIONS * RTSP/1.0\rCSeq: 3\rUser-Agent: cr\r\r"));
        assertThat(all).hasSize(1);
        RtspRequest r = (RtspRequest) all.get(0);
        assertThat(r.method()).isEqualTo(RtspMethod.OPTIONS);
        assertThat(r.cseq()).isEqualTo("3");
        assertThat(r.header("User-Agent")).isEqualTo("cr");
    }

    @Test
    void mixedLineEndsInOneRequest() throws Exception {
        RtspRequest r = (RtspRequest) parseAll(parser(),
                ascii("SETUP rtsp://h/trackID=0 RTSP/1.0\nCSeq: 4\rTransport: RTP/AVP;\r\n  unicast\r\r\n")).get(0);
        assertThat(r.cseq()).isEqualTo("4");
        assertThat(r.header("Transport")).isEqualTo("RTP/AVP; unicast");
    }

    /** A CRLF cut between its CR and LF is one line end, not a line end and an empty line. */
    @Test
    void crlfSplitAcrossReadsIsOneLineEnd() throws Exception {
        byte[] in = ascii("OPTIONS * RTSP/1.0\r\nCSeq: 5\r\nUser-Agent: split\r\n\r\n");
        List<String> expected = List.of(describe(parseAll(parser(), in).get(0)));
        for (int cut = 1; cut < in.length; cut++) {
            if (in[cut - 1] != '\r') continue;
            List<RtspMessage> got = parseAll(parser(), in, cut);
            assertThat(got.stream().map(RtspRequestParserTest::describe).toList()).as("cut after the CR at %d", cut)
                    .isEqualTo(expected);
        }
    }

    /**
     * The undecidable byte: the empty line's CR arrives last. Without a body the request is answered at
     * once and a late LF is skipped; with a body the next byte decides where the body starts.
     */
    @Test
    void crEndingTheHeaderAsLastByteReceived() throws Exception {
        RtspRequestParser p = parser();
        p.feed(ByteBuffer.wrap(ascii("OPTIONS * RTSP/1.0\rCSeq: 6\r\r")));
        RtspMessage first = p.next();
        assertThat(first).as("a CR-only client waits for this answer").isInstanceOf(RtspRequest.class);
        p.feed(ByteBuffer.wrap(ascii("\nOPTIONS * RTSP/1.0\r\nCSeq: 7\r\n\r\n")));
        assertThat(((RtspRequest) p.next()).cseq()).isEqualTo("7");
        assertThat(p.next()).isNull();
        assertThat(p.buffered()).isZero();

        String head = "SET_PARAMETER rtsp://h/ RTSP/1.0\r\nCSeq: 8\r\nContent-Length: 3\r\n\r";
        p.feed(ByteBuffer.wrap(ascii(head)));
        assertThat(p.next()).as("the next byte decides where the body starts").isNull();
        p.feed(ByteBuffer.wrap(ascii("\nabc")));
        assertThat(new String(((RtspRequest) p.next()).body(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("abc");
        p.feed(ByteBuffer.wrap(ascii(head.replace("\r\n", "\r"))));
        assertThat(p.next()).isNull();
        p.feed(ByteBuffer.wrap(ascii("xyz")));
        assertThat(new String(((RtspRequest) p.next()).body(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("xyz");
        assertThat(p.buffered()).isZero();
    }

    /** CR-only requests with a body and '$' frames between them, cut at every byte and fed byte by byte. */
    @Test
    void crOnlyStreamSplitAtEveryByte() throws Exception {
        byte[] in = concat(ascii("OPTIONS * RTSP/1.0\rCSeq: 1\r\r"), new byte[] {'$', 1, 0, 2, '\n', '\r'},
                ascii("SET_PARAMETER rtsp://h/ RTSP/1.0\rCSeq: 2\rContent-Length: 2\r\r\r\n"),
                ascii("PLAY rtsp://h/ RTSP/1.0\rCSeq: 3\r\r"), new byte[] {'$', 0, 0, 0});
        List<String> expected = parseAll(parser(), in).stream().map(RtspRequestParserTest::describe).toList();
        assertThat(expected).hasSize(5);
        assertThat(expected.get(2)).endsWith("body=\r\n");
        for (int cut = 0; cut <= in.length; cut++) {
            assertThat(parseAll(parser(), in, cut).stream().map(RtspRequestParserTest::describe).toList())
                    .as("cut at %d", cut).isEqualTo(expected);
        }
        RtspRequestParser p = parser();
        List<RtspMessage> byteByByte = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            p.feed(ByteBuffer.wrap(in, i, 1));
            drain(p, byteByByte);
        }
        assertThat(byteByByte.stream().map(RtspRequestParserTest::describe).toList()).isEqualTo(expected);
    }

    /** CR is a line end, so it never reaches a value: a CR inside a "value" starts a new (bad) line. */
    @Test
    void crInsideAValueEndsTheLine() throws Exception {
        RtspRequest r = (RtspRequest) parseAll(parser(), ascii("OPTIONS * RTSP/1.0\r\nCSeq: 1\rX-A: b\r\n\r\n")).get(0);
        assertThat(r.cseq()).isEqualTo("1");
        assertThat(r.header("X-A")).isEqualTo("b");
    }

    /** The header limit with a CR-only end: the empty line's CR needs room for a CR LF's LF. */
    @Test
    void headerLimitIsDecidedAtTheFinalCr() throws Exception {
        RtspRequestParser.Limits limits = new RtspRequestParser.Limits(100, 64, 0, 50);
        String head = "OPTIONS * RTSP/1.0\rX-Pad: ";
        String fits = head + "p".repeat(100 - head.length() - 3) + "\r\r"; // final CR at index 98
        assertThat(parseAll(new RtspRequestParser(limits), ascii(fits))).hasSize(1);
        String over = head + "p".repeat(100 - head.length() - 2) + "\r\r"; // final CR at index 99
        RtspRequestParser p = new RtspRequestParser(limits);
        p.feed(ByteBuffer.wrap(ascii(over)));
        org.assertj.core.api.Assertions.assertThatThrownBy(p::next).isInstanceOf(RtspException.Malformed.class);
    }

    // ---- the property: any line ends, any chunking, same requests as with CRLF ---------------------

    /** One line-based message (request line, header lines, body) or a '$' frame. */
    record Item(List<String> lines, String body, byte[] frame) { }

    @Provide
    Arbitrary<Item> items() {
        Arbitrary<String> method = Arbitraries.of("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "SET_PARAMETER", "X_VENDOR");
        Arbitrary<String> path = Arbitraries.strings().withChars("abcXYZ019/=-._").ofMaxLength(12);
        Arbitrary<String> value = Arbitraries.strings().withChars("abc XYZ;=-/0123456789\t\"").ofMaxLength(20);
        Arbitrary<List<String>> header = Combinators.combine(Arbitraries.of("Transport", "Session", "X-A", "Range"),
                value, Arbitraries.of("", " folded", "\tmore")).as((n, v, fold) -> fold.isEmpty()
                ? List.of(n + ": " + v) : List.of(n + ": " + v, fold));
        Arbitrary<String> body = Arbitraries.strings().ascii().ofMaxLength(30)
                // A body starting with LF after a bare-CR header end reads as CR LF (RFC 2326 §15.1):
                // not a distinct rendering of the same request, so not generated.
                .map(b -> b.startsWith("\n") ? "x" + b : b);
        Arbitrary<Item> request = Combinators.combine(method, path, Arbitraries.integers().between(0, 99_999),
                header.list().ofMaxSize(4), body).as((m, p, cseq, hs, b) -> {
                    List<String> lines = new ArrayList<>();
                    lines.add(m + " rtsp://cam:8554/" + p + " RTSP/1.0");
                    lines.add("CSeq: " + cseq);
                    hs.forEach(lines::addAll);
                    if (!b.isEmpty()) lines.add("Content-Length: " + b.length());
                    lines.add("");
                    return new Item(lines, b, null);
                });
        Arbitrary<Item> frame = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20)).as((ch, d) -> {
                    byte[] f = new byte[4 + d.length];
                    f[0] = '$';
                    f[1] = (byte) (int) ch;
                    f[2] = (byte) (d.length >> 8);
                    f[3] = (byte) d.length;
                    System.arraycopy(d, 0, f, 4, d.length);
                    return new Item(null, null, f);
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, request), net.jqwik.api.Tuple.of(1, frame));
    }

    private static final String[] EOL = {"\r", "\n", "\r\n"};

    /** Renders the items; {@code eols} (0 CR, 1 LF, 2 CRLF; cycled) picks each line's end, or CRLF when null. */
    static byte[] render(List<Item> items, List<Integer> eols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int k = 0;
        for (Item it : items) {
            if (it.frame() != null) {
                out.writeBytes(it.frame());
                continue;
            }
            String prev = null;
            for (String line : it.lines()) {
                String eol = eols == null ? "\r\n" : EOL[eols.get(k++ % eols.size())];
                // CR then an empty line ended by LF is CR LF, one line end (§15.1): the same text as
                // one CR LF, not a rendering with an empty line. Use CR LF for that empty line.
                if ("\r".equals(prev) && line.isEmpty() && eol.equals("\n")) eol = "\r\n";
                out.writeBytes(ascii(line + eol));
                prev = eol;
            }
            out.writeBytes(ascii(it.body()));
        }
        return out.toByteArray();
    }

    @Property
    void anyLineEndsInAnyChunkingParseAsWithCrlf(@ForAll("itemLists") List<Item> items,
            @ForAll("eols") List<Integer> eols, @ForAll("chunks") List<Integer> chunks) throws Exception {
        List<String> expected = parseAll(parser(), render(items, null)).stream()
                .map(RtspRequestParserTest::describe).toList();
        assertThat(expected).hasSize(items.size());
        byte[] mixed = render(items, eols);
        RtspRequestParser p = parser();
        List<RtspMessage> got = new ArrayList<>();
        int off = 0;
        for (int i = 0; off < mixed.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), mixed.length - off);
            p.feed(ByteBuffer.wrap(mixed, off, n));
            off += n;
            drain(p, got);
        }
        assertThat(got.stream().map(RtspRequestParserTest::describe).toList()).isEqualTo(expected);
        assertThat(p.buffered()).isZero();
    }

    @Provide
    Arbitrary<List<Item>> itemLists() {
        return items().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Integer>> eols() {
        return Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(1, 40).list().ofMinSize(1).ofMaxSize(8);
    }
}
