package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camstream.rtsp.wire.RtspRequestParserTest;
import org.camstream.rtsp.wire.RtspMessage;
import org.camstream.rtsp.wire.RtspRequest;
import org.camstream.rtsp.wire.InterleavedFrame;
import org.camstream.rtsp.headers.TransportHeader;
import org.camstream.rtsp.headers.SessionHeader;
import org.camstream.rtsp.headers.RangeHeader;
import org.camstream.rtsp.wire.RtspHeaders;
import org.camstream.rtsp.headers.RtpInfoHeader;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspRequestParser;
import org.camstream.rtsp.wire.RtspStatus;
import org.camstream.rtsp.wire.StreamUri;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Robustness: whatever bytes a client sends, the wire layer only ever reports
 * {@link RtspException.Malformed} / {@link RtspException.BadHeader}, never holds more than its limit,
 * and stays poisoned after an error. Seeds are the real-client quirks of the other tests.
 */
class RtspFuzzTest {

    /** Real-client header values (ffmpeg, GStreamer, VLC) used as mutation seeds. */
    private static final List<String> TRANSPORT_SEEDS = List.of(
            "RTP/AVP;unicast;client_port=5000-5001",
            "RTP/AVP/TCP;unicast;interleaved=0-1",
            "RTP/AVP/UDP;unicast;client_port=5000-5001;mode=play",
            "RTP/AVP;unicast;client_port=40000-40001;mode=\"PLAY\",RTP/AVP/TCP;unicast;interleaved=0-1",
            "RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=1A2B3C4D;mode=\"PLAY\"");

    private static final RtspRequestParser.Limits SMALL = new RtspRequestParser.Limits(200, 6, 40, 60);

    // ---- generators ---------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> validStream() {
        Arbitrary<String> method = Arbitraries.of("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "PAUSE",
                "TEARDOWN", "GET_PARAMETER", "SET_PARAMETER", "ANNOUNCE", "X-CUSTOM");
        Arbitrary<String> uri = Arbitraries.of("*", "rtsp://h:8554/", "rtsp://h:8554/trackID=0",
                "rtsp://u:p@[::1]/", "trackID=0");
        Arbitrary<String> header = Arbitraries.of("Transport: " + TRANSPORT_SEEDS.get(0),
                "Transport: " + TRANSPORT_SEEDS.get(1), "Session: 1234ABCD;timeout=60",
                "Range: npt=0.000-", "User-Agent: Lavf60.16.100", "Accept: application/sdp",
                "Require: implicit-play", "x-folded: a\r\n b");
        Arbitrary<String> body = Arbitraries.strings().ascii().ofMaxLength(30);
        Arbitrary<String> eol = Arbitraries.of("\r\n", "\n");
        Arbitrary<String> request = Combinators.combine(method, uri, header.list().ofMaxSize(4),
                Arbitraries.integers().between(0, 99999), body, eol).as((m, u, hs, c, b, e) -> {
                    StringBuilder sb = new StringBuilder(m + " " + u + " RTSP/1.0" + e + "CSeq: " + c + e);
                    hs.forEach(h -> sb.append(h).append(e));
                    if (!b.isEmpty()) {
                        sb.append("Content-Length: ").append(b.length()).append(e);
                    }
                    return sb.append(e).append(b).toString();
                });
        Arbitrary<byte[]> requestBytes = request.map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> frame = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as((ch, d) -> {
                    byte[] f = new byte[4 + d.length];
                    f[0] = '$';
                    f[1] = (byte) (int) ch;
                    f[2] = (byte) (d.length >> 8);
                    f[3] = (byte) d.length;
                    System.arraycopy(d, 0, f, 4, d.length);
                    return f;
                });
        return Arbitraries.frequencyOf(Tuple.of(4, requestBytes), Tuple.of(1, frame))
                .list().ofMinSize(1).ofMaxSize(5)
                .map(RtspRequestParserTest::concatList);
    }

    /** One edit of a byte stream; positions are taken modulo the stream length. */
    record Mutation(int kind, int pos, byte[] bytes) {
        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return kind == 1 ? bytes.clone() : in;
            }
            int p = Math.floorMod(pos, in.length);
            switch (kind) {
                case 0: { // flip
                    byte[] o = in.clone();
                    o[p] = bytes[0];
                    return o;
                }
                case 1: { // insert
                    byte[] o = new byte[in.length + bytes.length];
                    System.arraycopy(in, 0, o, 0, p);
                    System.arraycopy(bytes, 0, o, p, bytes.length);
                    System.arraycopy(in, p, o, p + bytes.length, in.length - p);
                    return o;
                }
                case 2: { // delete up to bytes.length bytes
                    int n = Math.min(bytes.length, in.length - p);
                    byte[] o = new byte[in.length - n];
                    System.arraycopy(in, 0, o, 0, p);
                    System.arraycopy(in, p + n, o, p, in.length - p - n);
                    return o;
                }
                default: // truncate
                    return java.util.Arrays.copyOf(in, p);
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Byte> any = Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of((byte) '\r', (byte) '\n', (byte) ':', (byte) ' ', (byte) '$', (byte) 0,
                        (byte) '9', (byte) '-', (byte) ';', (byte) '"', (byte) ','));
        return Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 100_000),
                any.array(byte[].class).ofMinSize(1).ofMaxSize(8))
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(3);
    }

    static byte[] mutate(byte[] in, List<Mutation> ms) {
        byte[] out = in;
        for (Mutation m : ms) {
            out = m.apply(out);
        }
        return out;
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(1, 97).list().ofMinSize(1).ofMaxSize(8);
    }

    // ---- the invariant ------------------------------------------------------------------

    /**
     * Feeds {@code in} in the given chunk sizes (cycled), draining after each feed; asserts
     * bounded memory, that only RtspException.Malformed escapes, and poisoning.
     *
     * @return the messages produced before any error
     */
    static List<RtspMessage> feedChecked(RtspRequestParser.Limits limits, byte[] in, List<Integer> chunks) {
        RtspRequestParser p = new RtspRequestParser(limits);
        List<RtspMessage> out = new ArrayList<>();
        RtspException.Malformed error = null;
        int off = 0;
        for (int i = 0; off < in.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), in.length - off);
            ByteBuffer bb = ByteBuffer.wrap(in, off, n);
            p.feed(bb);
            assertThat(bb.hasRemaining()).isFalse();
            off += n;
            assertThat(p.bufferSize()).isLessThanOrEqualTo(p.capacity());
            assertThat(p.buffered()).isLessThanOrEqualTo(p.capacity());
            try {
                RtspMessage m;
                while ((m = p.next()) != null) {
                    out.add(m);
                    checkMessage(m, limits);
                }
            } catch (RtspException.Malformed e) {
                assertThat(e.status()).isNotNull();
                assertThat(e.status().code()).isIn(400, 413, 414, 505);
                error = e;
                break;
            }
        }
        if (error != null) {
            RtspException.Malformed first = error;
            p.feed(ByteBuffer.wrap(in));
            assertThat(p.buffered()).isZero();
            assertThatThrownBy(p::next).isSameAs(first);
        }
        return out;
    }

    private static void checkMessage(RtspMessage m, RtspRequestParser.Limits limits) {
        if (m instanceof RtspRequest r) {
            assertThat(r.version()).isEqualTo("RTSP/1.0");
            assertThat(r.uri().length()).isLessThanOrEqualTo(limits.maxUriLength());
            assertThat(r.headers().size()).isLessThanOrEqualTo(limits.maxHeaderCount());
            assertThat(r.body().length).isLessThanOrEqualTo(limits.maxBodyBytes());
            assertThat(RtspHeaders.isToken(r.methodToken())).isTrue();
            // Typed headers and URI classification must not throw anything unexpected either.
            typedHeadersDoNotEscape(r.header("Transport"), r.header("Session"), r.header("Range"));
            StreamUri.classify(r.uri(), "trackID=0");
            StreamUri.baseUri(r.uri());
        } else {
            InterleavedFrame f = (InterleavedFrame) m;
            assertThat(f.channel()).isBetween(0, 255);
        }
    }

    private static void typedHeadersDoNotEscape(String transport, String session, String range) {
        try {
            if (transport != null) {
                TransportHeader.parse(transport);
            }
        } catch (RtspException.BadHeader e) {
            assertThat(e.status().code()).isIn(400, 461);
        }
        try {
            if (session != null) {
                SessionHeader.parse(session);
            }
        } catch (RtspException.BadHeader e) {
            assertThat(e.status().code()).isEqualTo(400);
        }
        try {
            if (range != null) {
                RangeHeader.parse(range);
            }
        } catch (RtspException.BadHeader e) {
            assertThat(e.status().code()).isIn(400, 457);
        }
    }

    // ---- properties ---------------------------------------------------------------------

    @Property
    void validStreamsParseCompletelyInAnyChunking(@ForAll("validStream") byte[] in,
            @ForAll("chunks") List<Integer> chunks) {
        List<RtspMessage> all = feedChecked(RtspRequestParser.Limits.defaults(), in, List.of(in.length + 1));
        List<RtspMessage> chunked = feedChecked(RtspRequestParser.Limits.defaults(), in, chunks);
        assertThat(chunked.stream().map(RtspRequestParserTest::describe).toList())
                .isEqualTo(all.stream().map(RtspRequestParserTest::describe).toList());
    }

    @Property
    void mutatedStreamsOnlyRaiseParseExceptions(@ForAll("validStream") byte[] valid,
            @ForAll("mutations") List<Mutation> mutations, @ForAll("chunks") List<Integer> chunks) {
        byte[] in = mutate(valid, mutations);
        feedChecked(RtspRequestParser.Limits.defaults(), in, chunks);
        feedChecked(SMALL, in, chunks);
    }

    @Property
    void randomBytesOnlyRaiseParseExceptions(@ForAll("randomBytes") byte[] in,
            @ForAll("chunks") List<Integer> chunks) {
        feedChecked(RtspRequestParser.Limits.defaults(), in, chunks);
        feedChecked(SMALL, in, chunks);
    }

    /** Small limits: memory stays bounded whatever the input length. */
    @Property(tries = 100)
    void longGarbageStaysWithinCapacity(@ForAll("randomBytes") byte[] seed,
            @ForAll("chunks") List<Integer> chunks) {
        byte[] in = new byte[seed.length * 20];
        for (int i = 0; i < in.length; i++) {
            in[i] = seed.length == 0 ? (byte) 'A' : (seed[i % seed.length] == '\n' ? (byte) 'x' : seed[i % seed.length]);
        }
        feedChecked(SMALL, in, chunks);
    }

    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> seeds = Arbitraries.of(concat(TRANSPORT_SEEDS, List.of("npt=0-", "npt=now-",
                "npt=00:01:02.5-30", "smpte=0:0:0-", "1234ABCD;timeout=60",
                "url=rtsp://h/trackID=0;seq=1;rtptime=2")));
        Arbitrary<String> mutated = Combinators.combine(seeds, mutations()).as((s, m) ->
                new String(mutate(s.getBytes(StandardCharsets.UTF_8), m), StandardCharsets.UTF_8));
        return Arbitraries.oneOf(mutated, Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("RTP/AVPUDCunicast;=-0123456789,\"mode ").ofMaxLength(60));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Property
    void typedHeaderParsersOnlyRaiseBadHeader(@ForAll("headerValues") String v) {
        typedHeadersDoNotEscape(v, v, v);
        try {
            RtpInfoHeader.parse(v);
        } catch (RtspException.BadHeader e) {
            assertThat(e.status()).isEqualTo(RtspStatus.BAD_REQUEST);
        }
        StreamUri.Kind k = StreamUri.classify(v, "trackID=0").kind();
        // RFC 2326 §C.1.1: whatever the Request-URI, the Content-Base we answer must address the stream
        // again, and the track's control resolved against it must address the track; else a client that
        // follows our Content-Base cannot SETUP.
        String base = StreamUri.baseUri(v);
        assertThat(StreamUri.classify(base, "trackID=0").kind()).as("Content-Base %s", base)
                .isEqualTo(StreamUri.Kind.AGGREGATE);
        assertThat(StreamUri.classify(base + "trackID=0", "trackID=0").kind()).as("track under %s", base)
                .isEqualTo(StreamUri.Kind.TRACK);
        // RFC 3986 §3.4: a query never changes what a URI addresses ('*' is a token, not a path).
        if (!v.isEmpty() && k != StreamUri.Kind.ANY && v.indexOf('?') < 0 && v.indexOf('#') < 0) {
            assertThat(StreamUri.classify(v + "?t=1", "trackID=0").kind()).as("%s with a query", v).isEqualTo(k);
        }
    }
}
