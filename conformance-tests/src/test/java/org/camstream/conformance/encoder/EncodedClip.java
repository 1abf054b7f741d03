package org.camstream.conformance.encoder;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.EncoderStats;
import org.camstream.h264.H264Encoder;

/** A raw I420 clip encoded by {@link H264Encoder}, with the encoder's reconstruction of every frame. */
final class EncodedClip {
    final int width, height, frames;
    final byte[] source;          // I420 frames back to back
    final byte[] reconstruction;  // I420 frames back to back
    final List<Integer> auSizes = new ArrayList<>();
    final List<Boolean> keyframes = new ArrayList<>();
    final List<Integer> qps = new ArrayList<>();
    final Path h264;
    final int levelIdc;
    /** The encoder's stats after the last frame. */
    EncoderStats stats;

    private EncodedClip(int width, int height, int frames, byte[] source, byte[] reconstruction, Path h264,
            int levelIdc) {
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.source = source;
        this.reconstruction = reconstruction;
        this.h264 = h264;
        this.levelIdc = levelIdc;
    }

    static int frameSize(int w, int h) {
        return w * h + 2 * (w / 2) * (h / 2);
    }

    /** Encodes with the zero-allocation I420 entry point into one reused output buffer. */
    static EncodedClip encode(Path dir, String name, byte[] src, int w, int h, EncoderConfig cfg) throws Exception {
        int fs = frameSize(w, h);
        int n = src.length / fs;
        byte[] y = new byte[w * h], u = new byte[(w / 2) * (h / 2)], v = new byte[(w / 2) * (h / 2)];
        byte[] rec = new byte[n * fs];
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        EncodedClip clip;
        try (H264Encoder enc = new H264Encoder(w, h, cfg)) {
            byte[] out = new byte[enc.maxAccessUnitSize()];
            clip = new EncodedClip(w, h, n, src, rec, dir.resolve(name + ".h264"), enc.levelIdc());
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, i * fs, y, 0, y.length);
                System.arraycopy(src, i * fs + y.length, u, 0, u.length);
                System.arraycopy(src, i * fs + y.length + u.length, v, 0, v.length);
                int len = enc.encodeI420(y, u, v, out, 0);
                stream.write(out, 0, len);
                clip.auSizes.add(len);
                clip.keyframes.add(enc.keyframe());
                clip.qps.add(enc.lastQp());
                enc.reconstruction(y, u, v);
                System.arraycopy(y, 0, rec, i * fs, y.length);
                System.arraycopy(u, 0, rec, i * fs + y.length, u.length);
                System.arraycopy(v, 0, rec, i * fs + y.length + u.length, v.length);
            }
            clip.stats = enc.stats();
        }
        Files.write(clip.h264, stream.toByteArray());
        return clip;
    }

    /** Luma+chroma PSNR (dB) of the reconstruction against the source, over all frames. */
    double psnr() {
        long sse = 0;
        for (int i = 0; i < source.length; i++) {
            int d = (source[i] & 0xFF) - (reconstruction[i] & 0xFF);
            sse += (long) d * d;
        }
        if (sse == 0) {
            return 99.0;
        }
        return 10 * Math.log10(255.0 * 255.0 * source.length / sse);
    }
}
