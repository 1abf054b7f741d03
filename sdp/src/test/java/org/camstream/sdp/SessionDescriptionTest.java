package org.camstream.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** DESCRIBE body (RFC 8866, RFC 6184 §8.2.1) and its parser twin. */
class SessionDescriptionTest {

    @Test
    void writesEveryLineInOrderWithCrlf() {
        String sdp = SessionDescription.builder()
                .origin(123, 1, "192.168.1.10")
                .sessionName("Camera 1")
                .h264Track(96, "trackID=0", H264FmtpTest.SPS, H264FmtpTest.PPS, 30, 1280, 720)
                .build();
        assertThat(sdp).endsWith("\r\n");
        assertThat(sdp.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(sdp.split("\r\n")).containsExactly(
                "v=0",
                "o=- 123 1 IN IP4 192.168.1.10",
                "s=Camera 1",
                "c=IN IP4 0.0.0.0",
                "t=0 0",
                "a=tool:camstream",
                "a=range:npt=0-",
                "a=control:*",
                "m=video 0 RTP/AVP 96",
                "a=rtpmap:96 H264/90000",
                "a=fmtp:96 packetization-mode=1;profile-level-id=42C01F;sprop-parameter-sets=Z0LAHw==,aM48gA==",
                "a=control:trackID=0",
                "a=framerate:30",
                "a=x-dimensions:1280,720");
    }

    @Test
    void ipv6OriginUsesIp6AndOptionalLinesAreOmitted() {
        String sdp = SessionDescription.builder().origin(-1, 2, "2001:db8::1%eth0")
                .h264Track(97, "streamid=0", null, null, 0, 0, 0).build();
        List<String> lines = List.of(sdp.split("\r\n"));
        assertThat(lines).contains("o=- 18446744073709551615 2 IN IP6 2001:db8::1", "c=IN IP6 ::",
                "a=fmtp:97 packetization-mode=1", "s=camstream");
        assertThat(lines).noneMatch(l -> l.startsWith("a=framerate") || l.startsWith("a=x-dimensions"));
    }

    @Test
    void framerateFormatting() {
        assertThat(SessionDescription.formatRate(30)).isEqualTo("30");
        assertThat(SessionDescription.formatRate(30000.0 / 1001)).isEqualTo("29.97");
        assertThat(SessionDescription.formatRate(12.5)).isEqualTo("12.5");
    }

    @Test
    void builderRejectsInjectionAndMissingTrack() {
        assertThatThrownBy(() -> SessionDescription.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SessionDescription.builder().sessionName("a\r\na=evil"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionDescription.builder().origin(1, 1, "1.2.3.4 x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionDescription.builder().h264Track(96, "track 0", null, null, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionDescription.builder().h264Track(200, "t", null, null, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Parse and write are twins: everything the builder wrote is found by the parser. */
    @Property
    void roundTripsThroughParser(@ForAll @IntRange(min = 96, max = 127) int pt,
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String control,
            @ForAll @StringLength(min = 1, max = 30) @AlphaChars String name, @ForAll boolean ip6,
            @ForAll @IntRange(max = 4096) int w, @ForAll @IntRange(max = 4096) int h, @ForAll @IntRange(max = 240) int fps) {
        String addr = ip6 ? "fe80::1" : "10.0.0.7";
        String sdp = SessionDescription.builder().origin(42, 7, addr).sessionName(name)
                .h264Track(pt, control, H264FmtpTest.SPS, H264FmtpTest.PPS, fps, w, h).build();
        ParsedSdp p = SdpReader.parse(sdp);
        assertThat(p.version()).isZero();
        assertThat(p.origin()).isEqualTo("- 42 7 IN " + (ip6 ? "IP6 " : "IP4 ") + addr);
        assertThat(p.sessionName()).isEqualTo(name);
        assertThat(p.connection()).isEqualTo(ip6 ? "IN IP6 ::" : "IN IP4 0.0.0.0");
        assertThat(p.attribute("control")).contains("*");
        assertThat(p.attribute("tool")).contains("camstream");
        assertThat(p.media()).hasSize(1);
        ParsedSdp.Media m = p.media().get(0);
        assertThat(m.type()).isEqualTo("video");
        assertThat(m.port()).isZero();
        assertThat(m.protocol()).isEqualTo("RTP/AVP");
        assertThat(m.formats()).containsExactly(Integer.toString(pt));
        assertThat(m.attribute("rtpmap")).contains(pt + " H264/90000");
        assertThat(m.attribute("fmtp")).contains(pt + " " + H264Fmtp.fmtp(pt, H264FmtpTest.SPS, H264FmtpTest.PPS));
        assertThat(m.attribute("control")).contains(control);
        assertThat(m.attribute("framerate")).isEqualTo(fps > 0 ? java.util.Optional.of(Integer.toString(fps))
                : java.util.Optional.empty());
        assertThat(m.attribute("x-dimensions")).isEqualTo(w > 0 && h > 0 ? java.util.Optional.of(w + "," + h)
                : java.util.Optional.empty());
    }

    @Test
    void parserAcceptsLfAndFlagAttributesAndSeveralMedia() {
        ParsedSdp p = SdpReader.parse("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=x\nt=0 0\na=recvonly\n"
                + "m=audio 5004/2 RTP/AVP 0 8\na=control:a\nm=video 0 RTP/AVP 96\nc=IN IP4 9.9.9.9\na=control:v\n");
        assertThat(p.attribute("recvonly")).contains("");
        assertThat(p.connection()).isNull();
        assertThat(p.media()).extracting(ParsedSdp.Media::type).containsExactly("audio", "video");
        assertThat(p.media().get(0).port()).isEqualTo(5004);
        assertThat(p.media().get(0).formats()).containsExactly("0", "8");
        assertThat(p.media().get(1).attribute("control")).contains("v");
    }

    @Test
    void parserRejectsMalformedDescriptions() {
        for (String bad : new String[] {
            "", "o=- 1 1 IN IP4 a\r\ns=x\r\nv=0\r\n", "v=1\r\no=- 1 1 IN IP4 a\r\ns=x\r\n",
            "v=0\r\no=- 1 1 IN IP4\r\ns=x\r\n", "v=0\r\no=- 1 1 IN IP4 a\r\nbogus\r\n",
            "v=0\r\no=- 1 1 IN IP4 a\r\ns=x\r\nm=video x RTP/AVP 96\r\n",
            "v=0\r\no=- 1 1 IN IP4 a\r\ns=x\r\nm=video 0 RTP/AVP\r\n",
            "v=0\r\no=- 1 1 IN IP4 a\r\nt=0 0\r\n", "v=0\r\no=- 1 1 IN IP4 a\r\ns=x\r\na=\r\n"}) {
            assertThatThrownBy(() -> SdpReader.parse(bad)).as(bad).isInstanceOf(SdpFormatException.class);
        }
    }
}
