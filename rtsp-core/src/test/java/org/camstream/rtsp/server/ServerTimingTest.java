package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.rtp.RtpHeader;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's timers on a fake clock (issue #9): session expiry (RFC 2326 §12.37), the request and
 * stalled-reader limits, RTCP sender report intervals (RFC 3550 §6.2, §6.4.1) and the cadence polling
 * that spares the producer a wake-up. Real loop, real sockets; time moves only by
 * {@link org.camstream.rtsp.testing.FakeClock#advanceMillis}, and nothing sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerTimingTest {

    private static String play(LoopHarness h, RawRtspClient c, String transport) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", h.url() + "trackID=0", "Transport: " + transport);
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", h.url(), "Session: " + session).status()).isEqualTo(200);
        return session;
    }

    /** RFC 2326 §12.37: a UDP session silent for longer than its timeout ends; then its idle connection closes. */
    @Test
    void silentUdpSessionExpiresAfterItsTimeoutNotBefore() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> c.sessionTimeoutSeconds = 1);
             RawRtspClient c = new RawRtspClient(h.port())) {
            String session = play(h, c, "RTP/AVP;unicast;client_port=40020-40021");
            h.sync();
            assertThat(h.counters().playingClients()).isEqualTo(1);
            h.clock.advanceMillis(1000);
            h.sync();
            assertThat(h.counters().playingClients()).as("at exactly the timeout").isEqualTo(1);
            h.clock.advanceMillis(201); // the next 200 ms tick, 1.201 s after the PLAY
            h.sync();
            assertThat(h.counters().playingClients()).as("after the timeout").isZero();
            assertThat(h.counters().connections()).as("the idle connection without sessions").isZero();
            assertThat(c.closedByServer()).isTrue();
            try (RawRtspClient again = new RawRtspClient(h.port())) {
                assertThat(again.request("GET_PARAMETER", h.url(), "Session: " + session).status()).isEqualTo(454);
            }
        }
    }

    /** A keep-alive naming the session restarts its timeout (RFC 2326 §10.8, §12.37). */
    @Test
    void keepAliveRestartsTheTimeout() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> c.sessionTimeoutSeconds = 1);
             RawRtspClient c = new RawRtspClient(h.port())) {
            String session = play(h, c, "RTP/AVP;unicast;client_port=40030-40031");
            for (int i = 0; i < 5; i++) {
                h.clock.advanceMillis(800);
                assertThat(c.request("GET_PARAMETER", h.url(), "Session: " + session).status()).isEqualTo(200);
            }
            h.sync();
            assertThat(h.counters().playingClients()).as("4 s of keep-alives every 0.8 s").isEqualTo(1);
            h.clock.advanceMillis(1201);
            h.sync();
            assertThat(h.counters().playingClients()).isZero();
        }
    }

    /**
     * An interleaved session lives as long as its connection shows traffic: here requests without a
     * Session header, as some clients send their keep-alives (RFC 2326 §12.37).
     */
    @Test
    void interleavedSessionLivesWhileItsConnectionTalks() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> c.sessionTimeoutSeconds = 1);
             RawRtspClient c = new RawRtspClient(h.port())) {
            play(h, c, "RTP/AVP/TCP;unicast;interleaved=0-1");
            h.clock.advanceMillis(900);
            assertThat(c.request("OPTIONS", "*").status()).isEqualTo(200);
            h.clock.advanceMillis(900);
            h.sync();
            assertThat(h.counters().playingClients()).as("1.8 s after PLAY, 0.9 s after the OPTIONS").isEqualTo(1);
            h.clock.advanceMillis(300);
            h.sync();
            assertThat(h.counters().playingClients()).as("1.2 s after the last traffic").isZero();
        }
    }

    /** Slowloris: a request started and not finished within the request timeout closes its connection. */
    @Test
    void unfinishedRequestIsCutOffAfterTheRequestTimeout() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> c.requestTimeoutSeconds = 1);
             RawRtspClient c = new RawRtspClient(h.port())) {
            c.sendRaw("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: slow");
            h.awaitOnLoop("the partial request read", ctx -> ctx.connections.size() == 1
                    && ctx.connections.get(0).holdsPartialRequest());
            h.clock.advanceMillis(1000);
            h.sync();
            assertThat(h.counters().connections()).as("at exactly the timeout").isEqualTo(1);
            h.clock.advanceMillis(201);
            h.sync();
            assertThat(h.counters().connections()).isZero();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /**
     * A TCP-interleaved client that never reads: its backlog stays bounded, it is cut off once it has
     * been stalled for longer than the stalled-client timeout (not earlier), and a second client gets
     * every frame meanwhile. The kernel may still take bytes now and then (its buffers grow), which
     * un-stalls the reader for a moment; so time moves in 250 ms steps, one frame per step, and the cut
     * is checked against the stall start the server had when it happened.
     */
    @Test
    void stalledReaderIsCutOffWhileAnotherGetsEveryFrame() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> {
            c.maxFrameLength = 200_000;
            c.tcpBacklogBytes = 64 * 1024;
            c.stalledClientTimeoutSeconds = 2;
        }, null, 640, 480);
             Socket stalledSocket = new Socket(InetAddress.getLoopbackAddress(), h.port());
             RawRtspClient good = new RawRtspClient(h.port())) {
            stalledSocket.setReceiveBufferSize(4096);
            int stalledPort = stalledSocket.getLocalPort();
            RawRtspClient stalled = new RawRtspClient(stalledSocket);
            play(h, stalled, "RTP/AVP/TCP;unicast;interleaved=0-1");
            play(h, good, "RTP/AVP/TCP;unicast;interleaved=0-1");
            H264Depacketizer depacketizer = new H264Depacketizer();
            int frames = 0;
            long stallStart = 0;
            while (true) {
                assertThat(frames).as("steps until the non-reader is cut off").isLessThan(400);
                sendAndReceive(h, good, depacketizer, frames++);
                Long since = h.onLoop(ctx -> {
                    for (RtspConnection conn : ctx.connections) {
                        if (conn.remote().getPort() == stalledPort) return conn.stalledSinceNanos();
                    }
                    return null;
                });
                assertThat(since).as("the non-reader is still connected before the tick").isNotNull();
                stallStart = since;
                h.clock.advanceMillis(250);
                h.sync(); // a tick: the limit is checked
                if (h.counters().connections() == 1) break;
            }
            assertThat(stallStart).as("it was stalled when cut off").isNotZero();
            assertThat(h.clock.nanoTime() - stallStart).as("stalled for longer than the timeout")
                    .isGreaterThan(TimeUnit.SECONDS.toNanos(2));
            // (Not read to its EOF: megabytes of media wait in its socket buffers.)
            for (int i = 0; i < 5; i++) sendAndReceive(h, good, depacketizer, frames++);
            assertThat(depacketizer.droppedNals()).isZero();
        }
    }

    /** Sends frame {@code n} (an IDR every 30) and reads exactly that access unit on {@code c}. */
    private static void sendAndReceive(LoopHarness h, RawRtspClient c, H264Depacketizer d, int n) throws Exception {
        assertThat(h.send(n % 30 == 0 ? TestStreams.idr(100_000, true) : TestStreams.p(100_000))).isTrue();
        h.sync();
        while (true) {
            RawRtspClient.Interleaved f = c.readInterleaved();
            if (f.channel() != 0) continue;
            d.push(f.data(), 0, f.data().length);
            List<byte[]> au = d.poll();
            if (au != null) {
                assertThat(au.get(au.size() - 1)).as("frame %d", n).hasSize(100_001);
                return;
            }
        }
    }

    /**
     * RFC 3550 §6.4.1 and §6.2: the first sender report follows the first media at the next tick, the
     * next one 5 s later and not earlier; each carries the session's SSRC and packet count, the fake wall
     * clock as NTP time, and an RTP timestamp on the same 90 kHz clock as the media (RFC 6184 §5.1).
     */
    @Test
    void senderReportsFollowTheMediaEveryFiveSeconds() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            play(h, c, "RTP/AVP/TCP;unicast;interleaved=0-1");
            h.send(TestStreams.idr(3000, true));
            h.sync();
            Media first = readFrame(c);
            assertThat(first.senderReports).as("no report before media was sent").isEmpty();

            h.clock.advanceMillis(200);
            long wallAtReport = h.clock.currentTimeMillis();
            h.sync();
            h.send(TestStreams.p(500));
            h.sync();
            Media second = readFrame(c);
            assertThat(second.senderReports).hasSize(1);
            byte[] sr = second.senderReports.get(0);
            assertThat(sr[1] & 0xFF).isEqualTo(200);                                  // PT=SR
            assertThat(readInt(sr, 4)).isEqualTo(first.ssrc);                          // sender SSRC
            assertThat(readInt(sr, 20)).isEqualTo(first.packets);                      // packets before it
            assertThat(readInt(sr, 24)).isEqualTo(first.payloadOctets);                // octets before it
            assertThat(Integer.toUnsignedLong(readInt(sr, 8)))                          // NTP seconds
                    .isEqualTo(wallAtReport / 1000 + 2_208_988_800L);
            long fraction = Integer.toUnsignedLong(readInt(sr, 12));
            assertThat(Math.abs(fraction - (wallAtReport % 1000) * (1L << 32) / 1000)).isLessThan(1L << 13);
            // 200 ms after the first frame's capture on the 90 kHz clock.
            assertThat(readInt(sr, 16) - first.rtpTimestamp).isEqualTo(18_000);
            assertThat(sr.length).isGreaterThan(28);
            assertThat(sr[28 + 1] & 0xFF).isEqualTo(202);                             // SDES follows (§6.1)

            h.clock.advanceMillis(4800);                                              // 4.8 s after the report
            h.sync();
            h.send(TestStreams.p(500));
            h.sync();
            assertThat(readFrame(c).senderReports).as("4.8 s after the last report").isEmpty();

            h.clock.advanceMillis(200);                                               // 5.0 s
            h.sync();
            h.send(TestStreams.p(500));
            h.sync();
            assertThat(readFrame(c).senderReports).as("5 s after the last report").hasSize(1);
        }
    }

    /** What a client read up to and including the next frame's last packet. */
    private static final class Media {
        final List<byte[]> senderReports = new java.util.ArrayList<>();
        int ssrc;
        int packets;
        int payloadOctets;
        int rtpTimestamp;
    }

    private static Media readFrame(RawRtspClient c) throws Exception {
        Media m = new Media();
        while (true) {
            RawRtspClient.Interleaved f = c.readInterleaved();
            if (f.channel() == 1) {
                m.senderReports.add(f.data());
                continue;
            }
            m.ssrc = RtpHeader.ssrc(f.data(), 0);
            m.rtpTimestamp = RtpHeader.timestamp(f.data(), 0);
            m.packets++;
            m.payloadOctets += f.data().length - RtpHeader.SIZE;
            if (RtpHeader.marker(f.data(), 0)) return m;
        }
    }

    /**
     * FrameCadence on a fake clock: once the loop has seen a steady 20 ms producer, it polls for the
     * frame it expects, so a send() inside the predicted window never has to wake it. Every frame
     * still arrives, in order, also one that comes late. (Whether a send before the prediction finds
     * the loop blocked depends on where the loop thread is at that instant, so only the polled frames
     * are counted; {@link EventLoopWaitTest} checks the decision itself.)
     */
    @Test
    void aSteadyProducerIsPolledForAndOnlyALateFrameWakesTheLoop() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            play(h, c, "RTP/AVP/TCP;unicast;interleaved=0-1");
            H264Depacketizer depacketizer = new H264Depacketizer();
            long[] wakeupsAfter = new long[31];
            for (int i = 0; i < 30; i++) {
                if (i > 0) h.clock.advance(19_500, TimeUnit.MICROSECONDS); // 0.5 ms before it is due
                h.sync();
                if (i > 0) h.clock.advance(500, TimeUnit.MICROSECONDS);
                h.send(tagged(i));
                h.sync();
                expectFrame(c, depacketizer, i);
                wakeupsAfter[i] = h.stream.counters().senderWakeups.get();
            }
            // Four intervals are needed to predict (FrameCadence): from frame 5 on the loop polls.
            assertThat(wakeupsAfter[29] - wakeupsAfter[4]).as("wake-ups by frames 5-29, all on time").isZero();

            h.clock.advanceMillis(40); // 20 ms late: outside the window, the loop blocks again
            h.sync();
            h.send(tagged(30));
            h.sync();
            expectFrame(c, depacketizer, 30);
            assertThat(h.stream.counters().framesSent.get()).isEqualTo(31);
        }
    }

    private static byte[] tagged(int i) {
        byte[] au = TestStreams.idr(1000 + i, true);
        au[au.length - 1] = (byte) (0x80 | i);
        return au;
    }

    private static void expectFrame(RawRtspClient c, H264Depacketizer d, int i) throws Exception {
        while (true) {
            RawRtspClient.Interleaved f = c.readInterleaved();
            if (f.channel() != 0) continue;
            d.push(f.data(), 0, f.data().length);
            List<byte[]> au = d.poll();
            if (au != null) {
                byte[] idr = au.get(au.size() - 1);
                assertThat(idr).as("frame %d", i).hasSize(1001 + i);
                assertThat(idr[idr.length - 1]).isEqualTo((byte) (0x80 | i));
                return;
            }
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
