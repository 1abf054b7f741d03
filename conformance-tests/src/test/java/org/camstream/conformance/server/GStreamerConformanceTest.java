package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.Clients.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GStreamer's rtspsrc (a different RTSP/RTP stack from ffmpeg's: rtpjitterbuffer, rtph264depay)
 * plays the stream; the I420 pictures avdec_h264 produced are hashed in Java and each must be a
 * picture of the reference decode, and together they must form a contiguous run from an IDR.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GStreamerConformanceTest {
    private static final System.Logger LOG = System.getLogger(GStreamerConformanceTest.class.getName());
    /** How long the pipeline plays before SIGINT (EOS with -e). */
    static final Duration PLAY = Duration.ofSeconds(4);
    /** At least this many pictures in {@link #PLAY}: 4 s at 30 fps minus setup and the wait for an IDR (≤ 1 s). */
    static final int MIN_FRAMES = 45;

    @ParameterizedTest(name = "{0}x{1} over {2}")
    @CsvSource({"320, 240, TCP", "320, 240, UDP", "1280, 720, TCP"})
    void rtspsrcDecodesReferencePictures(int width, int height, Transport transport)
            throws Exception {
        try (ServerFixture f = ServerFixture.start(width, height, "gst-" + transport)) {
            Path out = f.workDir.resolve("gst.yuv");
            ClientProcess gst = f.client("gst-" + transport, Clients.gstreamer(f.url(), transport, out));
            Thread.sleep(PLAY.toMillis());
            assertThat(gst.isAlive()).as("gst-launch still playing; stderr:\n%s\nstdout:\n%s",
                    gst.stderr(), gst.stdout()).isTrue();
            gst.interrupt();
            int exit = gst.awaitExit(Duration.ofSeconds(15));

            int frameBytes = f.clip.frameBytes();
            long size = Files.size(out);
            assertThat(size % frameBytes).as("file holds whole %dx%d I420 pictures", width, height)
                    .isZero();
            int frames = (int) (size / frameBytes);
            List<Integer> clipIndices = new ArrayList<>();
            byte[] picture = new byte[frameBytes]; // one at a time: 720p raw video is ~1.4 MB/frame
            try (InputStream in = Files.newInputStream(out)) {
                for (int i = 0; i < frames; i++) {
                    assertThat(in.readNBytes(picture, 0, frameBytes)).isEqualTo(frameBytes);
                    String md5 = ReferenceStream.md5(picture, 0, frameBytes);
                    int index = f.clip.indexOfMd5(md5);
                    assertThat(index).as("GStreamer picture %d (%s) is a reference picture; so far"
                            + " %s", i, md5, clipIndices).isGreaterThanOrEqualTo(0);
                    clipIndices.add(index);
                }
            }
            LOG.log(Level.INFO, "GStreamer {0} decoded clip frames {1}", transport, clipIndices);
            assertThat(frames).as("pictures GStreamer decoded in %s; stdout:\n%s", PLAY, gst.stdout())
                    .isGreaterThanOrEqualTo(MIN_FRAMES);
            // Observed: rtspsrc (latency=0) + avdec_h264 output every picture, over UDP as well as
            // TCP, so the same strict run check as for ffmpeg applies.
            List<String> hashes = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                hashes.add(f.clip.frameMd5(clipIndices.get(i)));
            }
            f.clip.assertContiguousRunFromIdr(gst.name() + " [" + f.diagnostics() + "]", hashes,
                    frames);
            assertThat(exit).as("gst-launch exit status; stderr:\n%s\nstdout:\n%s", gst.stderr(),
                    gst.stdout()).isZero();
        }
    }
}
