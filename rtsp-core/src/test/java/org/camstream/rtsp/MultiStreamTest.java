package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several streams on one server (issue 11 item 1): each at its path and aliases, with its own SDP,
 * sessions, limits, frames and counters; unknown paths 404.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MultiStreamTest {
    /** A second SPS (640x480 Constrained Baseline, level 3.0) so the two SDPs differ. */
    static final byte[] SPS_SUB = TestStreams.hex("6742c01eda0280f6c0440000030004000000f03c58ba80");
    private final AtomicInteger mainKeyframes = new AtomicInteger();
    private final AtomicInteger subKeyframes = new AtomicInteger();
    private RtspServer server;
    private RtspStream main;
    private RtspStream sub;

    @BeforeEach
    void start() {
        server = new RtspServer(RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).maxClients(4)
                .stream(StreamSpec.builder("/live/main").aliases("/", "/stream1", "/Streaming/Channels/101")
                        .size(320, 240).keyframeRequest(mainKeyframes::incrementAndGet).build())
                .stream(StreamSpec.builder("/live/sub").aliases("/stream2", "/Streaming/Channels/102")
                        .size(640, 480).fps(5).maxClients(1).keyframeRequest(subKeyframes::incrementAndGet).build())
                .build());
        main = server.stream("/live/main");
        sub = server.stream("/Streaming/Channels/102");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String base() {
        return "rtsp://127.0.0.1:" + server.port();
    }

    @Test
    void handlesByPathAndAlias() {
        assertThat(server.streams()).containsExactly(main, sub);
        assertThat(server.stream("/stream1")).isSameAs(main);
        assertThat(server.stream("/")).isSameAs(main);
        assertThat(server.stream("/live/sub/")).isSameAs(sub);
        assertThat(sub.url()).isEqualTo(base() + "/live/sub");
        assertThat(sub.width()).isEqualTo(640);
        assertThatThrownBy(() -> server.stream("/nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void declarationErrors() {
        assertThatThrownBy(() -> new RtspServer(RtspServerOptions.builder().port(0).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no stream");
        assertThatThrownBy(() -> new RtspServer(RtspServerOptions.builder().port(0)
                .stream(StreamSpec.builder("/a").size(16, 16).build())
                .stream(StreamSpec.builder("/b").aliases("/a/").size(16, 16).build()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two streams");
        assertThatThrownBy(() -> new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .stream(StreamSpec.builder("/a").size(16, 16).build()).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamSpec.builder("live")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamSpec.builder("/a/trackID=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamSpec.builder("/a").build()).isInstanceOf(IllegalStateException.class);
    }

    /** RFC 6184 §8.1 per stream, Content-Base per path (RFC 2326 §C.1.1); the alias the client used is kept. */
    @Test
    void describePerPathAndAlias() throws Exception {
        main.send(TestStreams.idr(100, true));
        sub.send(sprop(SPS_SUB));
        FuzzSupport.sync(server);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            for (String p : new String[] {"/live/main", "/", "/stream1", "/Streaming/Channels/101/"}) {
                RawRtspClient.Response r = c.request("DESCRIBE", base() + p);
                assertThat(r.status()).as(p).isEqualTo(200);
                assertThat(r.body()).contains(Base64.getEncoder().encodeToString(TestStreams.SPS), "a=framerate:30");
                String expectedBase = base() + (p.endsWith("/") ? p : p + "/");
                assertThat(r.header("Content-Base")).isEqualTo(expectedBase.replace("//Streaming", "/Streaming"));
            }
            RawRtspClient.Response r = c.request("DESCRIBE", base() + "/stream2");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Base")).isEqualTo(base() + "/stream2/");
            assertThat(r.body()).contains(Base64.getEncoder().encodeToString(SPS_SUB), "a=framerate:5")
                    .doesNotContain(Base64.getEncoder().encodeToString(TestStreams.SPS));
            for (String p : new String[] {"/live", "/live/main/extra", "/stream3", "/trackID=0/x", "/live/other"}) {
                assertThat(c.request("DESCRIBE", base() + p).status()).as(p).isEqualTo(404);
                assertThat(c.request("OPTIONS", base() + p).status()).as(p).isEqualTo(404);
            }
            assertThat(c.request("SETUP", base() + "/stream9/trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").status()).isEqualTo(404);
            assertThat(c.request("OPTIONS", base() + "/stream2").status()).isEqualTo(200);
        }
    }

    /** Each session gets only its stream's frames; keyframe requests and counters are per stream. */
    @Test
    void framesGoToTheirStreamOnly() throws Exception {
        try (RawRtspClient m = new RawRtspClient(server.port()); RawRtspClient s = new RawRtspClient(server.port())) {
            play(m, base() + "/stream1");
            String subUrl = play(s, base() + "/live/sub");
            assertThat(mainKeyframes.get()).isEqualTo(1);
            assertThat(subKeyframes.get()).isEqualTo(1);
            assertThat(main.playingClients()).isEqualTo(1);
            assertThat(sub.playingClients()).isEqualTo(1);
            assertThat(server.stats().playingClients()).isEqualTo(2);
            assertThat(subUrl).isEqualTo(base() + "/live/sub/trackID=0");

            main.send(TestStreams.idr(1000, true));
            FuzzSupport.sync(server);
            sub.send(sprop(SPS_SUB, TestStreams.idr(2000, false)));
            FuzzSupport.sync(server);
            main.send(TestStreams.p(111));
            FuzzSupport.sync(server);
            sub.send(TestStreams.p(222));
            FuzzSupport.sync(server);

            List<List<byte[]>> mainUnits = units(m, 2);
            List<List<byte[]>> subUnits = units(s, 2);
            assertThat(mainUnits.get(0).get(0)).isEqualTo(TestStreams.SPS);
            assertThat(mainUnits.get(0).get(2)).hasSize(1001);
            assertThat(mainUnits.get(1).get(0)).hasSize(112);
            assertThat(subUnits.get(0).get(0)).isEqualTo(SPS_SUB);
            assertThat(subUnits.get(0).get(2)).hasSize(2001);
            assertThat(subUnits.get(1).get(0)).hasSize(223);
            assertThat(main.stats().framesSent()).isEqualTo(2);
            assertThat(sub.stats().framesSent()).isEqualTo(2);
            assertThat(main.stats().playingClients()).isEqualTo(1);
            assertThat(server.stats().framesSent()).isEqualTo(4);
        }
    }

    /** RFC 2326 §11.3.4: the sub stream allows one session; the main stream still takes more. */
    @Test
    void perStreamClientLimit() throws Exception {
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("SETUP", base() + "/live/sub/trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=40000-40001").status()).isEqualTo(200);
            assertThat(c.request("SETUP", base() + "/stream2/trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=40002-40003").status()).isEqualTo(453);
            assertThat(c.request("SETUP", base() + "/live/main/trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=40004-40005").status()).isEqualTo(200);
        }
    }

    private static byte[] sprop(byte[] sps, byte[]... rest) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1});
        out.writeBytes(sps);
        out.writeBytes(new byte[] {0, 0, 0, 1});
        out.writeBytes(TestStreams.PPS);
        for (byte[] r : rest) out.writeBytes(r);
        return out.toByteArray();
    }

    /** SETUP over TCP and PLAY; returns the RTP-Info url. */
    private static String play(RawRtspClient c, String url) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", url + "/trackID=0",
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").replaceAll(";.*", "");
        RawRtspClient.Response play = c.request("PLAY", url, "Session: " + session);
        assertThat(play.status()).isEqualTo(200);
        return play.header("RTP-Info").replaceAll(".*url=([^;]+);.*", "$1");
    }

    private static List<List<byte[]>> units(RawRtspClient c, int n) throws Exception {
        H264Depacketizer depacketizer = new H264Depacketizer();
        List<List<byte[]>> units = new ArrayList<>();
        while (units.size() < n) {
            RawRtspClient.Interleaved frame = c.readInterleaved();
            if (frame.channel() != 0) continue;
            depacketizer.push(frame.data(), 0, frame.data().length);
            List<byte[]> au;
            while ((au = depacketizer.poll()) != null) units.add(au);
        }
        return units;
    }
}
