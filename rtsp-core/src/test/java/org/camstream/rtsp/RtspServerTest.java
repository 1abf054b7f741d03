package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.rtp.RtpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server over a raw loopback socket: status codes, headers and media framing as RFC 2326 and
 * RFC 6184 define them, checked on the wire rather than through our own parser.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RtspServerTest {
    private RtspServer server;

    @BeforeEach
    void start() {
        server = new RtspServer(320, 240, RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).maxClients(2).build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String url() {
        return "rtsp://camera.example:" + server.port() + "/";
    }

    /** RFC 2326 §10.1: OPTIONS lists the methods; §12.17: CSeq echoed. */
    @Test
    void optionsListsPublicMethodsAndEchoesCseq() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            RawRtspClient.Response r = c.request("OPTIONS", "*");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("CSeq")).isEqualTo("1");
            assertThat(r.header("Public")).contains("DESCRIBE", "SETUP", "PLAY", "PAUSE", "TEARDOWN", "GET_PARAMETER");
        }
    }

    /** DESCRIBE answers SDP with the SPS/PPS seen in the stream (RFC 6184 §8.1) and a Content-Base (RFC 2326 §C.1.1). */
    @Test
    void describeCarriesParameterSetsSeenInStream() throws Exception {
        server.send(TestStreams.idr(100, true)); // queued although nobody plays: it starts with an SPS
        FuzzSupport.waitUntil("framesDropped() >= 1", 10, () -> server.stats().framesDropped() >= 1);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            RawRtspClient.Response r = c.request("DESCRIBE", url(), "Accept: application/sdp");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("application/sdp");
            assertThat(r.header("Content-Base")).isEqualTo(url());
            assertThat(r.body()).contains("m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000", "packetization-mode=1",
                    "profile-level-id=42C00D",
                    "sprop-parameter-sets=" + Base64.getEncoder().encodeToString(TestStreams.SPS) + ","
                            + Base64.getEncoder().encodeToString(TestStreams.PPS),
                    "a=control:trackID=0");
        }
    }

    @Test
    void unknownPathIs404() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("DESCRIBE", url() + "other").status()).isEqualTo(404);
            assertThat(c.request("SETUP", url() + "trackID=7", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").status())
                    .isEqualTo(404);
        }
    }

    /** RFC 2326 §11.3.10: SETUP of the aggregate URL of a one-track stream is 459. */
    @Test
    void setupOfAggregateIs459() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("SETUP", url(), "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").status()).isEqualTo(459);
        }
    }

    /** RFC 2326 §11.3.12: 461 for a transport we do not offer (multicast, RECORD, UDP without client_port). */
    @Test
    void unsupportedTransportsAre461() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("SETUP", url() + "trackID=0", "Transport: RTP/AVP;multicast").status()).isEqualTo(461);
            assertThat(c.request("SETUP", url() + "trackID=0", "Transport: RTP/AVP;unicast").status()).isEqualTo(461);
            assertThat(c.request("SETUP", url() + "trackID=0").status()).isEqualTo(461);
        }
    }

    /** RFC 2326 §11.3.5 and §11.3.6: 454 for unknown sessions, 455 for a second SETUP of a session. */
    @Test
    void sessionErrors() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("PLAY", url()).status()).isEqualTo(454);
            assertThat(c.request("PLAY", url(), "Session: 0123456789ABCDEF").status()).isEqualTo(454);
            RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            String session = sessionId(setup);
            assertThat(c.request("SETUP", url() + "trackID=0", "Session: " + session,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").status()).isEqualTo(455);
            assertThat(c.request("TEARDOWN", url(), "Session: " + session).status()).isEqualTo(200);
            assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(454);
        }
    }

    /** RFC 2326 §7.1.1: an unknown method is 501 with the Public header, and 505 for RTSP/2.0. */
    @Test
    void unknownMethodAndVersion() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            RawRtspClient.Response r = c.request("FLY", url());
            assertThat(r.status()).isEqualTo(501);
            assertThat(r.header("Public")).contains("OPTIONS");
            assertThat(r.header("CSeq")).isEqualTo("1");
        }
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            c.sendRaw("OPTIONS * RTSP/2.0\r\nCSeq: 9\r\n\r\n");
            RawRtspClient.Response r = c.readResponse();
            assertThat(r.status()).isEqualTo(505);
        }
    }

    /** RFC 2326 §12.17: CSeq is mandatory; a request without it is 400. */
    @Test
    void missingCseqIs400() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            c.sendRaw("OPTIONS * RTSP/1.0\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(400);
        }
    }

    /** Garbage gets a 400 and the connection is closed; the server goes on serving others. */
    @Test
    void garbageIs400AndServerSurvives() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            c.sendRaw("\u0001\u0002 not rtsp at all\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("OPTIONS", "*").status()).isEqualTo(200);
        }
    }

    /**
     * TCP interleaved play (RFC 2326 §10.12): P frames before the first IDR are not sent; the first IDR
     * arrives with SPS+PPS prepended; packets carry the marker on the last packet of a frame (RFC 6184 §5.1)
     * and the sequence announced in RTP-Info (RFC 2326 §12.33).
     */
    @Test
    void interleavedPlayStartsAtIdrWithParameterSets() throws Exception {
        server.send(TestStreams.idr(50, true)); // teaches the server the SPS/PPS
        FuzzSupport.waitUntil("framesDropped() >= 1", 10, () -> server.stats().framesDropped() >= 1);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.header("Transport")).contains("RTP/AVP/TCP", "interleaved=0-1");
            String session = sessionId(setup);
            assertThat(setup.header("Session")).contains(";timeout=60");
            RawRtspClient.Response play = c.request("PLAY", url(), "Session: " + session, "Range: npt=0-");
            assertThat(play.status()).isEqualTo(200);
            String rtpInfo = play.header("RTP-Info");
            assertThat(rtpInfo).contains("url=" + url() + "trackID=0", "seq=", "rtptime=");
            int announcedSeq = Integer.parseInt(rtpInfo.replaceAll(".*seq=(\\d+).*", "$1"));
            FuzzSupport.waitUntil("playingClients() == 1", 10, () -> server.stats().playingClients() == 1);

            server.send(TestStreams.p(200));            // must be skipped: no reference yet
            Thread.sleep(50);
            server.send(TestStreams.idr(5000, false));  // FU-A, SPS/PPS prepended by the server
            Thread.sleep(50);
            server.send(TestStreams.p(300));

            H264Depacketizer depacketizer = new H264Depacketizer();
            List<List<byte[]>> units = new ArrayList<>();
            int firstSeq = -1;
            while (units.size() < 2) {
                RawRtspClient.Interleaved frame = c.readInterleaved();
                if (frame.channel() != 0) continue; // RTCP
                if (firstSeq < 0) firstSeq = RtpHeader.sequence(frame.data(), 0);
                depacketizer.push(frame.data(), 0, frame.data().length);
                List<byte[]> au;
                while ((au = depacketizer.poll()) != null) units.add(au);
            }
            assertThat(firstSeq).isEqualTo(announcedSeq);
            List<byte[]> idr = units.get(0);
            assertThat(idr).hasSize(3);
            assertThat(idr.get(0)).isEqualTo(TestStreams.SPS);
            assertThat(idr.get(1)).isEqualTo(TestStreams.PPS);
            assertThat(idr.get(2)[0] & 0x1F).isEqualTo(5);
            assertThat(idr.get(2)).hasSize(5001);
            assertThat(units.get(1)).hasSize(1);
            assertThat(units.get(1).get(0)[0] & 0x1F).isEqualTo(1);
            assertThat(units.get(1).get(0)).hasSize(301);
        }
    }

    /** RFC 2326 §11.3.4: beyond the configured number of clients SETUP answers 453. */
    @Test
    void setupBeyondMaxClientsIs453() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            for (int i = 0; i < 2; i++) {
                assertThat(c.request("SETUP", url() + "trackID=0",
                        "Transport: RTP/AVP;unicast;client_port=" + (40000 + 2 * i) + "-" + (40001 + 2 * i)).status())
                        .isEqualTo(200);
            }
            assertThat(c.request("SETUP", url() + "trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=40010-40011").status()).isEqualTo(453);
        }
    }

    /** The session disappears with the connection that made it (a client killed without TEARDOWN). */
    @Test
    void closingConnectionEndsItsSessions() throws Exception {
        RawRtspClient c = new RawRtspClient(server.port());
        String session = sessionId(c.request("SETUP", url() + "trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1"));
        assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(200);
        FuzzSupport.waitUntil("playingClients() == 1", 10, () -> server.stats().playingClients() == 1);
        c.close();
        FuzzSupport.waitUntil("playingClients() == 0 && connections() == 0", 10, () -> server.stats().playingClients() == 0 && server.stats().connections() == 0);
    }

    @Test
    void sendSemantics() {
        byte[] huge = new byte[320 * 240 + 1];
        assertThat(server.send(huge)).isFalse();
        assertThat(server.stats().framesOversize()).isEqualTo(1);
        assertThat(server.send(TestStreams.p(10))).isFalse(); // nobody plays
        assertThat(server.stats().framesDropped()).isEqualTo(1);
        server.stop();
        server.stop(); // idempotent
        assertThatThrownBy(() -> server.send(TestStreams.p(10))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void portInUseNamesThePort() {
        int taken = server.port();
        assertThatThrownBy(() -> new RtspServer(320, 240, RtspServerOptions.builder()
                .port(taken).bindAddress(InetAddress.getLoopbackAddress()).build()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(String.valueOf(taken));
    }

    /** RFC 2326 §12.37: a session without activity for its timeout is torn down. */
    @Test
    void idleUdpSessionTimesOut() throws Exception {
        server.stop();
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).sessionTimeoutSeconds(1).build());
        String session;
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=40020-40021");
            session = sessionId(setup);
            assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(200);
            FuzzSupport.waitUntil("playingClients() == 1", 10, () -> server.stats().playingClients() == 1);
            FuzzSupport.waitUntil("playingClients() == 0", 10, () -> server.stats().playingClients() == 0);
            // Its connection, now without sessions and idle past the timeout, is closed too.
            FuzzSupport.waitUntil("connections() == 0", 10, () -> server.stats().connections() == 0);
        }
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("GET_PARAMETER", url(), "Session: " + session).status()).isEqualTo(454);
        }
    }

    private static String sessionId(RawRtspClient.Response r) {
        assertThat(r.status()).isEqualTo(200);
        String s = r.header("Session");
        int semi = s.indexOf(';');
        String id = semi < 0 ? s : s.substring(0, semi);
        assertThat(id).matches("[0-9A-F]{16}"); // 64 random bits
        return id;
    }

}
