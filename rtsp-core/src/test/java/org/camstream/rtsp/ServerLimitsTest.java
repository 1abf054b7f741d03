package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.testing.H264Depacketizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection limits on the wire. The time-based limits (slow requests, a reader that stops reading)
 * are checked on a fake clock in {@code server.ServerTimingTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLimitsTest {
    private RtspServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    private String url() {
        return "rtsp://127.0.0.1:" + server.port() + "/";
    }

    /**
     * Beyond the limit, when every connection holds a session: 503. (One without a session would be
     * closed for the new one instead: {@code server.LockoutTest}.)
     */
    @Test
    void connectionsBeyondTheLimitGet503() throws Exception {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).maxConnections(2).build());
        try (RawRtspClient a = new RawRtspClient(server.port()); RawRtspClient b = new RawRtspClient(server.port())) {
            assertThat(setupUdp(a, 45000)).isEqualTo(200);
            assertThat(setupUdp(b, 45002)).isEqualTo(200);
            try (RawRtspClient c = new RawRtspClient(server.port())) {
                assertThat(c.readResponse().status()).isEqualTo(503);
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(a.request("OPTIONS", "*").status()).isEqualTo(200);
        }
    }

    /**
     * One client address cannot take every connection slot (G's finding: half requests held all 64);
     * beyond its limit, when each of its connections holds a session: 503.
     */
    @Test
    void connectionsPerAddressAreLimited() throws Exception {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).maxConnectionsPerAddress(2).build());
        try (RawRtspClient a = new RawRtspClient(server.port()); RawRtspClient b = new RawRtspClient(server.port())) {
            assertThat(setupUdp(a, 45010)).isEqualTo(200);
            assertThat(setupUdp(b, 45012)).isEqualTo(200);
            try (RawRtspClient c = new RawRtspClient(server.port())) {
                assertThat(c.readResponse().status()).isEqualTo(503);
            }
        }
    }

    private int setupUdp(RawRtspClient c, int port) throws Exception {
        return c.request("SETUP", url() + "trackID=0",
                "Transport: RTP/AVP;unicast;client_port=" + port + "-" + (port + 1)).status();
    }

    private void play(RawRtspClient c) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(200);
    }

}
