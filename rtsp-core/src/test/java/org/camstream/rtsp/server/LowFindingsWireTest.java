package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 Low 8, 9 and 13 on the wire: a raw socket over loopback writes the requests by hand and
 * reads the status lines (each read bounded by the client's 5 s socket timeout). The unit tests are
 * {@code TransportNegotiationTest} and {@code wire.LineEndsTest}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LowFindingsWireTest {

    /**
     * Low 8: after a client took channels 254-255, the next SETUP without {@code interleaved} was offered
     * 256-257, which the one-byte channel of RFC 2326 §10.12 cannot carry (its media went out on channel
     * 0); a pair already in use was granted a second time.
     */
    @Test
    void interleavedChannelsFitAByteAndAreNotSharedOnAConnection() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            String track = h.url() + "trackID=0";
            assertThat(c.request("SETUP", track, "Transport: RTP/AVP/TCP;unicast;interleaved=254-255").status())
                    .isEqualTo(200);
            RawRtspClient.Response picked = c.request("SETUP", track, "Transport: RTP/AVP/TCP;unicast");
            assertThat(picked.status()).isEqualTo(200);
            assertThat(picked.header("Transport")).as("a free pair within 0-255").contains(";interleaved=0-1;");

            assertThat(c.request("SETUP", track, "Transport: RTP/AVP/TCP;unicast;interleaved=254-255").status())
                    .as("a pair in use (RFC 2326 §12.39, §11.3.12)").isEqualTo(461);
            assertThat(c.request("SETUP", track, "Transport: RTP/AVP/TCP;unicast;interleaved=1-2").status())
                    .as("half a pair in use").isEqualTo(461);
            assertThat(c.request("SETUP", track, "Transport: RTP/AVP/TCP;unicast;interleaved=256-257").status())
                    .as("beyond a byte").isEqualTo(461);
            RawRtspClient.Response next = c.request("SETUP", track,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1,RTP/AVP/TCP;unicast");
            assertThat(next.header("Transport")).as("the next spec, on the next free pair").contains(";interleaved=2-3;");

            String session = picked.header("Session").split(";")[0];
            assertThat(c.request("PLAY", h.url(), "Session: " + session).status()).isEqualTo(200);
            assertThat(h.send(TestStreams.idr(500, true))).isTrue();
            h.sync();
            RawRtspClient.Interleaved media = c.readInterleaved();
            assertThat(media.channel()).as("media on the channel announced").isZero();
            assertThat(media.data()[0] & 0xC0).as("RTP version 2").isEqualTo(0x80);
        }
    }

    /**
     * Low 9: a client ending lines with CR alone (RFC 2326 §4 says receivers should accept CR, LF or CRLF)
     * was never answered and closed at the 10 s request timeout. Also a CRLF cut between its CR and LF
     * by the network is one line end: exactly one answer, not a 400 for an early empty line.
     */
    @Test
    void crOnlyRequestsAreAnsweredAndASplitCrlfIsOneLineEnd() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            c.sendRaw("OPTIONS * RTSP/1.0\rCSeq: 1\r\r");
            RawRtspClient.Response options = c.readResponse();
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("CSeq")).isEqualTo("1");

            c.sendRaw("SETUP " + h.url() + "trackID=0 RTSP/1.0\rCSeq: 2\rTransport: RTP/AVP/TCP;unicast\r\r");
            RawRtspClient.Response setup = c.readResponse();
            assertThat(setup.status()).isEqualTo(200);
            String session = setup.header("Session").split(";")[0];

            c.sendRaw("PLAY " + h.url() + " RTSP/1.0\r");
            h.sync();
            c.sendRaw("\nCSeq: 3\r");
            h.sync();
            c.sendRaw("\nSession: " + session + "\r\n\r");
            h.sync();
            c.sendRaw("\nGET_PARAMETER " + h.url() + " RTSP/1.0\nCSeq: 4\nSession: " + session + "\n\n");
            RawRtspClient.Response play = c.readResponse();
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("CSeq")).isEqualTo("3");
            RawRtspClient.Response keepAlive = c.readResponse();
            assertThat(keepAlive.status()).as("the late LF is no request").isEqualTo(200);
            assertThat(keepAlive.header("CSeq")).isEqualTo("4");
            assertThat(h.counters().playingClients()).isEqualTo(1);
        }
    }

    /**
     * Low 13: RTP over UDP could be aimed at any port of the requester's own address, 1-2 included
     * (destination= is ignored). System Ports (below 1024, RFC 6335 §6) are 461; ports over 65535 were
     * 461 already; an odd RTP port is the client's choice (RFC 3550 §11 is a SHOULD).
     */
    @Test
    void udpClientPortsBelow1024Get461() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            String track = h.url() + "trackID=0";
            for (String ports : new String[] {"1-2", "7", "19-20", "53-54", "1023-1024", "70000-70001", "0-1"}) {
                RawRtspClient.Response r = c.request("SETUP", track, "Transport: RTP/AVP;unicast;client_port=" + ports);
                assertThat(r.status()).as("client_port=%s", ports).isEqualTo(461);
                assertThat(r.header("Session")).isNull();
            }
            Integer sessions = h.onLoop(ctx -> ctx.sessions.snapshot().length);
            assertThat(sessions).as("no session for a refused SETUP").isZero();
            assertThat(c.request("SETUP", track, "Transport: RTP/AVP;unicast;client_port=1024-1025").status())
                    .isEqualTo(200);
            assertThat(c.request("SETUP", track, "Transport: RTP/AVP;unicast;client_port=5001-5002").status())
                    .as("odd RTP port").isEqualTo(200);
            RawRtspClient.Response fallback = c.request("SETUP", track,
                    "Transport: RTP/AVP;unicast;client_port=1-2,RTP/AVP/TCP;unicast");
            assertThat(fallback.status()).isEqualTo(200);
            assertThat(fallback.header("Transport")).as("the client's next spec").startsWith("RTP/AVP/TCP;");
        }
    }
}
