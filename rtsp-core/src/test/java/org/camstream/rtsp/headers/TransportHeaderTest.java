package org.camstream.rtsp.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransportHeaderTest {

    static RtspException.BadHeader failure(String value) {
        try {
            TransportHeader.parse(value);
        } catch (RtspException.BadHeader e) {
            return e;
        }
        throw new AssertionError("parsed: " + value);
    }

    @Test
    void vlcUdpUnicastWithoutLowerTransport() throws Exception {
        TransportHeader.Spec s = TransportHeader.parse("RTP/AVP;unicast;client_port=5000-5001").first();
        assertThat(s.lowerTransport()).isEqualTo(TransportHeader.LowerTransport.UDP);
        assertThat(s.multicast()).isFalse();
        assertThat(s.clientPort()).isEqualTo(new TransportHeader.PortRange(5000, 5001));
        assertThat(s.interleaved()).isNull();
        assertThat(s.mode()).isEqualTo(TransportHeader.Mode.PLAY);
    }

    @Test
    void ffmpegTcpInterleaved() throws Exception {
        TransportHeader.Spec s = TransportHeader.parse("RTP/AVP/TCP;unicast;interleaved=0-1").first();
        assertThat(s.lowerTransport()).isEqualTo(TransportHeader.LowerTransport.TCP);
        assertThat(s.interleaved()).isEqualTo(new TransportHeader.PortRange(0, 1));
        assertThat(s.clientPort()).isNull();
    }

    /** ffmpeg with -rtsp_transport tcp may omit interleaved; the server then picks channels. */
    @Test
    void ffmpegTcpWithoutInterleavedLeavesChannelsToServer() throws Exception {
        TransportHeader.Spec s = TransportHeader.parse("RTP/AVP/TCP;unicast").first();
        assertThat(s.interleaved()).isNull();
        assertThat(s.lowerTransport()).isEqualTo(TransportHeader.LowerTransport.TCP);
    }

    @Test
    void ffmpegExplicitUdpWithLowerCaseMode() throws Exception {
        TransportHeader.Spec s = TransportHeader.parse(
                "RTP/AVP/UDP;unicast;client_port=5000-5001;mode=play").first();
        assertThat(s.lowerTransport()).isEqualTo(TransportHeader.LowerTransport.UDP);
        assertThat(s.mode()).isEqualTo(TransportHeader.Mode.PLAY);
        assertThat(TransportHeader.parse("RTP/AVP/UDP;unicast;client_port=5000-5001;mode=record")
                .first().mode()).isEqualTo(TransportHeader.Mode.RECORD);
    }

    /** GStreamer rtspsrc offers several alternatives and quotes the mode. */
    @Test
    void gstreamerQuotedModeAndAlternatives() throws Exception {
        TransportHeader t = TransportHeader.parse(
                "RTP/AVP;unicast;client_port=40000-40001;mode=\"PLAY\","
                        + "RTP/AVP/TCP;unicast;interleaved=0-1;mode=\"PLAY,RECORD\"");
        assertThat(t.specs()).hasSize(2);
        assertThat(t.specs().get(0).clientPort().rtp()).isEqualTo(40000);
        assertThat(t.specs().get(1).interleaved()).isEqualTo(new TransportHeader.PortRange(0, 1));
        assertThat(t.specs().get(1).mode()).isEqualTo(TransportHeader.Mode.PLAY);
    }

    /** RFC 2326 §12.39: a single port means RTP there and RTCP on the next one. */
    @Test
    void singlePortAndSingleChannelImplyNextForRtcp() throws Exception {
        assertThat(TransportHeader.parse("RTP/AVP;unicast;client_port=6000").first().clientPort())
                .isEqualTo(new TransportHeader.PortRange(6000, 6001));
        assertThat(TransportHeader.parse("RTP/AVP/TCP;interleaved=4").first().interleaved())
                .isEqualTo(new TransportHeader.PortRange(4, 5));
    }

    @Test
    void oddRtpPortIsAccepted() throws Exception {
        assertThat(TransportHeader.parse("RTP/AVP;unicast;client_port=5001-5002").first().clientPort().rtp())
                .isEqualTo(5001);
    }

    @Test
    void unknownParametersArePreservedAndSpacesTolerated() throws Exception {
        TransportHeader.Spec s = TransportHeader.parse(
                " RTP/AVP ; unicast ; client_port = 5000-5001 ; x-foo=bar;append ").first();
        assertThat(s.clientPort()).isEqualTo(new TransportHeader.PortRange(5000, 5001));
        assertThat(s.extra()).containsExactly("x-foo=bar", "append");
    }

    @Test
    void ssrcIsHex() throws Exception {
        assertThat(TransportHeader.parse("RTP/AVP;unicast;client_port=2-3;ssrc=DEADBEEF").first().ssrc())
                .hasValue(0xDEADBEEF);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RTP/AVP;unicast;client_port=0-1|461",
        "RTP/AVP;unicast;client_port=65536-65537|461",
        "RTP/AVP;unicast;client_port=65535|461",
        "RTP/AVP;unicast|461",
        "RTP/AVP/UDP;unicast;mode=play|461",
        "RTP/AVP/TCP;interleaved=255-256|461",
        "RTP/SAVP;unicast;client_port=5000-5001|461",
        "RTP/AVP/SCTP;unicast;client_port=5000-5001|461",
        "RAW/RAW/UDP;unicast;client_port=5000-5001|461",
        "RTP/AVP;unicast;client_port=5000-5001;mode=TEARDOWN|461",
        "RTP/AVP;unicast;client_port=abc|400",
        "RTP/AVP;unicast;client_port=5000-5001;ssrc=XYZ|400",
        "RTP/AVP;unicast;client_port=5000-5001;mode=\"PLAY|400",
    })
    void rejected(String value, int code) {
        assertThat(failure(value).status().code()).isEqualTo(code);
    }

    @Test
    void emptyHeaderIs400() {
        assertThat(failure("  ").status()).isEqualTo(RtspStatus.BAD_REQUEST);
    }

    @Test
    void unusableAlternativesAreDroppedKeepingOrder() throws Exception {
        TransportHeader t = TransportHeader.parse(
                "RTP/SAVP;unicast;client_port=1-2,RTP/AVP/TCP;interleaved=2-3,RTP/AVP;unicast;client_port=8-9");
        assertThat(t.specs()).hasSize(2);
        assertThat(t.first().lowerTransport()).isEqualTo(TransportHeader.LowerTransport.TCP);
    }

    @Test
    void serverAnswerFormats() {
        TransportHeader.Spec udp = TransportHeader.Spec.udpUnicast(new TransportHeader.PortRange(5000, 5001),
                new TransportHeader.PortRange(6970, 6971), OptionalInt.of(0x1A2B3C4D));
        assertThat(udp.format()).isEqualTo(
                "RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=1A2B3C4D;mode=\"PLAY\"");
        TransportHeader.Spec tcp = TransportHeader.Spec.tcpInterleaved(new TransportHeader.PortRange(0, 1),
                OptionalInt.of(0xAB));
        assertThat(tcp.format()).isEqualTo("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=000000AB;mode=\"PLAY\"");
    }

    @Provide
    Arbitrary<TransportHeader.Spec> specs() {
        Arbitrary<TransportHeader.PortRange> ports = Arbitraries.integers().between(1, 65535)
                .tuple2().map(t -> new TransportHeader.PortRange(t.get1(), t.get2()));
        Arbitrary<TransportHeader.PortRange> channels = Arbitraries.integers().between(0, 255)
                .tuple2().map(t -> new TransportHeader.PortRange(t.get1(), t.get2()));
        Arbitrary<OptionalInt> ssrc = Arbitraries.integers().map(OptionalInt::of)
                .injectNull(0.3).map(o -> o == null ? OptionalInt.empty() : o);
        Arbitrary<OptionalInt> ttl = Arbitraries.integers().between(0, 255).map(OptionalInt::of)
                .injectNull(0.5).map(o -> o == null ? OptionalInt.empty() : o);
        Arbitrary<List<String>> extra = Arbitraries.strings().withChars("abcxyz-_").ofMinLength(1).ofMaxLength(6)
                .map(s -> "x" + s).list().ofMaxSize(2);
        return Builders.withBuilder(() -> new Object[12])
                .use(Arbitraries.of(TransportHeader.LowerTransport.class)).in((a, v) -> { a[2] = v; return a; })
                .use(Arbitraries.of(true, false)).in((a, v) -> { a[3] = v; return a; })
                .use(Arbitraries.of("239.0.0.1", "10.0.0.2").injectNull(0.5)).in((a, v) -> { a[4] = v; return a; })
                .use(ttl).in((a, v) -> { a[5] = v; return a; })
                .use(ports).in((a, v) -> { a[6] = v; return a; })
                .use(ports.injectNull(0.5)).in((a, v) -> { a[7] = v; return a; })
                .use(channels.injectNull(0.5)).in((a, v) -> { a[8] = v; return a; })
                .use(ssrc).in((a, v) -> { a[9] = v; return a; })
                .use(Arbitraries.of(TransportHeader.Mode.class)).in((a, v) -> { a[10] = v; return a; })
                .use(extra).in((a, v) -> { a[11] = v; return a; })
                .build(a -> new TransportHeader.Spec("RTP", "AVP", (TransportHeader.LowerTransport) a[2],
                        (Boolean) a[3], (String) a[4], (OptionalInt) a[5], (TransportHeader.PortRange) a[6],
                        (TransportHeader.PortRange) a[7], (TransportHeader.PortRange) a[8], (OptionalInt) a[9],
                        (TransportHeader.Mode) a[10], castList(a[11])));
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    /** parse(format(x)) == x for any spec list. */
    @Property(tries = 300)
    void roundTrips(@ForAll("specList") List<TransportHeader.Spec> specs) throws Exception {
        TransportHeader t = new TransportHeader(specs);
        assertThat(TransportHeader.parse(t.format())).isEqualTo(t);
    }

    @Provide
    Arbitrary<List<TransportHeader.Spec>> specList() {
        return specs().list().ofMinSize(1).ofMaxSize(3);
    }
}
