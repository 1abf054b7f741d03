package org.camstream.conformance.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
 * gst-rtsp-server in RECORD mode (a different RTSP stack: GstRTSPClient, rtpjitterbuffer, rtph264depay)
 * takes the push over TCP and UDP, with and without credentials (it challenges with Digest, RFC 7616;
 * the publisher answers). The recorded byte stream, decoded strictly, is the clip's pictures in order
 * from an IDR on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GStreamerReceiverConformanceTest {
    /** At least this many pictures after 4 s of publishing (30 fps, minus setup and the wait for an IDR). */
    static final int MIN_FRAMES = 60;

    @ParameterizedTest(name = "{0} credentials={1}")
    @CsvSource({"TCP, false", "UDP, false", "TCP, true", "UDP, true"})
    void gstRtspServerRecordsTheSentPictures(Transport transport, boolean credentials) throws Exception {
        try (PublishFixture f = new PublishFixture(ReferenceStream.of(320, 240), "pub-gst-" + transport)) {
            Path out = f.workDir.resolve("recorded.h264");
            ClientProcess gst = f.start("gst-record-" + transport, Receivers.gstRecordServer(f.workDir, f.port,
                    transport, out, credentials ? "cam" : null, credentials ? "s3cret:pass" : null));
            PublishFixture.awaitOutput(gst, "READY", Duration.ofSeconds(20));
            String url = credentials ? "rtsp://cam:s3cret%3Apass@127.0.0.1:" + f.port + "/live"
                    : "rtsp://127.0.0.1:" + f.port + "/live";
            RtspPublisher pub = f.publish(url, PublishFixture.quickRetry()
                    .transport(RtspPublisherOptions.Transport.valueOf(transport.name())).build());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (pub.stats().framesSent() < 4 * 30 && System.nanoTime() < deadline) Thread.sleep(50);
            RtspPublisherStats stats = pub.stats();
            assertThat(stats.state()).as("publisher %s; gst stderr:\n%s", stats, gst.stderr())
                    .isEqualTo(RtspPublisherStats.State.PUBLISHING);
            f.feeder.close();
            pub.stop(); // TEARDOWN: gst-rtsp-server finishes the recording
            assertThat(pub.stats().state()).isEqualTo(RtspPublisherStats.State.STOPPED);
            Thread.sleep(500);
            gst.interrupt();
            gst.waitFor(Duration.ofSeconds(5));

            assertThat(Files.size(out)).as("recording size; gst stderr:\n%s", gst.stderr()).isPositive();
            List<String> decoded = f.decode(out);
            assertThat(decoded.size()).as("pictures recorded; publisher %s", stats).isGreaterThanOrEqualTo(MIN_FRAMES);
            f.clip.assertContiguousRunFromIdr("gst-rtsp-server RECORD over " + transport + " [" + stats + "]",
                    decoded, decoded.size());
            assertThat(stats.reconnects()).as("no failure on the way: %s", stats).isZero();
        }
    }
}
