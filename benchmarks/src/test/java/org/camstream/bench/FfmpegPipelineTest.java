package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's external path, on tiny clips: lavfi clip generation, the decode-and-compare step every
 * encoder goes through, and the sample convention used to feed JCodec. Needs ffmpeg with libx264 on
 * the PATH (fails, not skips, without it, like the conformance tests).
 */
class FfmpegPipelineTest {
    @TempDir
    Path dir;

    @Test
    void everyClipSourceGeneratesExactlyTheRequestedFrames() throws IOException {
        for (ClipSource s : ClipSource.values()) {
            Path f = dir.resolve(s.label + ".yuv");
            Ffmpeg.generate(s, 64, 48, 30, 4, f);
            assertThat(Files.size(f)).as(s.label).isEqualTo(4L * 64 * 48 * 3 / 2);
            RawVideo v = RawVideo.load(f, s.label, 64, 48, 30, 4);
            assertThat(v.y[0]).as(s.label + " is not a blank frame").isNotEqualTo(new byte[64 * 48]);
        }
    }

    /** A lossless x264 stream (-qp 0) must decode to the source exactly: proves frame order and layout. */
    @Test
    void decodeAndCompareOfALosslessStreamIsExact() throws IOException {
        Path raw = dir.resolve("c.yuv");
        Ffmpeg.generate(ClipSource.TESTSRC2, 64, 48, 30, 5, raw);
        RawVideo clip = RawVideo.load(raw, "c", 64, 48, 30, 5);
        Path h264 = dir.resolve("c.h264");
        Subprocess.Result r = Subprocess.run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "64x48", "-r", "30", "-i", raw.toString(),
                "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-f", "h264", h264.toString()));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, h264);
        assertThat(q.frames()).isEqualTo(5);
        assertThat(q.psnrY()).isEqualTo(Psnr.CAP_DB);
        assertThat(q.psnrYuv()).isEqualTo(Psnr.CAP_DB);
    }

    @Test
    void decodeOfACorruptStreamFails() throws IOException {
        RawVideo clip = new RawVideo("c", 64, 48, 30, 2);
        Path junk = dir.resolve("junk.h264");
        byte[] b = new byte[4000];
        Arrays.fill(b, (byte) 0x5A);
        b[0] = 0;
        b[1] = 0;
        b[2] = 1;
        b[3] = 0x65; // an IDR NAL header with nothing valid behind it
        Files.write(junk, b);
        assertThatThrownBy(() -> Ffmpeg.decodeAndCompare(clip, junk)).isInstanceOf(IOException.class);
    }

    /**
     * JCodec keeps 8-bit samples as sample - 128; feeding it a flat frame and decoding its output with
     * ffmpeg must give back the same level (an unsigned/signed mix-up would come back 128 off).
     */
    @Test
    void jcodecInputConventionRoundTripsThroughFfmpeg() throws IOException {
        RawVideo clip = new RawVideo("flat", 32, 32, 30, 2);
        for (int f = 0; f < 2; f++) {
            Arrays.fill(clip.y[f], (byte) 200);
            Arrays.fill(clip.u[f], (byte) 90);
            Arrays.fill(clip.v[f], (byte) 170);
        }
        Path h264 = dir.resolve("flat.h264");
        try (OutputStream os = Files.newOutputStream(h264)) {
            new JcodecRunner(clip).encode(new JcodecRunner.ConstantQp(12, 9), os);
        }
        Psnr.Quality q = Ffmpeg.decodeAndCompare(clip, h264);
        // a flat frame at QP 9-12 comes back within a level or two: PSNR far above 40 dB; 128 off would be ~6 dB
        assertThat(q.psnrY()).isGreaterThan(40);
        assertThat(q.psnrYuv()).isGreaterThan(40);
    }
}
