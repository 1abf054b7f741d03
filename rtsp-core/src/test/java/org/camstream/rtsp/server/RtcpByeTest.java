package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 Low 11: an RTCP BYE (RFC 3550 §6.6) from a client's RTCP port (UDP) or channel (TCP) stops
 * the media to that session at once instead of at the session timeout; the RTSP session stays under
 * the client's control (TEARDOWN 200, PLAY resumes, RFC 2326 §10.5-10.7). A BYE from another port
 * does nothing. Real loop, loopback sockets, fake clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtcpByeTest {

    private static String setupAndPlay(LoopHarness h, RawRtspClient c, String transport) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", h.url() + "trackID=0", "Transport: " + transport);
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", h.url(), "Session: " + session).status()).isEqualTo(200);
        return session;
    }

    private static void frames(LoopHarness h, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            h.clock.advanceMillis(33);
            h.send(i == 0 ? TestStreams.idr(3000, true) : TestStreams.p(3000)); // refused when nobody plays
            h.sync();
        }
    }

    private static long packetsSent(LoopHarness h, String id) throws Exception {
        return h.onLoop(ctx -> {
            Session s = ctx.sessions.get(id);
            return s == null ? -1L : s.packetsSent();
        });
    }

    private static DatagramSocket[] udpPair() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            if (rtp.getLocalPort() % 2 == 0 && rtp.getLocalPort() < 65535) {
                try {
                    return new DatagramSocket[] {rtp, new DatagramSocket(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), rtp.getLocalPort() + 1))};
                } catch (java.net.BindException e) {
                    // taken: try another pair
                }
            }
            rtp.close();
        }
        throw new AssertionError("no free UDP port pair");
    }

    private static void sendRtcp(LoopHarness h, DatagramSocket from, byte[] rtcp) throws Exception {
        from.send(new DatagramPacket(rtcp, rtcp.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), h.loop.rtpPort() + 1)));
    }

    /**
     * Before: the BYE was only logged and RTP kept flowing to the port until the session timeout
     * (60 s by default). Now: not one packet after it; TEARDOWN is still answered 200.
     */
    @Test
    void udpByeStopsTheMediaAtOnce() throws Exception {
        DatagramSocket[] client = udpPair();
        DatagramSocket[] stranger = udpPair();
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient control = new RawRtspClient(h.port());
             RawRtspClient otherControl = new RawRtspClient(h.port())) {
            String id = setupAndPlay(h, control, "RTP/AVP;unicast;client_port="
                    + client[0].getLocalPort() + "-" + client[1].getLocalPort());
            String other = setupAndPlay(h, otherControl, "RTP/AVP;unicast;client_port="
                    + stranger[0].getLocalPort() + "-" + stranger[1].getLocalPort());
            frames(h, 5);
            client[0].setSoTimeout(5000);
            client[0].receive(new DatagramPacket(new byte[2048], 2048)); // media arrives
            // A BYE naming it, from another client's RTCP port: not this session's. Then the other's own
            // BYE, which the loop reads after the first (one socket, in order).
            sendRtcp(h, stranger[1], RtcpPackets.bye(0x4242));
            h.awaitOnLoop("the other session stopped", ctx -> !ctx.sessions.get(other).isPlaying());
            boolean stillPlaying = h.onLoop(ctx -> ctx.sessions.get(id).isPlaying());
            assertThat(stillPlaying).as("a BYE from another port").isTrue();

            sendRtcp(h, client[1], RtcpPackets.bye(0x1111));
            h.awaitOnLoop("the session stopped playing on its BYE", ctx -> ctx.sessions.playingCount() == 0);
            long sent = packetsSent(h, id);
            frames(h, 30);
            assertThat(packetsSent(h, id)).as("RTP packets after the BYE").isEqualTo(sent);
            assertThat(h.counters().playingClients()).isZero();
            assertThat(control.request("TEARDOWN", h.url(), "Session: " + id).status()).isEqualTo(200);
        } finally {
            for (DatagramSocket s : client) s.close();
            for (DatagramSocket s : stranger) s.close();
        }
    }

    /** The same over TCP-interleaved RTCP (RFC 2326 §10.12, channel 1); a PLAY afterwards resumes it. */
    @Test
    void interleavedByeStopsTheMediaAndPlayResumes() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             java.net.Socket raw = new java.net.Socket(InetAddress.getLoopbackAddress(), h.port());
             RawRtspClient c = new RawRtspClient(raw)) {
            String id = setupAndPlay(h, c, "RTP/AVP/TCP;unicast;interleaved=0-1");
            frames(h, 5);
            assertThat(packetsSent(h, id)).isPositive();
            RtcpPackets.interleaved(raw.getOutputStream(), 1, RtcpPackets.bye(0x2222));
            // Handled before the next request on the same connection (one parser, in order).
            assertThat(c.request("GET_PARAMETER", h.url(), "Session: " + id).status()).isEqualTo(200);
            assertThat(h.counters().playingClients()).as("after the BYE").isZero();
            long sent = packetsSent(h, id);
            frames(h, 30);
            assertThat(packetsSent(h, id)).as("RTP packets after the BYE").isEqualTo(sent);
            assertThat(c.request("PLAY", h.url(), "Session: " + id).status()).isEqualTo(200);
            frames(h, 1); // an IDR
            assertThat(packetsSent(h, id)).as("playing again").isGreaterThan(sent);
        }
    }
}
