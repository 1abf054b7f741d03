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

    @Test
    void connectionsBeyondTheLimitGet503() throws Exception {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).maxConnections(2).build());
        try (RawRtspClient a = new RawRtspClient(server.port()); RawRtspClient b = new RawRtspClient(server.port())) {
            assertThat(a.request("OPTIONS", "*").status()).isEqualTo(200);
            assertThat(b.request("OPTIONS", "*").status()).isEqualTo(200);
            try (RawRtspClient c = new RawRtspClient(server.port())) {
                assertThat(c.readResponse().status()).isEqualTo(503);
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(a.request("OPTIONS", "*").status()).isEqualTo(200);
        }
    }

    /** One client address cannot take every connection slot (G's finding: half requests held all 64). */
    @Test
    void connectionsPerAddressAreLimited() throws Exception {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).maxConnectionsPerAddress(2).build());
        try (RawRtspClient a = new RawRtspClient(server.port()); RawRtspClient b = new RawRtspClient(server.port())) {
            assertThat(a.request("OPTIONS", "*").status()).isEqualTo(200);
            assertThat(b.request("OPTIONS", "*").status()).isEqualTo(200);
            try (RawRtspClient c = new RawRtspClient(server.port())) {
                assertThat(c.readResponse().status()).isEqualTo(503);
            }
        }
    }

    private void play(RawRtspClient c) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(200);
    }

}
