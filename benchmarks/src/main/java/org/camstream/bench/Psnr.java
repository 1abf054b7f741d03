package org.camstream.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * PSNR of decoded I420 video against its source, computed here in Java the same way for every
 * encoder: per frame, PSNR = 10 log10(255^2 / MSE) for Y, and for "YUV" from the summed squared error
 * of all three planes over all 1.5 w h samples (as ffmpeg's psnr filter "average" does); the clip
 * figure is the mean of the per-frame values. A frame identical to its source counts as
 * {@link #CAP_DB}, so one lossless frame cannot make the mean infinite.
 *
 * <p>Threading: {@link Accumulator} is single-threaded and reuses its frame buffers.
 */
final class Psnr {
    /** Value used for a frame with zero error. */
    static final double CAP_DB = 100.0;

    private Psnr() {
    }

    /** Sum of squared differences of {@code a[i]} and {@code b[i]} (unsigned samples), i in [0, n). */
    static long sse(byte[] a, byte[] b, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            s += d * d;
        }
        return s;
    }

    /** PSNR in dB of 8-bit samples for a squared error {@code sse} over {@code samples} samples. */
    static double db(long sse, long samples) {
        if (sse == 0) {
            return CAP_DB;
        }
        double mse = (double) sse / samples;
        return Math.min(CAP_DB, 10.0 * Math.log10(255.0 * 255.0 / mse));
    }

    /** Mean per-frame PSNR of a decoded clip. */
    record Quality(double psnrY, double psnrYuv, int frames) {
    }

    /**
     * Reads decoded I420 frames from {@code decoded} and compares them with {@code source}, frame by
     * frame in order.
     *
     * @throws IOException if the decoder produced a different number of frames or a partial frame
     */
    static Quality compare(RawVideo source, InputStream decoded) throws IOException {
        Accumulator acc = new Accumulator(source);
        byte[] y = new byte[source.width * source.height];
        byte[] u = new byte[source.chromaSize()];
        byte[] v = new byte[source.chromaSize()];
        while (RawVideo.readFrame(decoded, y, u, v)) {
            if (acc.frames() == source.frames()) {
                throw new IOException("decoder produced more frames than the " + source.frames() + " encoded");
            }
            acc.add(y, u, v);
        }
        if (acc.frames() != source.frames()) {
            throw new IOException("decoder produced " + acc.frames() + " of " + source.frames() + " frames");
        }
        return acc.result();
    }

    /** Adds up per-frame PSNR for frames 0, 1, 2, ... of a source clip. */
    static final class Accumulator {
        private final RawVideo source;
        private double sumY, sumYuv;
        private int frames;

        Accumulator(RawVideo source) {
            this.source = source;
        }

        void add(byte[] y, byte[] u, byte[] v) {
            int f = frames;
            int ny = source.width * source.height;
            int nc = source.chromaSize();
            long sy = sse(source.y[f], y, ny);
            long sc = sse(source.u[f], u, nc) + sse(source.v[f], v, nc);
            sumY += db(sy, ny);
            sumYuv += db(sy + sc, ny + 2L * nc);
            frames++;
        }

        int frames() {
            return frames;
        }

        Quality result() {
            return new Quality(sumY / frames, sumYuv / frames, frames);
        }
    }
}
