package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The error statuses issue #4 requires, checked on the wire with the strict reader of
 * {@link FuzzSupport}: 400 for malformed requests, 413 for a body over the limit, 414 for an
 * over-long Request-URI, 505 for another RTSP version, 501 with Public for unknown methods; after a
 * framing error (the byte stream can no longer be split into messages, RFC 2326 §4) the answer is
 * sent and the connection closed, while a request the server merely cannot serve leaves the
 * connection usable. Every error answer echoes the CSeq when the request had one (§12.17).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FuzzProtocolErrorsTest {
    private RtspServer server;

    @BeforeEach
    void start() {
        server = new RtspServer(320, 240, RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).build());
    }

    @AfterEach
    void stop() throws Exception {
        FuzzSupport.waitUntil("connections released", 10, () -> server.stats().connections() == 0);
        server.stop();
    }

    /** Sends {@code raw}, then reads everything until the server closes or 3 s pass. */
    private FuzzSupport.Transcript exchange(String raw) throws IOException {
        try (Socket s = FuzzSupport.connect(server.port(), 3000)) {
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return new FuzzSupport.WireReader(s.getInputStream()).readAll();
        }
    }

    private void assertFramingError(String raw, int status, String cseq) throws IOException {
        FuzzSupport.Transcript t = exchange(raw);
        assertThat(t.responses()).as("one answer").hasSize(1);
        assertThat(t.responses().get(0).status()).isEqualTo(status);
        assertThat(t.responses().get(0).cseq()).isEqualTo(cseq);
        assertThat(t.eof() || t.reset()).as("connection closed after a framing error").isTrue();
    }

    /** RFC 2326 §7.1.1 / RFC 2616 §10.4.14: Content-Length over the 64 KiB limit is 413; the body cannot be skipped safely. */
    @Test
    void bodyOverLimitIs413AndCloses() throws IOException {
        assertFramingError("SET_PARAMETER rtsp://127.0.0.1/ RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 65537\r\n\r\nxyz", 413, "3");
    }

    @Test
    void malformedContentLengthIs400AndCloses() throws IOException {
        assertFramingError("SET_PARAMETER rtsp://127.0.0.1/ RTSP/1.0\r\nCSeq: 4\r\nContent-Length: 1x\r\n\r\n", 400, "4");
    }

    /** RFC 2326 §6.1: Request-Line = Method SP Request-URI SP RTSP-Version CRLF. */
    @Test
    void malformedRequestLineIs400AndCloses() throws IOException {
        assertFramingError("OPTIONS\r\nCSeq: 5\r\n\r\n", 400, "5");
        assertFramingError("\u0001\u0002\u0003 garbage\r\n\r\n", 400, null);
    }

    @Test
    void headerSectionOverLimitIs400AndCloses() throws IOException {
        StringBuilder sb = new StringBuilder("OPTIONS * RTSP/1.0\r\nCSeq: 6\r\n");
        while (sb.length() < 9000) sb.append("X-Pad: ").append("a".repeat(100)).append("\r\n");
        assertFramingError(sb.append("\r\n").toString(), 400, null);
    }

    /** RFC 2326 §11.3.x / §7.1.1: 414 Request-URI Too Large. */
    @Test
    void overlongUriIs414AndCloses() throws IOException {
        assertFramingError("DESCRIBE rtsp://127.0.0.1/" + "a".repeat(5000) + " RTSP/1.0\r\nCSeq: 7\r\n\r\n", 414, "7");
    }

    /** RFC 2326 §11.5 / §7.1.1: 505 RTSP Version not supported. */
    @Test
    void otherVersionIs505() throws IOException {
        FuzzSupport.Transcript t = exchange("OPTIONS * RTSP/2.0\r\nCSeq: 8\r\n\r\n");
        assertThat(t.responses()).hasSize(1);
        assertThat(t.responses().get(0).status()).isEqualTo(505);
        assertThat(t.responses().get(0).cseq()).isEqualTo("8");
    }

    /** RFC 2326 §11.3.9 / §12.23: 501 with Public; the stream is intact, so the connection stays usable. */
    @Test
    void unknownMethodIs501WithPublicAndConnectionStaysOpen() throws IOException {
        try (Socket s = FuzzSupport.connect(server.port(), 3000)) {
            OutputStream out = s.getOutputStream();
            FuzzSupport.WireReader in = new FuzzSupport.WireReader(s.getInputStream());
            out.write("FLY rtsp://127.0.0.1/ RTSP/1.0\r\nCSeq: 9\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            FuzzSupport.Response r = in.nextResponse();
            assertThat(r.status()).isEqualTo(501);
            assertThat(r.cseq()).isEqualTo("9");
            assertThat(r.header("Public")).contains("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "TEARDOWN");
            out.write("OPTIONS * RTSP/1.0\r\nCSeq: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.nextResponse().status()).isEqualTo(200);
        }
    }

    /** Pipelined: a valid request then garbage in one write; the first is answered, in order, then 400 and close. */
    @Test
    void pipelinedValidThenGarbage() throws IOException {
        FuzzSupport.Transcript t = exchange("OPTIONS * RTSP/1.0\r\nCSeq: 11\r\n\r\nNOT RTSP\r\n\r\n");
        assertThat(t.responses()).extracting(FuzzSupport.Response::status).containsExactly(200, 400);
        assertThat(t.responses().get(0).cseq()).isEqualTo("11");
        assertThat(t.eof() || t.reset()).isTrue();
    }

    /** RFC 2326 §10.12: a '$' frame on a channel no session uses is ignored; the connection goes on. */
    @Test
    void interleavedFrameWithoutSessionIsIgnored() throws IOException {
        try (Socket s = FuzzSupport.connect(server.port(), 3000)) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {'$', 7, 0, 3, 1, 2, 3});
            out.write("OPTIONS * RTSP/1.0\r\nCSeq: 12\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            FuzzSupport.Response r = new FuzzSupport.WireReader(s.getInputStream()).nextResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.cseq()).isEqualTo("12");
        }
    }

    /**
     * A client that sends a too-large body in one go still reads the 413 (RFC 7230 §6.6: a server
     * closing with unread input must not let a TCP reset destroy its answer; half-close and drain).
     */
    @Test
    void errorAnswerSurvivesUnreadInput() throws IOException {
        byte[] head = "SET_PARAMETER rtsp://127.0.0.1/ RTSP/1.0\r\nCSeq: 13\r\nContent-Length: 200000\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket s = FuzzSupport.connect(server.port(), 3000)) {
            s.getOutputStream().write(head);
            try {
                s.getOutputStream().write(new byte[200_000]);
            } catch (IOException e) {
                // the server may close while we are still sending
            }
            FuzzSupport.Transcript t = new FuzzSupport.WireReader(s.getInputStream()).readAll();
            assertThat(t.responses()).as("the 413 arrived (reset: %s)", t.reset()).hasSize(1);
            assertThat(t.responses().get(0).status()).isEqualTo(413);
        }
    }
}
