package org.camstream.conformance.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.ClientProcess;
import org.camstream.conformance.server.Clients.Transport;
import org.camstream.conformance.server.ReferenceStream;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherOptions;
import org.camstream.rtsp.RtspPublisherStats;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ffmpeg as the relay ({@code -rtsp_flags listen}, its RTSP server side: ANNOUNCE, SETUP with
 * mode=record, RECORD; RFC 2326 §10.3, §10.4, §10.11) records what the publisher pushes over TCP
 * interleaved (§10.12) and UDP; decoded strictly, the recording is the clip's pictures in order from an
 * IDR on, nothing lost, repeated or damaged. At 1280x720 IDR slices span several FU-A packets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FfmpegReceiverConformanceTest {
    static final int FRAMES = 60;

    @ParameterizedTest(name = "{0}x{1} over {2}")
    @CsvSource({"320, 240, TCP", "320, 240, UDP", "1280, 720, TCP", "1280, 720, UDP"})
    void ffmpegRecordsTheSentPicturesFromAnIdr(int width, int height, Transport transport) throws Exception {
        try (PublishFixture f = new PublishFixture(ReferenceStream.of(width, height), "pub-ffmpeg-" + transport)) {
            Path out = f.workDir.resolve("recorded.h264");
            ClientProcess ffmpeg = f.start("ffmpeg-listen-" + transport,
                    Receivers.ffmpegListen(f.port, transport, FRAMES, out));
            RtspPublisher pub = f.publish("rtsp://127.0.0.1:" + f.port + "/live", PublishFixture.quickRetry()
                    .transport(RtspPublisherOptions.Transport.valueOf(transport.name())).build());
            int exit = ffmpeg.awaitExit(Duration.ofSeconds(40));
            RtspPublisherStats stats = pub.stats();
            assertThat(exit).as("ffmpeg exit; stderr:\n%s\npublisher %s", ffmpeg.stderr(), stats).isZero();
            assertThat(stats.sessions()).as("sessions that reached RECORD: %s", stats).isGreaterThanOrEqualTo(1);

            List<String> decoded = f.decode(out);
            f.clip.assertContiguousRunFromIdr("ffmpeg listen over " + transport + " [" + stats + "; "
                    + f.feeder.describe() + "]", decoded, FRAMES);
            assertThat(f.feeder.failure()).as("send() threw").isNull();
        }
    }
}
