package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.testing.H264Depacketizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits that bound what one client can hold: connections, slow requests, a reader that stops reading. */
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

    /** Slowloris: a request started and never finished is cut off after the request timeout. */
    @Test
    void unfinishedRequestIsClosed() throws Exception {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).requestTimeoutSeconds(1).build());
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            c.sendRaw("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: slow");
            c.setTimeout(5000);
            assertThat(c.closedByServer()).isTrue();
        }
        FuzzSupport.waitUntil("connections() == 0", 10, () -> server.stats().connections() == 0);
    }

    /**
     * A TCP-interleaved client that never reads: its backlog stays bounded, it is disconnected after the
     * stalled-client timeout, and a second client keeps receiving every frame meanwhile.
     */
    @Test
    void stalledReaderIsDroppedWhileOthersContinue() throws Exception {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).maxFrameLength(200_000)
                .tcpBacklogBytes(64 * 1024).stalledClientTimeoutSeconds(2).build());
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port());
             RawRtspClient good = new RawRtspClient(server.port())) {
            stalled.setReceiveBufferSize(4096);
            RawRtspClient stalledControl = new RawRtspClient(stalled);
            play(stalledControl);
            play(good);
            FuzzSupport.waitUntil("playingClients() == 2", 10, () -> server.stats().playingClients() == 2);

            H264Depacketizer depacketizer = new H264Depacketizer();
            int received = 0;
            int frames = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.stats().connections() > 1 && System.nanoTime() < deadline) {
                server.send(frames % 30 == 0 ? TestStreams.idr(100_000, true) : TestStreams.p(100_000));
                frames++;
                // Read everything the good client got for this frame (one access unit per send).
                while (true) {
                    RawRtspClient.Interleaved f = good.readInterleaved();
                    if (f.channel() != 0) continue;
                    depacketizer.push(f.data(), 0, f.data().length);
                    if (depacketizer.poll() != null) {
                        received++;
                        break;
                    }
                }
            }
            assertThat(server.stats().connections()).as("stalled client disconnected").isEqualTo(1);
            assertThat(received).as("good client got every frame").isEqualTo(frames);
            assertThat(depacketizer.droppedNals()).isZero();
        }
    }

    private void play(RawRtspClient c) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(200);
    }

}
