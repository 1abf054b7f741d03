package org.camstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A clip held in memory as tightly packed I420 planes (Y width x height, U and V (width/2) x
 * (height/2)), one array per plane per frame, so that encoders can be fed without copying.
 *
 * <p>Ownership: the arrays are shared with every encoder under test and must be treated as
 * read-only. Not thread-safe (no one mutates it after {@link #load}).
 */
final class RawVideo {
    final String name;
    final int width, height, fps;
    final byte[][] y, u, v;

    RawVideo(String name, int width, int height, int fps, int frames) {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("I420 needs positive even sizes, was " + width + "x" + height);
        }
        this.name = name;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.y = new byte[frames][width * height];
        this.u = new byte[frames][chromaSize()];
        this.v = new byte[frames][chromaSize()];
    }

    int frames() {
        return y.length;
    }

    int chromaSize() {
        return (width / 2) * (height / 2);
    }

    /** Bytes of one I420 frame. */
    int frameBytes() {
        return width * height + 2 * chromaSize();
    }

    /** Reads {@code frames} I420 frames from a raw .yuv file; fails if the file holds fewer. */
    static RawVideo load(Path file, String name, int width, int height, int fps, int frames) throws IOException {
        RawVideo clip = new RawVideo(name, width, height, fps, frames);
        try (InputStream in = Files.newInputStream(file)) {
            for (int f = 0; f < frames; f++) {
                if (!readFrame(in, clip.y[f], clip.u[f], clip.v[f])) {
                    throw new IOException(file + " holds only " + f + " of " + frames + " frames");
                }
            }
        }
        return clip;
    }

    /** Reads one I420 frame into the three planes; returns false on a clean end of stream before it. */
    static boolean readFrame(InputStream in, byte[] y, byte[] u, byte[] v) throws IOException {
        int n = in.readNBytes(y, 0, y.length);
        if (n == 0) {
            return false;
        }
        if (n < y.length || in.readNBytes(u, 0, u.length) < u.length || in.readNBytes(v, 0, v.length) < v.length) {
            throw new IOException("truncated I420 frame");
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " " + width + "x" + height + " " + frames() + " frames @" + fps;
    }
}
