package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Self-checks of the harness: the reference clip has the structure the server tests assume, and
 * the run checker rejects what it must reject.
 */
class ReferenceStreamTest {
    private final ReferenceStream clip = ReferenceStream.of(320, 240);

    @Test
    void clipIsThreeGopsOfOneSlicePicturesWithInBandParameterSets() throws Exception {
        assertThat(clip.frameCount()).isEqualTo(ReferenceStream.FRAMES);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < clip.frameCount(); i++) {
            all.writeBytes(clip.accessUnit(i));
            List<NalUnit> nals = clip.nalUnits(i);
            assertThat(nals.stream().filter(NalUnit::isVcl).count()).as("slices in frame %d", i)
                    .isEqualTo(1);
            assertThat(clip.isIdr(i)).as("IDR at frame %d", i).isEqualTo(i % ReferenceStream.GOP == 0);
            if (clip.isIdr(i)) {
                // x264 repeats SPS+PPS before every IDR: the server has nothing to prepend.
                assertThat(nals.get(0).type()).isEqualTo(NalUnit.SPS);
                assertThat(nals.get(1).type()).isEqualTo(NalUnit.PPS);
            }
        }
        var dir = ReferenceStream.newWorkDir("tiling");
        try {
            assertThat(all.toByteArray()).as("access units tile the file")
                    .isEqualTo(Files.readAllBytes(clip.writeOriginal(dir)));
        } finally {
            ReferenceStream.deleteTree(dir);
        }
        assertThat(new HashSet<>(framesOf(clip))).as("distinct pictures").hasSize(clip.frameCount());
    }

    /** The GStreamer check hashes raw I420 frames in Java; they must equal ffmpeg's framemd5. */
    @Test
    void javaMd5OfRawFramesEqualsFramemd5() {
        var dir = ReferenceStream.newWorkDir("rawmd5");
        try (ClientProcess raw = ClientProcess.start("raw", List.of(Tools.require(Tools.FFMPEG),
                "-hide_banner", "-nostdin", "-v", "error", "-i", clip.writeOriginal(dir).toString(),
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"), dir)) {
            assertThat(raw.awaitExit(Duration.ofSeconds(60))).isZero();
            byte[] yuv = raw.stdoutBytes();
            assertThat(yuv.length).isEqualTo(clip.frameBytes() * clip.frameCount());
            for (int i = 0; i < clip.frameCount(); i++) {
                assertThat(ReferenceStream.md5(yuv, i * clip.frameBytes(), clip.frameBytes()))
                        .as("frame %d", i).isEqualTo(clip.frameMd5(i));
            }
        } finally {
            ReferenceStream.deleteTree(dir);
        }
    }

    @Test
    void runCheckerAcceptsAWrappingRunFromAnIdr() {
        List<String> run = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            run.add(clip.frameMd5((60 + k) % clip.frameCount()));
        }
        assertThat(clip.assertContiguousRunFromIdr("t", run, 60)).isEqualTo(60);
    }

    @Test
    void runCheckerRejectsLossRepeatNonIdrStartAndForeignPictures() {
        List<String> good = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            good.add(clip.frameMd5(30 + k));
        }
        List<String> lost = new ArrayList<>(good);
        lost.remove(20);
        lost.add(clip.frameMd5(70));
        List<String> repeated = new ArrayList<>(good);
        repeated.set(21, repeated.get(20));
        List<String> lateStart = new ArrayList<>(good.subList(1, 40));
        lateStart.add(clip.frameMd5(70));
        List<String> foreign = new ArrayList<>(good);
        foreign.set(5, "00000000000000000000000000000000");

        assertThatThrownBy(() -> clip.assertContiguousRunFromIdr("t", lost, 40))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> clip.assertContiguousRunFromIdr("t", repeated, 40))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> clip.assertContiguousRunFromIdr("t", lateStart, 40))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> clip.assertContiguousRunFromIdr("t", foreign, 40))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> clip.assertContiguousRunFromIdr("t", good, 41))
                .isInstanceOf(AssertionError.class);
    }

    private static List<String> framesOf(ReferenceStream s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.frameCount(); i++) {
            out.add(s.frameMd5(i));
        }
        return out;
    }
}
