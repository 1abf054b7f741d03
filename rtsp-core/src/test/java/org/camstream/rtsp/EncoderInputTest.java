package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 11 items 3 and 7: AVCC and byte-stream input, B slices reported, bad input counted and isolated. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EncoderInputTest {
    private RtspServer server;
    private RtspStream pipe;
    private RtspStream other;

    @BeforeEach
    void start() {
        server = new RtspServer(RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).queuedFrames(64)
                .stream(StreamSpec.builder("/pipe").size(320, 240).maxFrameLength(4000).build())
                .stream(StreamSpec.builder("/other").size(320, 240).build())
                .build());
        pipe = server.stream("/pipe");
        other = server.stream("/other");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String play(RawRtspClient c, String path) throws Exception {
        String url = "rtsp://127.0.0.1:" + server.port() + path;
        RawRtspClient.Response setup = c.request("SETUP", url + "/trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        String session = setup.header("Session").replaceAll(";.*", "");
        assertThat(c.request("PLAY", url, "Session: " + session).status()).isEqualTo(200);
        return url;
    }

    private static byte[] nal(byte[] annexB) {
        return java.util.Arrays.copyOfRange(annexB, 4, annexB.length);
    }

    @Test
    void byteStreamIsSplitAndBadInputIsDroppedUntilTheNextIdr() throws Exception {
        byte[] idr = nal(TestStreams.idr(300, false));
        byte[] p = nal(TestStreams.p(100));
        byte[] pBroken = p.clone();
        pBroken[0] |= (byte) 0x80;
        byte[] bSlice = {0x01, (byte) 0xA8, (byte) 0x81, (byte) 0x82, (byte) 0x83, (byte) 0x84, (byte) 0x85, (byte) 0x86,
            (byte) 0x87};
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[] {0x55, 0x66, 0x77}); // garbage before the first start code
        in.writeBytes(ParameterSetsTest.annexB(TestStreams.SPS, TestStreams.PPS, idr)); // 1 (delivered)
        in.writeBytes(ParameterSetsTest.annexB(p));        // 2 delivered
        in.writeBytes(ParameterSetsTest.annexB(pBroken));  // damaged: dropped
        in.writeBytes(ParameterSetsTest.annexB(p));        // 3 skipped: its reference chain is broken
        in.writeBytes(ParameterSetsTest.annexB(nal(TestStreams.idr(5000, false)))); // oversize: dropped
        in.writeBytes(ParameterSetsTest.annexB(idr));      // 4 delivered, SPS/PPS prepended
        in.writeBytes(ParameterSetsTest.annexB(bSlice));   // 5 delivered, counted as B
        in.writeBytes(ParameterSetsTest.annexB(p));        // unfinished at the end: dropped
        try (RawRtspClient c = new RawRtspClient(server.port()); RawRtspClient o = new RawRtspClient(server.port())) {
            play(c, "/pipe");
            play(o, "/other");
            long units = pipe.readAnnexB(new ByteArrayInputStream(in.toByteArray()));
            assertThat(units).isEqualTo(5);
            other.send(TestStreams.idr(50, true)); // the other stream keeps serving
            FuzzSupport.sync(server);
            List<List<byte[]>> got = ParameterSetsTest.units(c, 4);
            assertThat(got.get(0)).hasSize(3);
            assertThat(got.get(1).get(0)).isEqualTo(p);
            assertThat(got.get(2)).containsExactly(TestStreams.SPS, TestStreams.PPS, idr);
            assertThat(got.get(3)).containsExactly(bSlice);
            assertThat(ParameterSetsTest.units(o, 1).get(0)).hasSize(3);
            RtspServerStats s = pipe.stats();
            assertThat(s.inputErrors()).isEqualTo(3); // garbage, damaged, unfinished
            assertThat(s.framesOversize()).isEqualTo(1);
            assertThat(s.framesWithBSlices()).isEqualTo(1);
            assertThat(s.framesSent()).isEqualTo(4);
            assertThat(other.stats().inputErrors()).isZero();
        }
    }

    @Test
    void avccAccessUnitsWithTheirRecord() throws Exception {
        byte[] record = avcC(TestStreams.SPS, TestStreams.PPS, 2);
        pipe.configureAvcc(record);
        FuzzSupport.sync(server);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String url = play(c, "/pipe");
            assertThat(c.request("DESCRIBE", url).body()).contains("sprop-parameter-sets=", "profile-level-id=42C00D");
            byte[] idr = nal(TestStreams.idr(300, false));
            byte[] p = nal(TestStreams.p(100));
            byte[] sei = {0x06, 0x05, 0x01, (byte) 0x80};
            assertThat(pipe.sendAvcc(avcc(2, sei, idr), 0, avcc(2, sei, idr).length)).isTrue();
            FuzzSupport.sync(server);
            byte[] cut = avcc(2, p);
            assertThat(pipe.sendAvcc(cut, 0, cut.length - 1)).isFalse(); // prefix says more than there is
            // The dropped picture may be a reference: the client waits for the next IDR (H.264 §8.2.1).
            assertThat(pipe.sendAvcc(avcc(2, p), 0, avcc(2, p).length)).isTrue();
            FuzzSupport.sync(server);
            assertThat(pipe.sendAvcc(avcc(2, idr), 0, avcc(2, idr).length)).isTrue();
            FuzzSupport.sync(server);
            List<List<byte[]>> got = ParameterSetsTest.units(c, 2);
            assertThat(got.get(0)).containsExactly(TestStreams.SPS, TestStreams.PPS, sei, idr);
            assertThat(got.get(1)).containsExactly(TestStreams.SPS, TestStreams.PPS, idr);
            assertThat(pipe.stats().inputErrors()).isEqualTo(1);
        }
        assertThatThrownBy(() -> other.sendAvcc(new byte[4], 0, 4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pipe.configureAvcc(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        byte[] bad = record.clone();
        bad[7] = 0x7F; // SPS length beyond the record
        assertThatThrownBy(() -> pipe.configureAvcc(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPS length");
    }

    /** ISO/IEC 14496-15 §5.3.3.1. */
    static byte[] avcC(byte[] sps, byte[] pps, int lengthSize) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(new byte[] {1, sps[1], sps[2], sps[3], (byte) (0xFC | (lengthSize - 1)), (byte) 0xE1});
        r.write(sps.length >> 8);
        r.write(sps.length);
        r.writeBytes(sps);
        r.write(1);
        r.write(pps.length >> 8);
        r.write(pps.length);
        r.writeBytes(pps);
        return r.toByteArray();
    }

    static byte[] avcc(int lengthSize, byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            for (int i = lengthSize - 1; i >= 0; i--) out.write(n.length >> (8 * i));
            out.writeBytes(n);
        }
        return out.toByteArray();
    }
}
