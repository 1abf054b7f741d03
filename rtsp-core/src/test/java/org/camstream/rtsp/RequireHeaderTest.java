package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 2326 §12.32 / §12.40: Require gets 551 with Unsupported; other unknown headers are ignored. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequireHeaderTest {
    private RtspServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RtspServer(320, 240, RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).build());
        server.send(TestStreams.idr(10, true));
        FuzzSupport.sync(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** go2rtc's backchannel probe: 551 naming the tag, then the retry without Require plays. */
    @Test
    void requireIs551AndRetryPlays() throws Exception {
        String url = "rtsp://127.0.0.1:" + server.port() + "/";
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            RawRtspClient.Response r = c.request("DESCRIBE", url, "Require: www.onvif.org/ver20/backchannel");
            assertThat(r.status()).isEqualTo(551);
            assertThat(r.header("Unsupported")).isEqualTo("www.onvif.org/ver20/backchannel");
            assertThat(r.header("CSeq")).isEqualTo("1");
            assertThat(r.body()).isEmpty();

            RawRtspClient.Response two = c.request("SETUP", url + "trackID=0",
                    "Require: play.basic ,  com.example.x", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(two.status()).isEqualTo(551);
            assertThat(two.header("Unsupported")).isEqualTo("play.basic, com.example.x");
            assertThat(server.stats().playingClients()).isZero();

            RawRtspClient.Response retry = c.request("DESCRIBE", url, "X-Unknown-Header: whatever",
                    "Proxy-Require: gzipped-messages");
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body()).contains("sprop-parameter-sets=");
            RawRtspClient.Response setup = c.request("SETUP", url + "trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1", "X-Foo: bar");
            assertThat(setup.status()).isEqualTo(200);
            String session = setup.header("Session").replaceAll(";.*", "");
            assertThat(c.request("PLAY", url, "Session: " + session).status()).isEqualTo(200);
            assertThat(server.stats().playingClients()).isEqualTo(1);
        }
    }
}
