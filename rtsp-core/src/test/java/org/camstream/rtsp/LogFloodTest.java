package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 Low 14 through the public {@link RtspLogger}: every refused connection wrote a warning,
 * synchronously on the loop. 50 refusals within a second now write 10 (the rest are counted, and the
 * count is written when the 10 s window ends: {@code server.LockoutTest#repeatedLogLinesAreRateLimited}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogFloodTest {

    @Test
    void fiftyRefusedConnectionsWriteTenWarnings() throws Exception {
        List<String> warnings = new ArrayList<>();
        RtspLogger logger = new RtspLogger() {
            @Override
            public boolean isEnabled(Level level, String source) {
                return level.compareTo(Level.WARNING) >= 0;
            }

            @Override
            public void log(Level level, String source, String message, Throwable thrown) {
                synchronized (warnings) {
                    warnings.add(message);
                }
            }
        };
        RtspServer server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).maxConnections(1).logger(logger).build());
        try (RawRtspClient viewer = new RawRtspClient(server.port())) {
            assertThat(viewer.request("SETUP", server.url() + "trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=46000-46001").status()).isEqualTo(200);
            for (int i = 0; i < 50; i++) {
                try (RawRtspClient refused = new RawRtspClient(server.port())) {
                    assertThat(refused.readResponse().status()).isEqualTo(503);
                }
            }
            assertThat(viewer.request("OPTIONS", "*").status()).isEqualTo(200); // the loop wrote its lines
            synchronized (warnings) {
                assertThat(warnings.stream().filter(w -> w.startsWith("connection refused")).count())
                        .as("warnings for 50 refused connections (50 before)").isEqualTo(10);
            }
        } finally {
            server.stop();
        }
    }
}
