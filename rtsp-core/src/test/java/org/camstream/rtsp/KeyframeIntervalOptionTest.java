package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camstream.rtsp.testing.FakeClock;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RtspServerOptions#keyframeIntervalMillis()} reaches every stream's limiter, and the public
 * stats count what it did (issue 10 High 4). Three clients PLAY at the same instant of a fake clock.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyframeIntervalOptionTest {

    @Test
    void defaultIsOneSecondAndTheRangeIsChecked() {
        assertThat(RtspServerOptions.defaults().keyframeIntervalMillis()).isEqualTo(1000);
        assertThat(RtspServerOptions.builder().keyframeIntervalMillis(0).build().keyframeIntervalMillis()).isZero();
        assertThatThrownBy(() -> RtspServerOptions.builder().keyframeIntervalMillis(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtspServerOptions.builder().keyframeIntervalMillis(60_001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void threePlaysAtOnceCallTheEncoderOnceAndAreCounted() throws Exception {
        AtomicInteger callbacks = new AtomicInteger();
        RtspServerStats stats = threePlays(RtspServerOptions.builder(), callbacks);
        assertThat(callbacks).hasValue(1);
        assertThat(stats.keyframeRequests()).isEqualTo(3);
        assertThat(stats.keyframesForced()).isEqualTo(1);
        assertThat(stats.keyframeRequestsSuppressed()).isEqualTo(2);
        assertThat(stats.keyframeRequestsIgnored()).isZero();
    }

    @Test
    void intervalZeroForwardsEveryRequest() throws Exception {
        AtomicInteger callbacks = new AtomicInteger();
        RtspServerStats stats = threePlays(RtspServerOptions.builder().keyframeIntervalMillis(0), callbacks);
        assertThat(callbacks).hasValue(3);
        assertThat(stats.keyframesForced()).isEqualTo(3);
        assertThat(stats.keyframeRequestsSuppressed()).isZero();
    }

    private static RtspServerStats threePlays(RtspServerOptions.Builder options, AtomicInteger callbacks)
            throws Exception {
        RtspServer server = new RtspServer(320, 240, options.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .clock(new FakeClock()).keyframeRequest(callbacks::incrementAndGet).build());
        try {
            String url = "rtsp://127.0.0.1:" + server.port() + "/";
            for (int i = 0; i < 3; i++) {
                try (RawRtspClient c = new RawRtspClient(server.port())) {
                    RawRtspClient.Response setup = c.request("SETUP", url + "trackID=0",
                            "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                    assertThat(setup.status()).isEqualTo(200);
                    String id = setup.header("Session").split(";")[0];
                    assertThat(c.request("PLAY", url, "Session: " + id).status()).isEqualTo(200);
                }
            }
            return server.stats();
        } finally {
            server.stop();
        }
    }
}
