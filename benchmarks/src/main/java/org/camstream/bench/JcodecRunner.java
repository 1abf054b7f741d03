package org.camstream.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;

/**
 * Encodes a clip with JCodec 0.2.5's {@code org.jcodec.codecs.h264.H264Encoder} on the calling
 * thread. The clip is converted to JCodec {@link Picture}s once, before any timing (JCodec keeps 8-bit
 * samples as signed bytes, sample - 128), so the timed loop is {@code encodeFrame} alone, into one
 * reused {@link ByteBuffer}.
 *
 * <p>Rate control: {@link #defaultRc()} is what {@code H264Encoder.createH264Encoder()} uses
 * (JCodec's {@code DumbRateControl}: QP 20 for I, 26 for P, raised per macroblock when a macroblock
 * exceeds its share of the output buffer), so it has no bitrate target. For quality at a given
 * bitrate we use {@link ConstantQp} and sweep the QP (see {@link EncoderBenchmark}).
 *
 * <p>Threading: instances hold the converted pictures; use from one thread.
 */
final class JcodecRunner {
    static final String NAME = "JCodec 0.2.5";

    private final RawVideo clip;
    private final Picture[] pictures;

    JcodecRunner(RawVideo clip) {
        this.clip = clip;
        this.pictures = new Picture[clip.frames()];
        for (int f = 0; f < clip.frames(); f++) {
            pictures[f] = toPicture(clip, f);
        }
    }

    /** I420 frame f as a JCodec picture (8-bit samples stored as sample - 128). */
    static Picture toPicture(RawVideo clip, int f) {
        Picture p = Picture.create(clip.width, clip.height, ColorSpace.YUV420J);
        shift(clip.y[f], p.getPlaneData(0));
        shift(clip.u[f], p.getPlaneData(1));
        shift(clip.v[f], p.getPlaneData(2));
        return p;
    }

    private static void shift(byte[] src, byte[] dst) {
        if (src.length != dst.length) {
            throw new IllegalStateException("JCodec plane size " + dst.length + " != " + src.length);
        }
        for (int i = 0; i < src.length; i++) {
            dst[i] = (byte) ((src[i] & 0xFF) - 128);
        }
    }

    /** JCodec's own default rate control, as in {@code H264Encoder.createH264Encoder()}. */
    static RateControl defaultRc() {
        return new org.jcodec.codecs.h264.encode.DumbRateControl();
    }

    /**
     * @param rc   rate control (a fresh instance per encode)
     * @param sink receives the Annex-B stream, or null to discard it (timed runs)
     */
    EncodeRun encode(RateControl rc, OutputStream sink) throws IOException {
        H264Encoder enc = new H264Encoder(rc);
        enc.setKeyInterval(EncoderBenchmark.GOP);
        ByteBuffer buf = ByteBuffer.allocate(enc.estimateBufferSize(pictures[0]));
        byte[] copy = sink == null ? null : new byte[buf.capacity()];
        long bytes = 0;
        long c0 = ThreadCpu.nanos();
        long t0 = System.nanoTime();
        for (Picture p : pictures) {
            buf.clear();
            ByteBuffer data = enc.encodeFrame(p, buf).getData();
            int n = data.remaining();
            bytes += n;
            if (sink != null) {
                data.get(copy, 0, n);
                sink.write(copy, 0, n);
            }
        }
        long t = System.nanoTime() - t0;
        return new EncodeRun(bytes, clip.frames(), t, ThreadCpu.seconds(c0, ThreadCpu.nanos()));
    }

    /**
     * Constant-QP rate control for JCodec: QP {@code qp} for P slices and {@code idrQp} for IDR slices,
     * no per-macroblock changes. JCodec 0.2.5 semantics (read with {@code javap -c -p} on the jar):
     * {@code H264Encoder.doEncodeFrame} takes the slice QP from {@code startPicture} once per picture;
     * {@code encodeSlice} starts each macroblock's QP delta at {@code initialQpDelta()}, encodes it, and
     * while {@code accept(bits)} returns non-zero it restores the macroblock, adds that value to the
     * delta and encodes it again; the delta then carries into the next macroblock (mb_qp_delta, H.264
     * §7.4.5). Returning 0 from both keeps every macroblock at the slice QP.
     */
    static final class ConstantQp implements RateControl {
        private final int qp;
        private final int idrQp;

        ConstantQp(int qp, int idrQp) {
            if (qp < 0 || qp > 51 || idrQp < 0 || idrQp > 51) { // H.264 §7.4.3: QP 0..51 for 8-bit video
                throw new IllegalArgumentException("QPs must be in 0..51, were " + qp + ", " + idrQp);
            }
            this.qp = qp;
            this.idrQp = idrQp;
        }

        @Override
        public int startPicture(Size size, int maxSize, SliceType sliceType) {
            return sliceType == SliceType.P ? qp : idrQp;
        }

        @Override
        public int initialQpDelta() {
            return 0;
        }

        @Override
        public int accept(int bits) {
            return 0; // never re-encode a macroblock, never change the QP
        }
    }
}
