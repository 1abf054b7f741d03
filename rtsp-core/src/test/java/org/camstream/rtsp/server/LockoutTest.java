package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 High 3 / Medium 7, on the fake clock: one connection that SETUPs and never PLAYs, kept
 * "alive" by a CRLF every few seconds, held every client slot for as long as it liked (others got 453),
 * and a silent socket stayed open for the whole idle timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LockoutTest {

    @Test
    void setupsThatNeverPlayExpireAndStrayBytesAreNoActivity() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient hog = new RawRtspClient(h.port())) {
            int granted = 0;
            for (int i = 0; i < 8; i++) {
                int status = hog.request("SETUP", h.url() + "trackID=0",
                        "Transport: RTP/AVP;unicast;client_port=" + (41000 + 2 * i) + "-" + (41001 + 2 * i)).status();
                if (status == 200) granted++;
                else assertThat(status).as("beyond the per-connection cap").isEqualTo(453);
            }
            assertThat(granted).as("sessions one connection may hold").isEqualTo(4);
            for (int t = 0; t < 15; t += 3) {
                hog.sendRaw("\r\n");
                h.clock.advanceMillis(3000);
                h.sync();
            }
            h.clock.advanceMillis(400);
            h.sync();
            Integer left = h.onLoop(ctx -> ctx.sessions.snapshot().length);
            assertThat(left).as("sessions 15.4 s after SETUP, never played")
                    .isZero();
            try (RawRtspClient viewer = new RawRtspClient(h.port())) {
                assertThat(viewer.request("SETUP", h.url() + "trackID=0",
                        "Transport: RTP/AVP;unicast;client_port=42000-42001").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aConnectionThatSendsNoRequestIsClosedAfterTheRequestTimeout() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> c.requestTimeoutSeconds = 2);
             RawRtspClient silent = new RawRtspClient(h.port())) {
            h.awaitOnLoop("the silent connection accepted", ctx -> ctx.connections.size() == 1);
            silent.sendRaw("\r\n");
            h.clock.advanceMillis(2000);
            h.sync();
            assertThat(h.counters().connections()).as("at exactly the timeout").isEqualTo(1);
            h.clock.advanceMillis(201);
            h.sync();
            assertThat(h.counters().connections()).as("no request within 2 s (60 s before)").isZero();
            assertThat(silent.closedByServer()).isTrue();
        }
    }
}
