package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 High 2: an Error (here the OutOfMemoryError a failed direct allocation throws) while
 * serving one connection closes that connection only, is logged once, and the loop goes on; before,
 * the loop caught only RuntimeException and IOException, so its thread died and every client with it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultIsolationTest {

    @Test
    void anErrorInOneConnectionClosesOnlyThatOne() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient a = new RawRtspClient(h.port());
             RawRtspClient b = new RawRtspClient(h.port());
             RawRtspClient faulty = new RawRtspClient(h.port())) {
            playTcp(h, a);
            playTcp(h, b);
            h.loop.context().requestHook = request -> {
                if (request.header("X-Inject") != null) {
                    throw new OutOfMemoryError("Cannot reserve 1114112 bytes of direct buffer memory (injected)");
                }
            };
            faulty.sendRaw("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Inject: yes\r\n\r\n");
            assertThat(faulty.closedByServer()).as("the faulty connection is closed").isTrue();
            h.awaitOnLoop("the faulty connection gone", ctx -> ctx.connections.size() == 2);
            assertThat(h.takeErrors()).as("logged once").hasSize(1);
            assertThat(h.loop.failure()).as("the loop itself still runs").isNull();

            for (int n = 0; n < 3; n++) {
                assertThat(h.send(n == 0 ? TestStreams.idr(3000, true) : TestStreams.p(800))).isTrue();
                h.sync();
                assertThat(a.readInterleaved().channel()).as("viewer a keeps playing").isZero();
                assertThat(b.readInterleaved().channel()).as("viewer b keeps playing").isZero();
            }
            assertThat(h.counters().playingClients()).isEqualTo(2);
            try (RawRtspClient fresh = new RawRtspClient(h.port())) {
                assertThat(fresh.request("OPTIONS", "*").status()).as("new connections are served").isEqualTo(200);
            }
        }
    }

    private static void playTcp(LoopHarness h, RawRtspClient c) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", h.url() + "trackID=0",
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", h.url(), "Session: " + session).status()).isEqualTo(200);
    }
}
