package org.camstream.conformance.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.ClientProcess;
import org.camstream.conformance.server.Clients.Transport;
import org.camstream.conformance.server.ReferenceStream;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gst-rtsp-server requiring Digest credentials (RFC 7616) refuses a wrong password: the publisher says
 * so in its state ("401 wrong credentials"), waits longer after each refusal instead of retrying in a
 * tight loop, keeps accepting send() and stops cleanly. The right password against the same server is
 * covered by {@link GStreamerReceiverConformanceTest}, so this is the server really checking.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WrongPasswordConformanceTest {

    @Test
    void wrongPasswordIsAClearErrorWithGrowingBackoff() throws Exception {
        try (PublishFixture f = new PublishFixture(ReferenceStream.of(320, 240), "pub-wrong-password")) {
            Path out = f.workDir.resolve("never.h264");
            ClientProcess gst = f.start("gst-record-auth", Receivers.gstRecordServer(f.workDir, f.port,
                    Transport.TCP, out, "cam", "right"));
            PublishFixture.awaitOutput(gst, "READY", Duration.ofSeconds(20));
            // refusedRetry(1000, 8000): waits in [0.5, 1], [1, 2], [2, 4] s
            RtspPublisher pub = f.publish("rtsp://cam:wrong@127.0.0.1:" + f.port + "/live",
                    PublishFixture.quickRetry().build());
            List<Long> delays = new ArrayList<>();
            // one retry is told from the next by its delay (random, so two in a row are never equal): stats() reads
            // its fields one by one, and a read just as the retry starts can pair the new reconnect count with
            // the last delay
            long lastDelay = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delays.size() < 3 && System.nanoTime() < deadline) {
                RtspPublisherStats s = pub.stats();
                if (s.state() == RtspPublisherStats.State.RETRYING && s.retryDelayMillis() != lastDelay) {
                    lastDelay = s.retryDelayMillis();
                    delays.add(lastDelay);
                    assertThat(s.lastError()).as("error state").contains("401 wrong credentials");
                }
                Thread.sleep(10);
            }
            RtspPublisherStats s = pub.stats();
            assertThat(delays).as("backoff before each retry; %s", s).hasSize(3);
            assertThat(delays.get(0)).isBetween(500L, 1000L);
            assertThat(delays.get(1)).isBetween(1000L, 2000L);
            assertThat(delays.get(2)).isBetween(2000L, 4000L);
            assertThat(s.reconnects()).as("reconnects").isGreaterThanOrEqualTo(2);
            assertThat(s.sessions()).isZero();
            assertThat(s.framesSent()).isZero();
            assertThat(gst.isAlive()).as("receiver still up").isTrue();
            assertThat(f.feeder.failure()).as("send() threw").isNull();
            pub.stop();
            assertThat(pub.stats().state()).isEqualTo(RtspPublisherStats.State.STOPPED);
        }
    }
}
