package org.camstream.conformance.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.ClientProcess;
import org.camstream.conformance.server.Clients.Transport;
import org.camstream.conformance.server.ReferenceStream;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherOptions;
import org.camstream.rtsp.RtspPublisherStats;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The relay dies mid-stream (SIGKILL, no TEARDOWN, no FIN handshake beyond the kernel's) and comes back
 * on the same port: the publisher reconnects by itself within its backoff, the new recording starts at
 * an IDR with SPS/PPS and decodes strictly, the caller of send() never blocks or sees an exception, and
 * after stop() no publisher thread or socket is left.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReceiverRestartConformanceTest {
    static final int FRAMES = 60;
    /** A send() that takes longer than this has blocked (it copies one frame; the loop does the I/O). */
    static final long BLOCKED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void publisherReconnectsAndTheSecondRecordingStartsAtAnIdr(Transport transport) throws Exception {
        long threadsBefore = PublishFixture.publisherThreads();
        Set<String> socketsBefore = PublishFixture.openSockets();
        try (PublishFixture f = new PublishFixture(ReferenceStream.of(320, 240), "pub-restart-" + transport)) {
            Path first = f.workDir.resolve("first.h264");
            ClientProcess relay1 = f.start("ffmpeg-listen-1", Receivers.ffmpegListen(f.port, transport, 100_000, first));
            RtspPublisher pub = f.publish("rtsp://127.0.0.1:" + f.port + "/live", PublishFixture.quickRetry()
                    .transport(RtspPublisherOptions.Transport.valueOf(transport.name())).build());
            awaitFramesSent(pub, 60, Duration.ofSeconds(30));
            assertThat(pub.stats().sessions()).isEqualTo(1);

            relay1.kill();
            long killed = System.nanoTime();
            awaitState(pub, RtspPublisherStats.State.RETRYING, Duration.ofSeconds(10));
            String error = pub.stats().lastError();
            Path second = f.workDir.resolve("second.h264");
            ClientProcess relay2 = f.start("ffmpeg-listen-2", Receivers.ffmpegListen(f.port, transport, FRAMES, second));
            int exit = relay2.awaitExit(Duration.ofSeconds(40));
            RtspPublisherStats stats = pub.stats();
            assertThat(exit).as("second relay; stderr:\n%s\npublisher %s", relay2.stderr(), stats).isZero();
            assertThat(stats.sessions()).as("a second session reached RECORD: %s", stats).isGreaterThanOrEqualTo(2);
            assertThat(stats.reconnects()).as("reconnects: %s", stats).isGreaterThanOrEqualTo(1);
            assertThat(error).as("the error the loss left").isNotNull();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed))
                    .as("back within the backoff (max 1 s) plus ffmpeg's start-up").isLessThan(20);

            List<String> decoded = f.decode(second);
            f.clip.assertContiguousRunFromIdr("second recording over " + transport + " [" + stats + "]", decoded, FRAMES);

            f.feeder.close();
            assertThat(f.feeder.failure()).as("send() threw").isNull();
            long worst = 0;
            for (int i = 0; i < f.feeder.sent(); i++) {
                worst = Math.max(worst, f.feeder.sendEndNanos(i) - f.feeder.sendStartNanos(i));
            }
            assertThat(worst).as("longest send() in ns over %d frames", f.feeder.sent()).isLessThan(BLOCKED_NANOS);
            pub.stop();
            assertThat(pub.stats().state()).isEqualTo(RtspPublisherStats.State.STOPPED);
            assertThat(PublishFixture.publisherThreads()).as("publisher threads after stop").isEqualTo(threadsBefore);
        }
        assertThat(PublishFixture.openSockets()).as("sockets of this JVM after stop")
                .isSubsetOf(socketsBefore);
    }

    /**
     * The same with gst-rtsp-server (RECORD factory) as the relay over TCP: killed with SIGKILL, started
     * again on the same port, the new recording (a new file) starts at an IDR and decodes strictly.
     */
    @org.junit.jupiter.api.Test
    void publisherReconnectsToARestartedGstRtspServer() throws Exception {
        try (PublishFixture f = new PublishFixture(ReferenceStream.of(320, 240), "pub-restart-gst")) {
            Path first = f.workDir.resolve("first.h264");
            ClientProcess relay1 = f.start("gst-record-1", Receivers.gstRecordServer(f.workDir, f.port, Transport.TCP,
                    first, null, null));
            PublishFixture.awaitOutput(relay1, "READY", Duration.ofSeconds(20));
            RtspPublisher pub = f.publish("rtsp://127.0.0.1:" + f.port + "/live", PublishFixture.quickRetry().build());
            awaitFramesSent(pub, 60, Duration.ofSeconds(30));
            relay1.kill();
            awaitState(pub, RtspPublisherStats.State.RETRYING, Duration.ofSeconds(10));
            Path second = f.workDir.resolve("second.h264");
            ClientProcess relay2 = f.start("gst-record-2", Receivers.gstRecordServer(f.workDir.resolve("again"), f.port,
                    Transport.TCP, second, null, null));
            PublishFixture.awaitOutput(relay2, "READY", Duration.ofSeconds(20));
            long sessions = pub.stats().sessions();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((pub.stats().sessions() < 2 || pub.stats().framesSent() < 60 + 120) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            RtspPublisherStats stats = pub.stats();
            assertThat(stats.sessions()).as("second session: %s (before restart %d); gst:\n%s", stats, sessions,
                    relay2.stderr()).isGreaterThanOrEqualTo(2);
            f.feeder.close();
            pub.stop(); // TEARDOWN ends the second recording
            Thread.sleep(500);
            relay2.interrupt();
            relay2.waitFor(Duration.ofSeconds(5));
            List<String> decoded = f.decode(second);
            assertThat(decoded.size()).as("pictures in the second recording; %s", stats).isGreaterThanOrEqualTo(60);
            f.clip.assertContiguousRunFromIdr("second gst-rtsp-server recording [" + stats + "]", decoded, decoded.size());
            assertThat(f.feeder.failure()).as("send() threw").isNull();
        }
    }

    static void awaitFramesSent(RtspPublisher pub, long frames, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pub.stats().framesSent() < frames) {
            if (System.nanoTime() > deadline) throw new AssertionError("fewer than " + frames + " frames sent: " + pub.stats());
            Thread.sleep(20);
        }
    }

    static void awaitState(RtspPublisher pub, RtspPublisherStats.State state, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pub.stats().state() != state) {
            if (System.nanoTime() > deadline) throw new AssertionError("not " + state + ": " + pub.stats());
            Thread.sleep(5);
        }
    }
}
