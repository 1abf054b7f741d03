package org.camstream.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RtspResponseTest {

    /** RFC 2326 §7.1 status line, §4.2 header lines, blank line, §4.3 body. */
    @Test
    void writesStatusLineHeadersInOrderAndBody() {
        byte[] sdp = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] wire = new RtspResponse(RtspStatus.OK)
                .header("cseq", "2")
                .header("content-base", "rtsp://h:8554/")
                .body("application/sdp", sdp)
                .toBytes();
        assertThat(new String(wire, StandardCharsets.US_ASCII)).isEqualTo("RTSP/1.0 200 OK\r\n"
                + "CSeq: 2\r\nContent-Base: rtsp://h:8554/\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: 5\r\n\r\nv=0\r\n");
    }

    @Test
    void errorStatusWithoutBody() {
        String wire = new String(new RtspResponse(RtspStatus.SESSION_NOT_FOUND).header("CSeq", "9")
                .toBytes(), StandardCharsets.US_ASCII);
        assertThat(wire).isEqualTo("RTSP/1.0 454 Session Not Found\r\nCSeq: 9\r\n\r\n");
    }

    @Test
    void encodedLengthMatchesWrittenBytesAndWriteToHonoursPosition() {
        RtspResponse r = new RtspResponse(RtspStatus.OK).header("Server", "caméra ✓ 🎥")
                .header("RTP-Info", "url=rtsp://h/trackID=0;seq=1;rtptime=2");
        ByteBuffer dst = ByteBuffer.allocate(500);
        dst.position(7);
        r.writeTo(dst);
        assertThat(dst.position() - 7).isEqualTo(r.encodedLength());
        String text = new String(dst.array(), 7, r.encodedLength(), StandardCharsets.UTF_8);
        assertThat(text).contains("Server: caméra ✓ 🎥\r\n");
    }

    @Test
    void tooSmallBufferThrowsAndWritesNothing() {
        RtspResponse r = new RtspResponse(RtspStatus.OK).header("CSeq", "1");
        ByteBuffer dst = ByteBuffer.allocate(r.encodedLength() - 1);
        assertThatThrownBy(() -> r.writeTo(dst)).isInstanceOf(BufferOverflowException.class);
        assertThat(dst.position()).isZero();
    }

    /** A value with CR/LF would inject header lines (response splitting). */
    @Test
    void rejectsHeaderInjection() {
        RtspResponse r = new RtspResponse(RtspStatus.OK);
        assertThatThrownBy(() -> r.header("CSeq", "1\r\nSession: x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.header("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().all().ofMaxLength(30)
                .filter(s -> s.indexOf('\r') < 0 && s.indexOf('\n') < 0)
                .map(String::strip)
                .filter(s -> s.codePoints().allMatch(c -> !Character.isSurrogate((char) c) || c > 0xFFFF));
    }

    /** parse(toBytes(x)) == x for any status, header values and body. */
    @Property(tries = 300)
    void roundTrips(@ForAll RtspStatus status, @ForAll("values") String v1, @ForAll("values") String v2,
            @ForAll byte[] body) throws Exception {
        RtspResponse r = new RtspResponse(status).header("CSeq", v1).header("X-Vendor", v2);
        if (body.length > 0) {
            r.body("application/octet-stream", body);
        }
        RtspResponse back = RtspResponse.parse(r.toBytes());
        assertThat(back.status()).isEqualTo(status);
        assertThat(back.headers().get("CSeq")).isEqualTo(v1);
        assertThat(back.headers().get("x-vendor")).isEqualTo(v2);
        assertThat(back.body()).isEqualTo(body);
        assertThat(back.toBytes()).isEqualTo(r.toBytes());
    }

    @Test
    void parseRejectsWrongBodyLength() {
        byte[] wire = "RTSP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> RtspResponse.parse(wire)).isInstanceOf(RtspException.Malformed.class);
    }
}
