package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camstream.conformance.server.MultiClientConformanceTest.awaitCondition;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.Clients.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, an NVR-ready camera: one server with a main stream ({@code /live/main}, 640x480 at 30
 * fps) and a sub stream ({@code /live/sub}, 320x240 at 10 fps), both fed at once; ffmpeg and
 * GStreamer each play both paths at the same time, one over UDP and one over TCP, and every client's
 * pictures are checked against what was sent to its path: per-picture MD5s equal to the reference
 * decode of that path's clip, as a contiguous run from an IDR (nothing lost, repeated, reordered,
 * damaged, or taken from the other path). The two runs swap the transports, so each client plays
 * each path over each transport; the ffmpeg sub-stream client over TCP is Frigate's pull
 * ({@code -rtsp_transport tcp -use_wallclock_as_timestamps 1}).
 *
 * <p>Four clients at once for about three seconds (CI has two cores).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiPathConformanceTest {
    private static final System.Logger LOG = System.getLogger(MultiPathConformanceTest.class.getName());
    /** Three seconds of each stream for the ffmpeg clients. */
    static final int MAIN_FRAMES = 90;
    static final int SUB_FRAMES = 30;
    /**
     * GStreamer plays until both ffmpeg clients are done (at least three seconds); at least half
     * of that must be decoded pictures (allowing for startup and the wait for an IDR, 1 s).
     */
    static final int GST_MIN_MAIN = 45;
    static final int GST_MIN_SUB = 15;

    static ReferenceStream mainClip() {
        return ReferenceStream.of(640, 480);
    }

    /** 10 fps, an IDR every second. */
    static ReferenceStream subClip() {
        return ReferenceStream.of(320, 240, 10, 10);
    }

    @ParameterizedTest(name = "ffmpeg main over {0}, GStreamer main over the other")
    @EnumSource(Transport.class)
    void ffmpegAndGStreamerPlayBothPathsAtOnce(Transport ffmpegMain) {
        Transport other = ffmpegMain == Transport.UDP ? Transport.TCP : Transport.UDP;
        try (TwoPathFixture f = TwoPathFixture.start(mainClip(), subClip(), "paths-" + ffmpegMain)) {
            String mainUrl = f.main.url();
            String subUrl = f.sub.url();
            assertThat(mainUrl).endsWith(TwoPathFixture.MAIN);
            assertThat(subUrl).endsWith(TwoPathFixture.SUB);
            ClientProcess ffMain = f.client("ffmpeg-main-" + ffmpegMain,
                    Clients.ffmpegFramemd5(mainUrl, ffmpegMain, MAIN_FRAMES));
            ClientProcess ffSub = other == Transport.TCP
                    ? f.client("ffmpeg-sub-frigate-tcp", Clients.frigatePull(subUrl, SUB_FRAMES))
                    : f.client("ffmpeg-sub-" + other, Clients.ffmpegFramemd5(subUrl, other, SUB_FRAMES));
            Path gstMainOut = f.workDir.resolve("gst-main.yuv");
            Path gstSubOut = f.workDir.resolve("gst-sub.yuv");
            ClientProcess gstMain = f.client("gst-main-" + other,
                    Clients.gstreamer(mainUrl, other, gstMainOut));
            ClientProcess gstSub = f.client("gst-sub-" + ffmpegMain,
                    Clients.gstreamer(subUrl, ffmpegMain, gstSubOut));

            awaitCondition("two clients playing each path at once [" + f.diagnostics() + "]",
                    Duration.ofSeconds(15),
                    () -> f.main.playingClients() == 2 && f.sub.playingClients() == 2);

            checkFfmpeg(f, ffMain, f.mainClip, MAIN_FRAMES);
            checkFfmpeg(f, ffSub, f.subClip, SUB_FRAMES);
            for (ClientProcess gst : List.of(gstMain, gstSub)) {
                assertThat(gst.isAlive()).as("%s still playing after the ffmpeg clients; stderr:\n%s",
                        gst.name(), gst.stderr()).isTrue();
                gst.interrupt();
            }
            checkGStreamer(f, gstMain, gstMainOut, f.mainClip, GST_MIN_MAIN);
            checkGStreamer(f, gstSub, gstSubOut, f.subClip, GST_MIN_SUB);
        }
    }

    private static void checkFfmpeg(TwoPathFixture f, ClientProcess c, ReferenceStream clip, int frames) {
        int exit = c.awaitExit(Duration.ofSeconds(30));
        clip.assertContiguousRunFromIdr(c.name() + " [" + f.diagnostics() + "]",
                FrameMd5.hashes(c.stdout()), frames);
        assertThat(Clients.mediaErrors(c.stderr())).as("%s media errors", c.name()).isEmpty();
        assertThat(exit).as("%s exit status", c.name()).isZero();
    }

    private static void checkGStreamer(TwoPathFixture f, ClientProcess gst, Path out,
            ReferenceStream clip, int minFrames) {
        int exit = gst.awaitExit(Duration.ofSeconds(15));
        List<String> pictures = I420Pictures.md5s(out, clip.frameBytes());
        LOG.log(Level.INFO, "{0}: {1} pictures from clip frame {2}", gst.name(), pictures.size(),
                pictures.isEmpty() ? -1 : clip.indexOfMd5(pictures.get(0)));
        assertThat(pictures.size()).as("%s pictures; stderr:\n%s", gst.name(), gst.stderr())
                .isGreaterThanOrEqualTo(minFrames);
        clip.assertContiguousRunFromIdr(gst.name() + " [" + f.diagnostics() + "]", pictures,
                pictures.size());
        assertThat(exit).as("%s exit status; stderr:\n%s", gst.name(), gst.stderr()).isZero();
    }
}
