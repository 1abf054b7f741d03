package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11 item 2: SPS+PPS before every IDR for every client (RFC 6184 §8.4), the newest ones in the
 * SDP (§8.1), and a mid-stream change reaching both new DESCRIBEs and playing clients.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParameterSetsTest {
    private RtspServer server;

    @BeforeEach
    void start() {
        server = new RtspServer(320, 240, RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String url() {
        return "rtsp://127.0.0.1:" + server.port() + "/";
    }

    @Test
    void everyIdrCarriesTheNewestParameterSets() throws Exception {
        server.send(TestStreams.idr(10, true)); // SPS/PPS only once, at the start
        FuzzSupport.sync(server);
        try (RawRtspClient a = new RawRtspClient(server.port()); RawRtspClient b = new RawRtspClient(server.port())) {
            play(a);
            play(b);
            send(TestStreams.idr(700, false));
            send(TestStreams.p(50));
            send(TestStreams.idr(800, false)); // both clients already play: still prefixed
            send(TestStreams.p(60));
            // SPS changes mid-stream, in an access unit of its own (as some encoders write it) ...
            byte[] changed = annexB(MultiStreamTest.SPS_SUB, TestStreams.PPS);
            send(changed);
            send(TestStreams.idr(900, false)); // ... the next IDR carries the new one in-band
            for (RawRtspClient c : new RawRtspClient[] {a, b}) {
                List<List<byte[]>> units = units(c, 6);
                assertIdr(units.get(0), TestStreams.SPS, 701);
                assertThat(units.get(1)).hasSize(1);
                assertIdr(units.get(2), TestStreams.SPS, 801);
                assertThat(units.get(3).get(0)).hasSize(61);
                assertThat(units.get(4)).containsExactly(MultiStreamTest.SPS_SUB, TestStreams.PPS);
                assertIdr(units.get(5), MultiStreamTest.SPS_SUB, 901);
            }
            RawRtspClient.Response d = a.request("DESCRIBE", url());
            assertThat(d.body()).contains("sprop-parameter-sets=" + Base64.getEncoder().encodeToString(MultiStreamTest.SPS_SUB))
                    .doesNotContain(Base64.getEncoder().encodeToString(TestStreams.SPS));
        }
    }

    /** An IDR that brings its own parameter sets is sent as it is, not with a second copy. */
    @Test
    void idrWithParameterSetsIsNotPrefixedTwice() throws Exception {
        server.send(TestStreams.idr(10, true));
        FuzzSupport.sync(server);
        try (RawRtspClient a = new RawRtspClient(server.port())) {
            play(a);
            send(TestStreams.idr(300, true));
            List<byte[]> idr = units(a, 1).get(0);
            assertThat(idr).hasSize(3);
            assertIdr(idr, TestStreams.SPS, 301);
        }
    }

    private void send(byte[] au) throws InterruptedException {
        assertThat(server.send(au)).isTrue();
        FuzzSupport.sync(server);
    }

    private static void assertIdr(List<byte[]> au, byte[] sps, int sliceLength) {
        assertThat(au).hasSize(3);
        assertThat(au.get(0)).isEqualTo(sps);
        assertThat(au.get(1)).isEqualTo(TestStreams.PPS);
        assertThat(au.get(2)[0] & 0x1F).isEqualTo(5);
        assertThat(au.get(2)).hasSize(sliceLength);
    }

    private void play(RawRtspClient c) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0",
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        String session = setup.header("Session").replaceAll(";.*", "");
        assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(200);
    }

    static byte[] annexB(byte[]... nals) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    static List<List<byte[]>> units(RawRtspClient c, int n) throws Exception {
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
