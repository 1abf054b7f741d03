package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.stream.FrameCadence;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
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

/**
 * What a playing client receives under concurrent send(), in real time. Cadence polling and RTCP
 * sender reports are checked on a fake clock in {@code server.ServerTimingTest}.
 */
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
        assertThat(server.stats().playingClients()).isEqualTo(1); // counted before PLAY was answered
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

            FuzzSupport.sync(server); // every queued frame delivered or dropped
            RtspServerStats s = server.stats();
            H264Depacketizer depacketizer = new H264Depacketizer();
            Set<String> received = new HashSet<>();
            while (received.size() < s.framesSent()) {
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
            assertThat(received).isNotEmpty();
            // Every frame the server counts as sent reached this (only) client; the rest were counted as dropped.
            assertThat(received).hasSize((int) s.framesSent());
            assertThat(s.framesSent() + s.framesDropped()).isGreaterThanOrEqualTo(s.framesAccepted());
            assertThat(depacketizer.droppedNals()).isZero();
        }
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
