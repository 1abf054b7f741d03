package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camstream.rtp.NalUnitType;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.camstream.rtsp.stream.StreamCounters;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keyframe-request amplification (issue 10 High 4, Medium 5): whatever the clients send, the
 * producer is asked for an IDR at most once per interval (1 s by default) per stream, RTCP PLI/FIR
 * (RFC 4585 §6.3.1, RFC 5104 §4.3.1) count only from a playing session naming its own SSRC, and a
 * session waiting for an IDR still gets one within the interval. Real loop and loopback sockets on a
 * fake clock: one frame every 33 ms of fake time, each read whole by a playing TCP viewer before the
 * next one is made; the producer makes an IDR only when its keyframe callback asked for one (as
 * {@code H264Encoder.requestKeyframe} does), so every IDR the viewer sees is one a request forced.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyframeRequestLimitTest {
    private static final int FRAME_BYTES = 20_000;
    private static final long FRAME_MILLIS = 33;

    /** The producer: an IDR (with SPS/PPS) when the callback asked since the last frame, else a P frame. */
    private static final class Producer {
        final AtomicBoolean idrAsked = new AtomicBoolean();
        final int frameBytes;

        Producer(LoopHarness h, int frameBytes) {
            this.frameBytes = frameBytes;
            h.onKeyframeRequest = () -> idrAsked.set(true);
        }

        byte[] next() {
            return idrAsked.getAndSet(false) ? TestStreams.idr(frameBytes, true) : TestStreams.p(frameBytes);
        }
    }

    /** A TCP-interleaved viewer that reads every frame and counts the IDRs among them. */
    private static final class Viewer {
        final RawRtspClient client;
        final H264Depacketizer depacketizer = new H264Depacketizer();
        int frames;
        int idrs;
        /** RTP bytes received (headers included), the viewer's download. */
        long bytes;

        Viewer(RawRtspClient client) {
            this.client = client;
        }

        /** Reads one access unit; true when it held an IDR slice (H.264 Table 7-1 type 5). */
        boolean readFrame() throws Exception {
            while (true) {
                RawRtspClient.Interleaved f = client.readInterleaved();
                if (f.channel() != 0) continue; // sender reports
                bytes += f.data().length;
                depacketizer.push(f.data(), 0, f.data().length);
                List<byte[]> au = depacketizer.poll();
                if (au == null) continue;
                boolean idr = false;
                for (byte[] nal : au) idr |= NalUnitType.of(nal[0]) == NalUnitType.IDR_SLICE;
                frames++;
                if (idr) idrs++;
                return idr;
            }
        }
    }

    private static String setup(LoopHarness h, RawRtspClient c, String transport) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", h.url() + "trackID=0", "Transport: " + transport);
        assertThat(setup.status()).isEqualTo(200);
        return setup.header("Session").split(";")[0] + " " + setup.header("Transport");
    }

    private static String play(LoopHarness h, RawRtspClient c, String transport) throws Exception {
        String idAndTransport = setup(h, c, transport);
        String id = idAndTransport.split(" ")[0];
        assertThat(c.request("PLAY", h.url(), "Session: " + id).status()).isEqualTo(200);
        return idAndTransport;
    }

    private static Viewer viewer(LoopHarness h, RawRtspClient c) throws Exception {
        play(h, c, "RTP/AVP/TCP;unicast;interleaved=0-1");
        return new Viewer(c);
    }

    /** One frame period: the clock moves 33 ms, the producer sends a frame, the viewer reads it. */
    private static boolean step(LoopHarness h, Producer p, Viewer v) throws Exception {
        h.clock.advanceMillis(FRAME_MILLIS);
        assertThat(h.send(p.next())).isTrue();
        return v.readFrame();
    }

    /** RTP and RTCP sockets of a UDP client on an even/odd loopback port pair (RFC 3550 §11). */
    private static DatagramSocket[] udpPair() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            if (rtp.getLocalPort() % 2 == 0 && rtp.getLocalPort() < 65535) {
                try {
                    DatagramSocket rtcp = new DatagramSocket(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), rtp.getLocalPort() + 1));
                    return new DatagramSocket[] {rtp, rtcp};
                } catch (java.net.BindException e) {
                    // taken: try another pair
                }
            }
            rtp.close();
        }
        throw new AssertionError("no free UDP port pair");
    }

    private static String udpTransport(DatagramSocket[] pair) {
        return "RTP/AVP;unicast;client_port=" + pair[0].getLocalPort() + "-" + pair[1].getLocalPort();
    }

    private static long feedbackSeen(StreamCounters c) {
        return c.keyframeRequests.get() + c.keyframeRequestsIgnored.get();
    }

    /** Sends {@code rtcp} from the client's RTCP port and waits until the loop has handled it. */
    private static void sendRtcp(LoopHarness h, DatagramSocket rtcpSocket, byte[] rtcp) throws Exception {
        long before = feedbackSeen(h.stream.counters());
        rtcpSocket.send(new DatagramPacket(rtcp, rtcp.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), h.loop.rtpPort() + 1)));
        h.awaitOnLoop("RTCP feedback handled", ctx -> feedbackSeen(h.stream.counters()) > before);
    }

    /**
     * High 4: a session that only SETUPs (and downloads nothing) sends 30 PLI/s naming its SSRC for
     * 10 s while another viewer plays. Before: every PLI forced an IDR for every viewer (300 IDRs in
     * 300 frames). Now: none; the viewer sees the one IDR its own PLAY asked for.
     */
    @Test
    void pliFloodFromASetupOnlySessionForcesNoIdr() throws Exception {
        DatagramSocket[] flooder = udpPair();
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient viewerClient = new RawRtspClient(h.port());
             RawRtspClient flooderClient = new RawRtspClient(h.port())) {
            Producer producer = new Producer(h, FRAME_BYTES);
            Viewer viewer = viewer(h, viewerClient);
            int ssrc = RtcpPackets.ssrcOf(setup(h, flooderClient, udpTransport(flooder)).split(" ", 2)[1]);
            for (int i = 0; i < 300; i++) {
                sendRtcp(h, flooder[1], RtcpPackets.pli(0x1234, ssrc));
                step(h, producer, viewer);
            }
            assertThat(viewer.frames).isEqualTo(300);
            assertThat(viewer.idrs).as("IDRs the viewer got in 10 s of a 30/s PLI flood").isEqualTo(1);
            assertThat(h.keyframeRequests).as("keyframe callbacks: the viewer's PLAY only").hasValue(1);
            assertThat(h.stream.counters().keyframeRequestsIgnored).hasValue(300);
        } finally {
            flooder[0].close();
            flooder[1].close();
        }
    }

    /**
     * High 4: a playing session may ask for IDRs (RFC 4585 §6.3.1), but 30 PLI/FIR per second for 10 s
     * force at most one per second: 10-11 IDRs in 300 frames instead of 300, and the last request is
     * still answered.
     */
    @Test
    void pliAndFirFloodFromAPlayingSessionForcesAtMostOneIdrPerSecond() throws Exception {
        DatagramSocket[] flooder = udpPair();
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient viewerClient = new RawRtspClient(h.port());
             RawRtspClient flooderClient = new RawRtspClient(h.port())) {
            Producer producer = new Producer(h, FRAME_BYTES);
            Viewer viewer = viewer(h, viewerClient);
            int ssrc = RtcpPackets.ssrcOf(play(h, flooderClient, udpTransport(flooder)).split(" ", 2)[1]);
            int idrs = 0;
            for (int i = 0; i < 300; i++) {
                sendRtcp(h, flooder[1], i % 2 == 0 ? RtcpPackets.pli(0x1234, ssrc) : RtcpPackets.fir(0x1234, ssrc, i));
                if (step(h, producer, viewer)) idrs++;
            }
            assertThat(idrs).as("IDRs in 10 s of 30 requests/s").isBetween(10, 12);
            assertThat(h.keyframeRequests.get()).as("keyframe callbacks").isBetween(10, 12);
            assertThat(h.stream.counters().keyframeRequests.get()).isGreaterThanOrEqualTo(300);
            for (int i = 0; i < 31; i++) step(h, producer, viewer); // the last request, answered within 1 s
            assertThat(viewer.idrs).as("the last request remembered and answered").isEqualTo(idrs + 1);
        } finally {
            flooder[0].close();
            flooder[1].close();
        }
    }

    /** High 4: a PLI or FIR from a playing session naming another source than its own is not for us (RFC 4585 §6.1). */
    @Test
    void keyframeRequestNamingAnotherSsrcIsIgnored() throws Exception {
        DatagramSocket[] client = udpPair();
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient viewerClient = new RawRtspClient(h.port());
             RawRtspClient otherClient = new RawRtspClient(h.port())) {
            Producer producer = new Producer(h, FRAME_BYTES);
            Viewer viewer = viewer(h, viewerClient);
            int ssrc = RtcpPackets.ssrcOf(play(h, otherClient, udpTransport(client)).split(" ", 2)[1]);
            for (int i = 0; i < 60; i++) step(h, producer, viewer); // 2 s: the interval is long over
            int before = h.keyframeRequests.get();
            sendRtcp(h, client[1], RtcpPackets.pli(0x1234, ssrc + 1));
            sendRtcp(h, client[1], RtcpPackets.fir(0x1234, ssrc ^ 0x8000_0000, 1));
            for (int i = 0; i < 60; i++) assertThat(step(h, producer, viewer)).isFalse();
            assertThat(h.keyframeRequests.get()).isEqualTo(before);
            assertThat(h.stream.counters().keyframeRequestsIgnored).hasValue(2);
            sendRtcp(h, client[1], RtcpPackets.pli(0x1234, ssrc)); // its own: honoured at once
            assertThat(h.keyframeRequests.get()).isEqualTo(before + 1);
            assertThat(step(h, producer, viewer)).isTrue();
        } finally {
            client[0].close();
            client[1].close();
        }
    }

    /**
     * High 4, "the same via a fast PLAY/PAUSE loop": 30 PLAY+PAUSE pairs per second for 5 s. Before:
     * each PLAY forced an IDR (150). Now: at most one per second.
     */
    @Test
    void playPauseLoopForcesAtMostOneIdrPerSecond() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient viewerClient = new RawRtspClient(h.port());
             RawRtspClient looper = new RawRtspClient(h.port())) {
            Producer producer = new Producer(h, FRAME_BYTES);
            Viewer viewer = viewer(h, viewerClient);
            String id = setup(h, looper, "RTP/AVP/TCP;unicast;interleaved=0-1").split(" ")[0];
            int idrs = 0;
            for (int i = 0; i < 150; i++) {
                assertThat(looper.request("PLAY", h.url(), "Session: " + id).status()).isEqualTo(200);
                assertThat(looper.request("PAUSE", h.url(), "Session: " + id).status()).isEqualTo(200);
                if (step(h, producer, viewer)) idrs++;
            }
            assertThat(idrs).as("IDRs in 5 s of 30 PLAY/PAUSE per second").isBetween(5, 6);
            assertThat(h.keyframeRequests.get()).as("keyframe callbacks").isBetween(5, 7);
        }
    }

    /**
     * A request inside the interval is remembered, not dropped: a viewer that starts 100 ms after
     * another gets its first IDR once the interval since the first one's is over (1 s), not later,
     * and not earlier.
     */
    @Test
    void aSessionWaitingForAnIdrGetsOneWithinTheInterval() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient firstClient = new RawRtspClient(h.port());
             RawRtspClient secondClient = new RawRtspClient(h.port())) {
            Producer producer = new Producer(h, FRAME_BYTES);
            Viewer first = viewer(h, firstClient);
            long firstAsked = h.clock.nanoTime();
            for (int i = 0; i < 3; i++) step(h, producer, first);
            Viewer second = viewer(h, secondClient);
            assertThat(h.keyframeRequests).as("the second PLAY, inside the interval").hasValue(1);
            long secondAsked = -1;
            for (int i = 0; i < 40 && secondAsked < 0; i++) {
                step(h, producer, first);
                if (h.keyframeRequests.get() == 2) secondAsked = h.clock.nanoTime();
            }
            assertThat(secondAsked).as("the remembered request was forwarded").isPositive();
            assertThat(secondAsked - firstAsked).as("forwarded once the interval is over, at the next frame")
                    .isBetween(TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1000 + FRAME_MILLIS));
            assertThat(step(h, producer, first)).as("the next frame is the IDR").isTrue();
            assertThat(second.readFrame()).as("the second viewer's first frame").isTrue();
            assertThat(second.frames).isEqualTo(1);
        }
    }

    /**
     * Medium 5: a TCP viewer that stops reading fails every IDR once its backlog is full, and each
     * failure asked for another IDR: the other viewer got an IDR in every frame until the stalled one
     * was cut off. Now its resync is rate-limited like any request: at most one IDR per second for
     * the other viewer (20 s of stall here, the stalled-client cut-off set beyond it).
     */
    @Test
    void stalledTcpViewerResyncForcesAtMostOneIdrPerSecond() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> {
            c.maxFrameLength = 200_000;
            c.tcpBacklogBytes = 64 * 1024;
            c.stalledClientTimeoutSeconds = 3600;
        }, null, 640, 480);
             Socket stalledSocket = new Socket()) {
            stalledSocket.setReceiveBufferSize(4096);
            stalledSocket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.port()));
            try (RawRtspClient stalled = new RawRtspClient(stalledSocket);
                 RawRtspClient goodClient = new RawRtspClient(h.port())) {
                Producer producer = new Producer(h, 50_000);
                play(h, stalled, "RTP/AVP/TCP;unicast;interleaved=0-1");
                Viewer good = viewer(h, goodClient);
                int idrs = 0;
                for (int i = 0; i < 600; i++) {
                    if (step(h, producer, good)) idrs++;
                }
                boolean stalledStillThere = h.onLoop(ctx -> ctx.sessions.playingCount() == 2);
                assertThat(stalledStillThere).as("the non-reader is still playing (cut-off set beyond the test)").isTrue();
                assertThat(h.stream.counters().keyframeRequests.get())
                        .as("the stalled viewer kept asking to resync (2 PLAYs without a stall)").isGreaterThanOrEqualTo(10);
                assertThat(idrs).as("IDRs the reading viewer got in 20 s").isBetween(2, 21);
                assertThat(h.keyframeRequests.get()).as("keyframe callbacks in 20 s").isLessThanOrEqualTo(22);
            }
        }
    }

    /**
     * High 4, the acceptance figure: the real encoder (640x480, 30 fps, an IDR every 2 s as in the demo,
     * 3 Mb/s target, as in the demo) on a moving picture, its keyframe callback wired to {@code requestKeyframe}; the
     * playing viewer's download over 5 s with and without a SETUP-only session sending 30 PLI/s must
     * differ by at most 10 %. Before the fix every frame became an IDR (the issue measured 334 to
     * 3,118 kb/s on the demo).
     */
    @Test
    void pliFloodFromASetupOnlySessionDoesNotRaiseTheViewersBitrate() throws Exception {
        long quiet = viewerBytesWithEncoder(false);
        long flooded = viewerBytesWithEncoder(true);
        System.out.printf("viewer bitrate, 640x480 real encoder: %d kb/s without, %d kb/s with a 30/s PLI flood%n",
                quiet * 8 / 5 / 1000, flooded * 8 / 5 / 1000);
        assertThat((double) flooded).as("viewer's bytes in 5 s with the flood (without: %d)", quiet)
                .isLessThanOrEqualTo(quiet * 1.10);
    }

    private static long viewerBytesWithEncoder(boolean flood) throws Exception {
        int width = 640;
        int height = 480;
        DatagramSocket[] flooder = udpPair();
        try (LoopHarness h = new LoopHarness(c -> { }, null, width, height);
             RawRtspClient viewerClient = new RawRtspClient(h.port());
             RawRtspClient flooderClient = new RawRtspClient(h.port());
             H264Encoder encoder = new H264Encoder(width, height, EncoderConfig.builder().fps(30).gop(60)
                     .bitrate(3_000_000).threads(1).build())) {
            h.onKeyframeRequest = encoder::requestKeyframe;
            Viewer viewer = viewer(h, viewerClient);
            int ssrc = RtcpPackets.ssrcOf(setup(h, flooderClient, udpTransport(flooder)).split(" ", 2)[1]);
            MovingPicture picture = new MovingPicture(width, height);
            for (int i = 0; i < 150; i++) {
                if (flood) sendRtcp(h, flooder[1], RtcpPackets.pli(0x1234, ssrc));
                h.clock.advanceMillis(FRAME_MILLIS);
                picture.draw(i);
                assertThat(h.send(encoder.encodeI420(picture.y, picture.u, picture.v))).isTrue();
                viewer.readFrame();
            }
            assertThat(viewer.frames).isEqualTo(150);
            return viewer.bytes;
        } finally {
            flooder[0].close();
            flooder[1].close();
        }
    }

    /** A synthetic camera picture: a drifting gradient and a textured square moving across it. */
    private static final class MovingPicture {
        final int width;
        final int height;
        final byte[] y;
        final byte[] u;
        final byte[] v;

        MovingPicture(int width, int height) {
            this.width = width;
            this.height = height;
            y = new byte[width * height];
            u = new byte[width * height / 4];
            v = new byte[width * height / 4];
        }

        void draw(int t) {
            int bx = (t * 7) % (width - 128);
            int by = (t * 3) % (height - 128);
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    int value = (col / 3 + row / 4 + 2 * t) & 0xff;
                    if (col >= bx && col < bx + 128 && row >= by && row < by + 128) {
                        value = ((col - bx) / 8 + (row - by) / 8) % 2 == 0 ? 40 : 210;
                    }
                    y[row * width + col] = (byte) value;
                }
            }
            for (int row = 0; row < height / 2; row++) {
                for (int col = 0; col < width / 2; col++) {
                    u[row * width / 2 + col] = (byte) (128 + (col - width / 4) / 4);
                    v[row * width / 2 + col] = (byte) (128 + (row - height / 4) / 4);
                }
            }
        }
    }
}
