package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.camstream.conformance.server.Clients.Transport;
import org.camstream.rtsp.RtspServerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several real clients against one server: at once, joining mid-stream, one killed mid-stream,
 * and {@code stop()} while they play.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MultiClientConformanceTest {
    /** A frame count a test never reaches: the client runs until it is stopped. */
    static final int FOREVER = 100_000;

    /** Two clients, UDP and TCP, from the start: both decode the exact picture run. */
    @Test
    void twoClientsAtOnceBothDecodeCorrectly() {
        try (ServerFixture f = ServerFixture.start(320, 240, "two")) {
            ClientProcess udp = f.client("ffmpeg-udp",
                    Clients.ffmpegFramemd5(f.url(), Transport.UDP, 90));
            ClientProcess tcp = f.client("ffmpeg-tcp",
                    Clients.ffmpegFramemd5(f.url(), Transport.TCP, 90));
            awaitDecoded(udp, 10);
            awaitDecoded(tcp, 10);
            RtspServerStats during = f.server.stats();
            assertThat(during.connections()).as("connections while both play: %s", during)
                    .isEqualTo(2);
            assertThat(during.playingClients()).as("playing while both play: %s", during)
                    .isEqualTo(2);

            for (ClientProcess c : List.of(udp, tcp)) {
                int exit = c.awaitExit(Duration.ofSeconds(30));
                f.clip.assertContiguousRunFromIdr(c.name() + " [" + f.diagnostics() + "]",
                        FrameMd5.hashes(c.stdout()), 90);
                assertThat(Clients.mediaErrors(c.stderr())).as("%s media errors", c.name()).isEmpty();
                assertThat(exit).as("%s exit status", c.name()).isZero();
            }
        }
    }

    /**
     * A client that connects in the middle of a GOP while another plays starts at an IDR — the
     * next one, not a cached earlier one — and then gets every picture; the first client is
     * undisturbed.
     */
    @Test
    void clientJoiningMidStreamStartsAtAnIdr() {
        try (ServerFixture f = ServerFixture.start(320, 240, "join")) {
            ClientProcess first = f.client("ffmpeg-first-tcp",
                    Clients.ffmpegFramemd5(f.url(), Transport.TCP, 150));
            awaitDecoded(first, 20);
            awaitCondition("feeder in the middle of a GOP", Duration.ofSeconds(3),
                    () -> f.feeder.clipIndex(f.feeder.sent()) % ReferenceStream.GOP >= 10
                            && f.feeder.clipIndex(f.feeder.sent()) % ReferenceStream.GOP <= 20);
            int joinedAt = f.feeder.sent();
            ClientProcess joiner = f.client("ffmpeg-joiner-udp",
                    Clients.ffmpegFramemd5(f.url(), Transport.UDP, 60));

            int joinerStart = -1;
            for (ClientProcess c : List.of(joiner, first)) {
                int exit = c.awaitExit(Duration.ofSeconds(30));
                int expected = c == first ? 150 : 60;
                int start = f.clip.assertContiguousRunFromIdr(c.name() + " [" + f.diagnostics()
                        + "]", FrameMd5.hashes(c.stdout()), expected);
                joinerStart = c == joiner ? start : joinerStart;
                assertThat(Clients.mediaErrors(c.stderr())).as("%s media errors", c.name())
                        .isEmpty();
                assertThat(exit).as("%s exit status", c.name()).isZero();
            }
            // The join was 10..20 frames into a GOP. If the server waited for the next IDR, the
            // joiner's first IDR is sent 10..20 frames after the join (40..50 if the client took
            // over a second to start); a cached IDR from before the join recurs only 70+ later.
            int distance = 0;
            while (f.feeder.clipIndex(joinedAt + distance) != joinerStart) {
                distance++;
            }
            assertThat(distance).as("frames from the join (frame %d, clip %d) to the next"
                    + " sending of the joiner's first IDR (clip %d)", joinedAt,
                    f.feeder.clipIndex(joinedAt), joinerStart).isLessThan(70);
        }
    }

    /**
     * A client killed with SIGKILL (no TEARDOWN; its sockets vanish, UDP packets to it bounce
     * with ICMP port unreachable) does not disturb another client, and the server closes its
     * connection and session.
     */
    @ParameterizedTest(name = "victim over {0}")
    @EnumSource(Transport.class)
    void clientKilledMidStreamLeavesTheOtherPlaying(Transport victimTransport) {
        try (ServerFixture f = ServerFixture.start(320, 240, "kill-" + victimTransport)) {
            ClientProcess survivor = f.client("ffmpeg-survivor-tcp",
                    Clients.ffmpegFramemd5(f.url(), Transport.TCP, 150));
            ClientProcess victim = f.client("ffmpeg-victim-" + victimTransport,
                    Clients.ffmpegFramemd5(f.url(), victimTransport, FOREVER));
            awaitDecoded(survivor, 15);
            awaitDecoded(victim, 15);
            assertThat(f.server.stats().connections()).isEqualTo(2);

            victim.kill();
            awaitCondition("server drops the killed client's connection and session",
                    Duration.ofSeconds(2), () -> f.server.stats().connections() == 1
                            && f.server.stats().playingClients() == 1);
            assertThat(survivor.isAlive()).as("survivor still playing when the server noticed").isTrue();

            int exit = survivor.awaitExit(Duration.ofSeconds(30));
            f.clip.assertContiguousRunFromIdr(survivor.name() + " [" + f.diagnostics() + "]",
                    FrameMd5.hashes(survivor.stdout()), 150);
            assertThat(Clients.mediaErrors(survivor.stderr())).as("survivor media errors").isEmpty();
            assertThat(exit).as("survivor exit status").isZero();
            awaitCondition("no connection left after the survivor's TEARDOWN", Duration.ofSeconds(5),
                    () -> f.server.stats().connections() == 0 && f.server.stats().playingClients() == 0);
        }
    }

    /**
     * {@code stop()} while a TCP and a UDP client play: it returns within 2 s, both clients notice
     * and exit, what they decoded up to then is correct, and the counters add up.
     */
    @Test
    void stopWhileTwoClientsPlay() {
        try (ServerFixture f = ServerFixture.start(320, 240, "stop")) {
            ClientProcess tcp = f.client("ffmpeg-tcp", Clients.ffmpegFramemd5(f.url(), Transport.TCP, FOREVER));
            ClientProcess udp = f.client("ffmpeg-udp", Clients.ffmpegFramemd5(f.url(), Transport.UDP, FOREVER));
            awaitDecoded(tcp, 15);
            awaitDecoded(udp, 15);

            long t0 = System.nanoTime();
            f.server.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("stop() duration").isLessThan(Duration.ofSeconds(2));

            for (ClientProcess c : List.of(tcp, udp)) {
                assertThat(c.waitFor(Duration.ofSeconds(15)))
                        .as("%s exits after the server stopped; stderr:\n%s", c.name(), c.stderr()).isTrue();
                c.close();
            }
            awaitCondition("feeder sees send() refused", Duration.ofSeconds(2),
                    () -> f.feeder.failure() != null);
            assertThat(f.feeder.failure()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> f.server.send(f.clip.accessUnit(0)))
                    .isInstanceOf(IllegalStateException.class);

            int most = 0;
            for (ClientProcess c : List.of(tcp, udp)) {
                List<String> decoded = FrameMd5.hashes(c.stdout());
                assertThat(decoded.size()).as("%s pictures", c.name()).isGreaterThanOrEqualTo(15);
                most = Math.max(most, decoded.size());
                // The last picture may be one the decoder flushed from a cut-off access unit.
                List<String> whole = decoded.subList(0, decoded.size() - 1);
                f.clip.assertContiguousRunFromIdr(c.name() + " [" + f.diagnostics() + "]", whole,
                        whole.size());
            }
            RtspServerStats s = f.server.stats();
            assertThat(s.connections()).as("connections after stop: %s", s).isZero();
            assertThat(s.playingClients()).as("playing after stop: %s", s).isZero();
            assertThat(s.framesAccepted()).as("accepted vs send() returning true: %s", s)
                    .isEqualTo(f.feeder.acceptedCount());
            assertThat(s.framesSent()).as("sent >= pictures one client decoded: %s", s)
                    .isGreaterThanOrEqualTo(most);
            // RtspServerStats javadoc: every frame given to send() is sent, dropped (refused, or
            // replaced before the loop took it, or delivered to nobody) or oversize; only the one
            // frame pending in the mailbox when stop() ran may be in none of them.
            long calls = f.feeder.sent();
            assertThat(s.framesSent() + s.framesDropped() + s.framesOversize())
                    .as("sent + dropped + oversize vs %d send() calls: %s", calls, s)
                    .isBetween(calls - 1, calls);
            assertThat(s.framesOversize()).as("oversize: %s", s).isZero();
            f.server.close(); // idempotent after stop()
        }
    }

    /** Waits until {@code c} has written {@code n} framemd5 lines; fails if it exits or stalls. */
    static void awaitDecoded(ClientProcess c, int n) {
        awaitCondition(c.name() + " decodes " + n + " pictures", Duration.ofSeconds(15),
                () -> FrameMd5.hashes(c.stdout()).size() >= n || !c.isAlive());
        assertThat(FrameMd5.hashes(c.stdout()).size())
                .as("%s pictures before it exited; stderr:\n%s", c.name(), c.stderr())
                .isGreaterThanOrEqualTo(n);
    }

    static void awaitCondition(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
