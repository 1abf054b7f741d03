package org.camstream.examples;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads raw I420 pictures (Y plane, then U and V at half width and height: width*height*3/2
 * bytes, as {@code ffmpeg -pix_fmt yuv420p -f rawvideo -} writes them) one after another from a
 * stream, into the planes it owns. Not thread-safe; one reader per stream.
 */
final class RawFrameReader {
    private final InputStream in;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;
    private int shortTail = -1;

    RawFrameReader(InputStream in, int width, int height) {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("I420 needs an even width and height, got " + width + "x" + height);
        }
        this.in = in;
        this.y = new byte[width * height];
        this.u = new byte[width * height / 4];
        this.v = new byte[width * height / 4];
    }

    /** Bytes of one picture. */
    int frameBytes() {
        return y.length + u.length + v.length;
    }

    /**
     * Reads the next whole picture into {@link #y()}, {@link #u()}, {@link #v()}; false at the end
     * of the input. A last picture cut short by the end of the input is not returned; its length is
     * then {@link #shortTail()}.
     */
    boolean next() throws IOException {
        int got = fill(y, 0);
        if (got == y.length) got += fill(u, 0);
        if (got == y.length + u.length) got += fill(v, 0);
        if (got == frameBytes()) return true;
        if (got > 0) shortTail = got;
        return false;
    }

    /** Reads until {@code plane} is full or the input ends; returns the bytes read. */
    private int fill(byte[] plane, int from) throws IOException {
        int off = from;
        while (off < plane.length) {
            int n = in.read(plane, off, plane.length - off);
            if (n < 0) break;
            off += n;
        }
        return off - from;
    }

    /** Bytes of the picture cut short at the end of the input, or -1 if the input ended on a picture boundary. */
    int shortTail() {
        return shortTail;
    }

    byte[] y() {
        return y;
    }

    byte[] u() {
        return u;
    }

    byte[] v() {
        return v;
    }
}
