package org.camstream.rtsp.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.camstream.rtsp.auth.DigestComputation;
import org.junit.jupiter.api.Test;

/** The client-side wire pieces: response reader, request writer, URL, Digest, backoff. */
class WireTwinsTest {

    /** RFC 7616 §3.9.1: the worked example, for both algorithms. */
    @Test
    void digestMatchesTheRfc7616Examples() {
        byte[] password = "Circle of Life".getBytes(StandardCharsets.UTF_8);
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertThat(DigestComputation.response(DigestComputation.forAlgorithm("MD5"), "Mufasa", "http-auth@example.org",
                password, "GET", "/dir/index.html", nonce, "auth", "00000001", cnonce))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(DigestComputation.response(DigestComputation.forAlgorithm("SHA-256"), "Mufasa", "http-auth@example.org",
                password, "GET", "/dir/index.html", nonce, "auth", "00000001", cnonce))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(DigestComputation.forAlgorithm("SHA-512-256-sess")).isNull();
    }

    @Test
    void responsesSplitAnywhereAndInterleavedFramesBetweenThemAreRead() throws Exception {
        byte[] wire = ("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 5\r\n\r\nhello"
                + "$\u0001\u0000\u0003abc" // RFC 2326 §10.12: channel 1, 3 bytes (an RTCP RR from the receiver)
                + "RTSP/1.0 454 Session Not Found\nCSeq: 2\n\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 1; split < wire.length; split++) {
            ResponseReader reader = new ResponseReader();
            ByteBuffer in = ByteBuffer.allocate(wire.length);
            in.put(wire, 0, split).flip();
            StringBuilder got = new StringBuilder();
            ClientResponse r;
            while ((r = reader.next(in)) != null) got.append(r.code()).append('/').append(r.cseq()).append(' ');
            in.compact();
            in.put(wire, split, wire.length - split).flip();
            while ((r = reader.next(in)) != null) got.append(r.code()).append('/').append(r.cseq()).append(' ');
            assertThat(got.toString()).as("split at %d", split).isEqualTo("200/1 454/2 ");
            assertThat(reader.interleavedFrames()).isEqualTo(1);
        }
    }

    @Test
    void repeatedHeadersAndAnyReasonPhraseAreKept() throws Exception {
        ClientResponse r = new ResponseReader().next(ByteBuffer.wrap(("RTSP/1.0 401 Nope\r\nCSeq: 3\r\n"
                + "WWW-Authenticate: Digest realm=\"a\"\r\nwww-authenticate: Basic realm=\"a\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.statusLine()).isEqualTo("401 Nope");
        assertThat(r.headers("WWW-Authenticate")).containsExactly("Digest realm=\"a\"", "Basic realm=\"a\"");
    }

    @Test
    void malformedOrOversizedResponsesAreProtocolErrors() {
        assertThatThrownBy(() -> new ResponseReader().next(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ResponseReader.ProtocolException.class).hasMessageContaining("not an RTSP response");
        assertThatThrownBy(() -> new ResponseReader().next(ByteBuffer.wrap("RTSP/1.0 2x0 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ResponseReader.ProtocolException.class);
        assertThatThrownBy(() -> new ResponseReader().next(ByteBuffer.wrap(
                "RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ResponseReader.ProtocolException.class).hasMessageContaining("body");
        byte[] endless = new byte[ResponseReader.MAX_HEAD + 10];
        java.util.Arrays.fill(endless, (byte) 'a');
        byte[] start = "RTSP/1.0 200 OK\r\nX: ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, endless, 0, start.length);
        assertThatThrownBy(() -> new ResponseReader().next(ByteBuffer.wrap(endless)))
                .isInstanceOf(ResponseReader.ProtocolException.class).hasMessageContaining("head longer");
    }

    @Test
    void requestsAreWrittenInCanonicalFormAndRefuseHeaderInjection() {
        byte[] r = RequestWriter.write("ANNOUNCE", "rtsp://h:554/p", 7, new String[] {"Session", null, "User-Agent", "x"},
                "application/sdp", "v=0\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(r, StandardCharsets.US_ASCII)).isEqualTo("ANNOUNCE rtsp://h:554/p RTSP/1.0\r\nCSeq: 7\r\n"
                + "User-Agent: x\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n");
        assertThatThrownBy(() -> RequestWriter.write("OPTIONS", "rtsp://h/", 1, new String[] {"X", "a\r\nEvil: 1"}, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urlsCarryCredentialsOutsideTheRequestUri() {
        PublishTarget t = PublishTarget.parse("rtsp://us%65r:p%3Aw%40d@[::1]:8554/cam/main");
        assertThat(t.user()).isEqualTo("user");
        assertThat(t.password()).isEqualTo("p:w@d");
        assertThat(t.host()).isEqualTo("::1");
        assertThat(t.uri()).isEqualTo("rtsp://[::1]:8554/cam/main");
        assertThat(t.trackUri("streamid=0")).isEqualTo("rtsp://[::1]:8554/cam/main/streamid=0");
        assertThat(PublishTarget.parse("rtsp://host").uri()).isEqualTo("rtsp://host:554/");
        PublishTarget moved = t.redirect("rtsp://other:9/x");
        assertThat(moved.uri()).isEqualTo("rtsp://other:9/x");
        assertThat(moved.user()).isEqualTo("user");
        assertThatThrownBy(() -> PublishTarget.parse("http://h/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishTarget.parse("rtsp://u:secret@h:99999/")).hasMessageNotContaining("secret");
    }

    @Test
    void backoffGrowsWithinItsJitterWindowAndResets() {
        Backoff b = new Backoff(100, 1000, new java.util.Random(1));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000};
        for (long c : ceilings) assertThat(b.next()).isBetween(c / 2, c);
        b.reset();
        assertThat(b.next()).isBetween(50L, 100L);
    }
}
