package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.Clients.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * When the producer sends two frames back to back, the server may drop one (its hand-over keeps
 * only the newest pending frame), but then it must not send the P frames that depend on the lost
 * one: every client resumes at the next IDR (H.264 §8.2.5: a P slice needs its reference
 * pictures). Real decoders with {@code -err_detect explode} see no damage, and every break in the
 * picture sequence jumps forward to the next IDR and no further.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProducerBurstConformanceTest {
    private static final System.Logger LOG =
            System.getLogger(ProducerBurstConformanceTest.class.getName());
    static final int FRAMES = 90;
    /** A burst in every 45 frames: at different GOP positions as the 90-frame clip loops. */
    static final int BURST_EVERY = 45;

    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void afterADroppedFrameClientsResumeAtTheNextIdr(Transport transport) {
        try (ServerFixture f = ServerFixture.start(ReferenceStream.of(320, 240),
                "burst-" + transport, 0, BURST_EVERY)) {
            ClientProcess ffmpeg = f.client("ffmpeg-burst-" + transport,
                    Clients.ffmpegFramemd5(f.url(), transport, FRAMES));
            int exit = ffmpeg.awaitExit(Duration.ofSeconds(30));
            List<String> decoded = FrameMd5.hashes(ffmpeg.stdout());
            String who = ffmpeg.name() + " [" + f.diagnostics() + "]";

            assertThat(Clients.mediaErrors(ffmpeg.stderr())).as("%s media errors", who).isEmpty();
            assertThat(exit).as("%s exit status", who).isZero();
            assertThat(decoded).as("%s pictures", who).hasSize(FRAMES);
            List<Integer> clip = new ArrayList<>();
            for (String md5 : decoded) {
                int index = f.clip.indexOfMd5(md5);
                assertThat(index).as("%s: picture %d is not a reference picture; so far %s", who,
                        clip.size(), clip).isGreaterThanOrEqualTo(0);
                clip.add(index);
            }
            int breaks = 0;
            assertThat(f.clip.isIdr(clip.get(0))).as("%s starts at an IDR: %s", who, clip).isTrue();
            for (int k = 1; k < clip.size(); k++) {
                int prev = clip.get(k - 1);
                int cur = clip.get(k);
                if (cur == (prev + 1) % f.clip.frameCount()) {
                    continue;
                }
                breaks++;
                int forward = Math.floorMod(cur - prev, f.clip.frameCount());
                assertThat(f.clip.isIdr(cur)).as("%s: after clip frame %d came %d, not an IDR: %s",
                        who, prev, cur, clip).isTrue();
                assertThat(forward).as("%s: from clip frame %d the next IDR is at most a GOP"
                        + " ahead, got %d: %s", who, prev, cur, clip)
                        .isLessThanOrEqualTo(ReferenceStream.GOP);
            }
            LOG.log(Level.INFO, "{0}: {1} breaks in {2}", who, breaks, clip);
        }
    }
}
