package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.rtp.RtpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a playing client receives: whole frames under concurrent send(), and RTCP sender reports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryTest {
    private RtspServer server;

    @BeforeEach
    void start() {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private RawRtspClient play() throws Exception {
        RawRtspClient c = new RawRtspClient(server.port());
        String url = "rtsp://127.0.0.1:" + server.port() + "/";
        RawRtspClient.Response setup = c.request("SETUP", url + "trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", url, "Session: " + session).status()).isEqualTo(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.stats().playingClients() < 1 && System.nanoTime() < deadline) Thread.sleep(5);
        return c;
    }

    /**
     * send() from four threads at once: every frame the client receives is exactly one frame some thread
     * sent (the mailbox never tears or mixes buffers), and nothing the server did not drop is lost.
     */
    @Test
    void concurrentSendersNeverTearFrames() throws Exception {
        try (RawRtspClient c = play()) {
            int threads = 4;
            int perThread = 150;
            Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        byte[] au = idrTagged(id, i);   // every frame an IDR: any of them may start the stream
                        sent.add(key(au));
                        server.send(au);
                        if (i % 10 == 0) Thread.yield();
                    }
                });
                th.start();
                senders.add(th);
            }
            go.countDown();
            for (Thread th : senders) th.join();

            H264Depacketizer depacketizer = new H264Depacketizer();
            Set<String> received = new HashSet<>();
            c.setTimeout(1500);
            try {
                while (true) {
                    RawRtspClient.Interleaved f = c.readInterleaved();
                    if (f.channel() != 0) continue;
                    depacketizer.push(f.data(), 0, f.data().length);
                    List<byte[]> au;
                    while ((au = depacketizer.poll()) != null) {
                        String k = key(annexB(au));
                        assertThat(sent).as("received frame was sent whole").contains(k);
                        assertThat(received.add(k)).as("no frame twice").isTrue();
                    }
                }
            } catch (java.net.SocketTimeoutException done) {
                // no more frames
            }
            RtspServerStats s = server.stats();
            assertThat(received).isNotEmpty();
            // Every frame the server counts as sent reached this (only) client; the rest were counted as dropped.
            assertThat(received).hasSize((int) s.framesSent());
            assertThat(s.framesSent() + s.framesDropped()).isGreaterThanOrEqualTo(s.framesAccepted());
            assertThat(depacketizer.droppedNals()).isZero();
        }
    }

    /**
     * A camera-like producer (one frame every 20 ms): the loop learns the cadence and polls for the
     * frame when it is due, so most send() calls need not wake it (FrameCadence), and still every
     * frame reaches the client, whole and in order.
     */
    @Test
    void aSteadyProducerIsPolledForAndEveryFrameArrives() throws Exception {
        try (RawRtspClient c = play()) {
            int frames = 150;
            Thread feeder = new Thread(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < frames; i++) {
                    server.send(idrTagged(0, i));
                    next += TimeUnit.MILLISECONDS.toNanos(20);
                    java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                }
            });
            feeder.start();
            H264Depacketizer depacketizer = new H264Depacketizer();
            int expected = 0;
            c.setTimeout(1500);
            try {
                while (expected < frames) {
                    RawRtspClient.Interleaved f = c.readInterleaved();
                    if (f.channel() != 0) continue;
                    depacketizer.push(f.data(), 0, f.data().length);
                    List<byte[]> au;
                    while ((au = depacketizer.poll()) != null) {
                        assertThat(key(annexB(au))).isEqualTo(key(idrTagged(0, expected)));
                        expected++;
                    }
                }
            } finally {
                feeder.join();
            }
            RtspServerStats s = server.stats();
            assertThat(s.framesSent()).isEqualTo(frames);
            // Without polling every one of the 150 sends would wake the loop.
            assertThat(s.senderWakeups()).as("sends that had to wake the loop").isLessThan(frames / 2);
        }
    }

    /** RFC 3550 §6.4.1: a sender report within about 5 s, with the session's SSRC and its packet count. */
    @Test
    void senderReportArrivesWithCounts() throws Exception {
        try (RawRtspClient c = play()) {
            int rtpPackets = 0;
            int ssrc = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < 300 && !Thread.currentThread().isInterrupted(); i++) {
                    server.send(i % 30 == 0 ? TestStreams.idr(3000, true) : TestStreams.p(500));
                    try {
                        Thread.sleep(33);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            feeder.start();
            try {
                while (System.nanoTime() < deadline) {
                    RawRtspClient.Interleaved f = c.readInterleaved();
                    if (f.channel() == 0) {
                        rtpPackets++;
                        ssrc = RtpHeader.ssrc(f.data(), 0);
                        continue;
                    }
                    assertThat(f.channel()).isEqualTo(1);
                    byte[] sr = f.data();
                    assertThat(sr[1] & 0xFF).isEqualTo(200);                          // PT=SR
                    assertThat(readInt(sr, 4)).isEqualTo(ssrc);                        // sender SSRC
                    assertThat(readInt(sr, 20)).isEqualTo(rtpPackets);                 // sender's packet count
                    assertThat(sr.length).isGreaterThan(28);                           // compound: SR + SDES (§6.1)
                    assertThat(sr[28 + 1] & 0xFF).isEqualTo(202);
                    return;
                }
                throw new AssertionError("no sender report within 8 s");
            } finally {
                feeder.interrupt();
                feeder.join();
            }
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static byte[] idrTagged(int thread, int index) {
        byte[] au = TestStreams.idr(2000 + 7 * index + thread, true);
        au[au.length - 1] = (byte) (0x80 | thread);
        au[au.length - 2] = (byte) (0x80 | (index & 0x7F));
        au[au.length - 3] = (byte) (0x80 | (index >> 7));
        return au;
    }

    private static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    private static String key(byte[] au) {
        return java.util.HexFormat.of().formatHex(au);
    }
}
