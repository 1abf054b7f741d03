package org.camstream.conformance.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.EncoderStats;
import org.camstream.h264.H264Encoder;
import org.camstream.h264.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #13: every speed preset and the threaded encoder (several slices per picture, H.264 §7.3.3,
 * deblocked across slice edges with disable_deblocking_filter_idc 0) decode under ffmpeg's strict checks
 * with ffmpeg's output equal to the encoder's reconstruction on every frame; a threaded stream decodes
 * bit-exactly in GStreamer through two independent decoders (libav's avdec_h264 and Cisco's openh264dec);
 * a stream whose preset changes while it runs (adaptive speed) decodes bit-exactly as well.
 */
class PresetConformanceTest {
    private static final int W = 320, H = 240, FRAMES = 20, GOP = 10;
    /** A moving scene with edges (partitions) and a zoom (sub-sample vectors): testsrc2, then mandelbrot. */
    private static final String[] GRAPHS = {"testsrc2=size=320x240:rate=30", "mandelbrot=size=320x240:rate=30"};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1} thread(s)")
    @CsvSource({"FASTEST, 1", "FAST, 1", "MEDIUM, 1", "QUALITY, 1", "FASTEST, 3", "FAST, 3", "MEDIUM, 3", "QUALITY, 3"})
    void eachPresetAndThreadCountDecodesBitExact(Preset preset, int threads) throws Exception {
        for (int g = 0; g < GRAPHS.length; g++) {
            byte[] src = Ffmpeg.lavfiI420(dir, GRAPHS[g], FRAMES, null);
            String name = preset + "-t" + threads + "-" + g;
            EncodedClip clip = EncodedClip.encode(dir, name, src, W, H, EncoderConfig.builder().fps(30).gop(GOP)
                    .bitrate(1_000_000).preset(preset).threads(threads).build());
            assertSlicesPerPicture(clip, threads);
            assertThat(strictFfmpegDecode(clip, name)).as(name).isEqualTo(FRAMES);
        }
    }

    /** The presets are different tool sets: four different streams, and the slowest beats the fastest. */
    @Test
    void presetsCodeDifferentlyAndTheSlowestCodesBest() throws Exception {
        byte[] src = Ffmpeg.lavfiI420(dir, GRAPHS[0], FRAMES, null);
        Map<Preset, Double> psnr = new EnumMap<>(Preset.class);
        List<String> streams = new ArrayList<>();
        for (Preset p : Preset.values()) {
            EncodedClip clip = EncodedClip.encode(dir, "cmp-" + p, src, W, H,
                    EncoderConfig.builder().fps(30).gop(GOP).bitrate(1_000_000).preset(p).threads(1).build());
            streams.add(java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(clip.h264))));
            psnr.put(p, clip.psnr());
            System.out.printf("preset conformance %s: %.2f dB%n", p, clip.psnr());
        }
        assertThat(streams).doesNotHaveDuplicates();
        assertThat(psnr.get(Preset.QUALITY)).isGreaterThan(psnr.get(Preset.FASTEST) + 0.5);
    }

    /** Three slices per picture through GStreamer: avdec_h264 and openh264dec each output the reconstruction. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"avdec_h264", "openh264dec"})
    void threadedStreamDecodesBitExactInGStreamer(String decoder) throws Exception {
        byte[] src = Ffmpeg.lavfiI420(dir, GRAPHS[1], FRAMES, null);
        EncodedClip clip = EncodedClip.encode(dir, "gst", src, W, H,
                EncoderConfig.builder().fps(30).gop(GOP).bitrate(1_000_000).threads(3).build());
        assertSlicesPerPicture(clip, 3);
        Path out = dir.resolve("gst-" + decoder + ".yuv");
        Ffmpeg.runOk(dir, null, "gst-launch-1.0", "-q", "filesrc", "location=" + clip.h264, "!", "h264parse", "!",
                decoder, "!", "videoconvert", "!", "video/x-raw,format=I420", "!", "filesink",
                "location=" + out);
        byte[] dec = Files.readAllBytes(out);
        int fs = EncodedClip.frameSize(W, H);
        assertThat(dec.length).as(decoder + " decoded frame count").isEqualTo(FRAMES * fs);
        for (int i = 0; i < FRAMES; i++) {
            assertThat(java.util.Arrays.equals(dec, i * fs, (i + 1) * fs, clip.reconstruction, i * fs, (i + 1) * fs))
                    .as(decoder + " output equals the reconstruction in frame " + i).isTrue();
        }
    }

    /**
     * Adaptive speed at a frame rate no preset reaches at 1280x720 on any current machine (240 fps): the
     * encoder steps down while it runs, and the stream, coded with several presets, stays bit-exact.
     */
    @Test
    void adaptiveSpeedStreamDecodesBitExact() throws Exception {
        int w = 1280, h = 720, frames = 24;
        byte[] src = Ffmpeg.lavfiI420(dir, "testsrc2=size=1280x720:rate=30", frames, null);
        EncoderConfig cfg = EncoderConfig.builder().fps(240).gop(12).bitrate(8_000_000).preset(Preset.QUALITY)
                .adaptiveSpeed(true).build();
        EncodedClip clip = EncodedClip.encode(dir, "adaptive", src, w, h, cfg);
        EncoderStats stats = clip.stats;
        assertThat(stats.presetChanges()).as(stats.toString()).isPositive();
        assertThat(stats.activePreset()).isNotEqualTo(Preset.QUALITY);
        assertThat(stats.framesEncoded()).isEqualTo(frames);
        assertThat(stats.meanEncodeNanos()).isPositive();
        assertThat(strictFfmpegDecode(clip, "adaptive")).isEqualTo(frames);
    }

    /**
     * Issue #13 item 4: saturated chroma at qpMin(0) (U columns of 0 and 255, moving by 3 samples a frame)
     * needs levels beyond the Baseline range; the macroblocks concerned are coded at a higher QP through
     * mb_qp_delta (§7.4.5) instead of clipped levels. ffmpeg decodes it bit-exactly and U is no longer
     * damaged (it was ~15 dB on this picture with clipping).
     */
    @Test
    void saturatedChromaAtQpZeroDecodesBitExactAndUndamaged() throws Exception {
        int w = 96, h = 64, frames = 6;
        int fs = EncodedClip.frameSize(w, h);
        byte[] src = new byte[frames * fs];
        for (int f = 0; f < frames; f++) {
            int o = f * fs;
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    src[o + j * w + i] = (byte) (40 + ((i + 2 * f) * 3 + j) % 180);
                }
            }
            for (int j = 0; j < h / 2; j++) {
                for (int i = 0; i < w / 2; i++) {
                    src[o + w * h + j * (w / 2) + i] = (byte) ((((i + 3 * f) / 8) & 1) == 0 ? 0 : 255);
                    src[o + w * h + (w / 2) * (h / 2) + j * (w / 2) + i] = (byte) (255 - 2 * i);
                }
            }
        }
        EncodedClip clip = EncodedClip.encode(dir, "saturated", src, w, h, EncoderConfig.builder().gop(3).qpMin(0)
                .qpMax(0).bitrate(100_000_000).threads(2).build());
        assertThat(clip.qps).containsOnly(0);
        assertThat(strictFfmpegDecode(clip, "saturated")).isEqualTo(frames);
        long se = 0;
        int n = 0;
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < (w / 2) * (h / 2); k++) {
                int i = f * fs + w * h + k;
                int d = (src[i] & 0xFF) - (clip.reconstruction[i] & 0xFF);
                se += d * d;
                n++;
            }
        }
        double psnrU = se == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * n / se);
        System.out.printf("preset conformance saturated chroma at QP 0: U %.2f dB%n", psnrU);
        assertThat(psnrU).as("U PSNR").isGreaterThan(50);
    }

    /** Decodes with ffmpeg's strict checks; fails unless every frame equals the reconstruction. @return frames */
    private int strictFfmpegDecode(EncodedClip clip, String name) throws Exception {
        Path decoded = dir.resolve(name + ".yuv");
        Ffmpeg.runOk(dir, null, "ffmpeg", "-nostdin", "-v", "error", "-err_detect", "explode+bitstream+buffer",
                "-xerror", "-i", clip.h264.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y",
                decoded.toString());
        byte[] dec = Files.readAllBytes(decoded);
        int fs = EncodedClip.frameSize(clip.width, clip.height);
        assertThat(dec.length).as(name + " decoded frame count").isEqualTo(clip.frames * fs);
        for (int i = 0; i < clip.frames; i++) {
            assertThat(java.util.Arrays.equals(dec, i * fs, (i + 1) * fs, clip.reconstruction, i * fs, (i + 1) * fs))
                    .as(name + ": ffmpeg output equals the reconstruction in frame " + i).isTrue();
        }
        return dec.length / fs;
    }

    /** One access unit per picture with one slice NAL unit per thread (SPS and PPS ahead of IDR slices). */
    private static void assertSlicesPerPicture(EncodedClip clip, int slices) throws Exception {
        byte[] s = Files.readAllBytes(clip.h264);
        int off = 0;
        for (int i = 0; i < clip.frames; i++) {
            int end = off + clip.auSizes.get(i);
            List<Integer> types = new ArrayList<>();
            for (int k = off; k + 4 < end; k++) {
                if (s[k] == 0 && s[k + 1] == 0 && s[k + 2] == 0 && s[k + 3] == 1) {
                    types.add(s[k + 4] & 0x1F);
                    k += 3;
                }
            }
            boolean idr = i % GOP == 0;
            List<Integer> expected = new ArrayList<>();
            if (idr) {
                expected.add(7);
                expected.add(8);
            }
            for (int n = 0; n < slices; n++) {
                expected.add(idr ? 5 : 1);
            }
            assertThat(types).as("NAL unit types of access unit " + i).isEqualTo(expected);
            off = end;
        }
    }
}
