package org.camstream.h264;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * H.264 Constrained Baseline encoder (ITU-T H.264 Annex A.2.1.1): IDR and P pictures, CAVLC, in-loop
 * deblocking, average-bitrate rate control. Each {@code encode*} call takes one frame and returns one
 * Annex-B access unit (B.1): for IDR pictures SPS + PPS + the IDR slices, else the P slices, each NAL
 * unit preceded by a 4-byte start code. A picture has one slice per {@link EncoderConfig#threads()
 * thread} (bands of macroblock rows, §7.3.3), coded in parallel by worker threads the encoder starts once
 * and {@link #close()} stops; the slices of a picture share one QP and are deblocked across their edges
 * (disable_deblocking_filter_idc 0; FASTEST does not filter pictures below QP 22), so more threads cost
 * only the prediction lost at slice tops.
 *
 * <p>Speed: the {@link EncoderConfig#preset() preset} picks the coding tools; with
 * {@link EncoderConfig#adaptiveSpeed()} the encoder steps to faster presets when a frame takes longer than
 * the frame interval and back when there is headroom; {@link #stats()} reports the active preset and the
 * encode times.
 *
 * <p>Width and height are fixed at construction and must be even: 4:2:0 frame cropping works in units
 * of two samples (CropUnitX = CropUnitY = 2, §7.4.2.1.1), so an odd size cannot be signalled exactly;
 * the I420 chroma planes are therefore (width / 2) x (height / 2) (= (w+1)/2 x (h+1)/2). Every frame must
 * match the size. Sizes that are not multiples of 16 are coded padded and cropped in the SPS.
 *
 * <p>An IDR picture (with SPS and PPS) starts every {@link EncoderConfig#effectiveGop()} frames and
 * whenever {@link #requestKeyframe()} was called. level_idc is the lowest level of Table A-1 whose
 * MaxMBPS, MaxFS, MaxDpbMbs, frame dimension limits and MaxBR admit the size, frame rate and bitrate.
 *
 * <p>Threading: not thread-safe, except {@link #requestKeyframe()}; use one encoder per thread. The
 * {@code byte[]} returned by the allocating variants belongs to the caller; the {@code (..., out, off)}
 * variants allocate nothing in the steady state.
 */
public final class H264Encoder implements AutoCloseable {
    private final int width, height;
    private final int mbWidth, mbHeight;
    private final EncoderConfig config;
    private final int levelIdc;
    private final FrameEncoder frame;
    private final RateControl rc;
    private final byte[] sps, pps;
    private final int gop;
    private byte[] scratch;

    private boolean closed;
    private volatile boolean keyRequested = true;
    private boolean lastKey;
    private int lastQp;
    private long frameCount;
    private int framesSinceIdr;
    private int frameNum;
    private int idrPicId;
    private final java.util.function.LongSupplier nanoTime;
    private final SpeedGovernor governor;
    private long lastEncodeNanos;
    private long totalEncodeNanos;

    /** Encoder with {@link EncoderConfig#defaults()}. */
    public H264Encoder(int width, int height) {
        this(width, height, EncoderConfig.defaults());
    }

    /**
     * @throws IllegalArgumentException if width/height are not positive and even, or no level fits
     */
    public H264Encoder(int width, int height, EncoderConfig config) {
        this(width, height, config, System::nanoTime);
    }

    /** As {@link #H264Encoder(int, int, EncoderConfig)} with the clock that times each frame (a test seam). */
    H264Encoder(int width, int height, EncoderConfig config, java.util.function.LongSupplier nanoTime) {
        Objects.requireNonNull(config, "config must not be null");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
        this.governor = new SpeedGovernor(config.preset(), config.fps(), config.adaptiveSpeed());
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("width and height must be positive and even (4:2:0), were "
                    + width + "x" + height);
        }
        if (width > 8192 || height > 8192) {
            throw new IllegalArgumentException("width and height must be at most 8192, were " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.config = config;
        this.mbWidth = (width + 15) / 16;
        this.mbHeight = (height + 15) / 16;
        this.levelIdc = Level.choose(mbWidth, mbHeight, config.fps(), config.bitrate());
        this.gop = config.effectiveGop();
        this.frame = new FrameEncoder(mbWidth, mbHeight, true, config.threads());
        this.rc = new RateControl(config, width * height);
        BitWriter bw = new BitWriter(64);
        ParameterSets.writeSps(bw, mbWidth, mbHeight, width, height, levelIdc, config.fps());
        this.sps = java.util.Arrays.copyOf(bw.buffer(), bw.byteLength());
        bw.reset();
        ParameterSets.writePps(bw);
        this.pps = java.util.Arrays.copyOf(bw.buffer(), bw.byteLength());
    }

    /** @return the level_idc written in the SPS (Table A-1), e.g. 30 for level 3 */
    public int levelIdc() {
        return levelIdc;
    }

    /** @return the configuration */
    public EncoderConfig config() {
        return config;
    }

    /**
     * Encodes an RGB565 frame, 2 bytes per pixel, rows top to bottom. Cameras such as the OV2640 on an
     * ESP32 deliver {@link ByteOrder#BIG_ENDIAN} (high byte, RRRRRGGG, first); a little-endian
     * framebuffer of 16-bit words is {@link ByteOrder#LITTLE_ENDIAN}.
     *
     * @return one Annex-B access unit
     */
    public byte[] encodeRgb565(byte[] pixels, ByteOrder order) {
        checkRgb565(pixels, order);
        ColorConverter.fromRgb565(pixels, order == ByteOrder.BIG_ENDIAN, width, height, frame.srcY, frame.srcU,
                frame.srcV, frame.strideY, frame.strideC);
        return encodeToNewArray();
    }

    /** Zero-allocation variant of {@link #encodeRgb565(byte[], ByteOrder)}; @return bytes written at out[off..] */
    public int encodeRgb565(byte[] pixels, ByteOrder order, byte[] out, int off) {
        checkRgb565(pixels, order);
        checkOut(out, off);
        ColorConverter.fromRgb565(pixels, order == ByteOrder.BIG_ENDIAN, width, height, frame.srcY, frame.srcU,
                frame.srcV, frame.strideY, frame.strideC);
        return encodeInto(out, off);
    }

    /** Encodes 0xAARRGGBB pixels (alpha ignored; also packed RGB888 in an int). */
    public byte[] encodeArgb(int[] pixels) {
        checkArgb(pixels);
        ColorConverter.fromArgb(pixels, width, height, frame.srcY, frame.srcU, frame.srcV, frame.strideY,
                frame.strideC);
        return encodeToNewArray();
    }

    /** Zero-allocation variant of {@link #encodeArgb(int[])}; @return bytes written at out[off..] */
    public int encodeArgb(int[] pixels, byte[] out, int off) {
        checkArgb(pixels);
        checkOut(out, off);
        ColorConverter.fromArgb(pixels, width, height, frame.srcY, frame.srcU, frame.srcV, frame.strideY,
                frame.strideC);
        return encodeInto(out, off);
    }

    /** Encodes R, G, B byte triplets (3 bytes per pixel). */
    public byte[] encodeRgb888(byte[] pixels) {
        checkOpen();
        Objects.requireNonNull(pixels, "pixels must not be null");
        checkLength("RGB888 pixels", pixels.length, 3 * width * height);
        ColorConverter.fromRgb888(pixels, width, height, frame.srcY, frame.srcU, frame.srcV, frame.strideY,
                frame.strideC);
        return encodeToNewArray();
    }

    /** Encodes tightly packed I420 planes: y width x height, u and v (width/2) x (height/2). */
    public byte[] encodeI420(byte[] y, byte[] u, byte[] v) {
        checkI420(y, u, v);
        ColorConverter.fromI420(y, u, v, width, height, frame.srcY, frame.srcU, frame.srcV, frame.strideY,
                frame.strideC);
        return encodeToNewArray();
    }

    /** Zero-allocation variant of {@link #encodeI420(byte[], byte[], byte[])}; @return bytes written */
    public int encodeI420(byte[] y, byte[] u, byte[] v, byte[] out, int off) {
        checkI420(y, u, v);
        checkOut(out, off);
        ColorConverter.fromI420(y, u, v, width, height, frame.srcY, frame.srcU, frame.srcV, frame.strideY,
                frame.strideC);
        return encodeInto(out, off);
    }

    /** @return true if the last encoded frame was an IDR picture */
    public boolean keyframe() {
        return lastKey;
    }

    /**
     * Makes the next frame an IDR picture (with SPS and PPS), e.g. when a client joins. Unlike the rest of
     * this class, this method may be called from any thread (the request is a volatile flag).
     */
    public void requestKeyframe() {
        keyRequested = true;
    }

    /** @return QP of the last encoded frame */
    public int lastQp() {
        return lastQp;
    }

    /**
     * @return a snapshot of the preset in use, encode times and frame count (allocates the small snapshot:
     *         call it when the figures are wanted, not necessarily per frame)
     */
    public EncoderStats stats() {
        return new EncoderStats(governor.active(), lastEncodeNanos,
                frameCount == 0 ? 0 : totalEncodeNanos / frameCount, frameCount, governor.changes(), frame.sliceCount());
    }

    /** @return number of frames encoded so far */
    public long frameCount() {
        return frameCount;
    }

    /**
     * Copies the last frame's decoded picture (after deblocking, cropped to width x height) as I420,
     * i.e. exactly what a conforming decoder outputs for it.
     */
    public void reconstruction(byte[] yOut, byte[] uOut, byte[] vOut) {
        checkPlanes(yOut, uOut, vOut, "yOut", "uOut", "vOut");
        Picture p = frame.reconstruction();
        for (int r = 0; r < height; r++) {
            System.arraycopy(p.y, p.originY + r * p.strideY, yOut, r * width, width);
        }
        int cw = width / 2;
        for (int r = 0; r < height / 2; r++) {
            System.arraycopy(p.u, p.originC + r * p.strideC, uOut, r * cw, cw);
            System.arraycopy(p.v, p.originC + r * p.strideC, vOut, r * cw, cw);
        }
    }

    /**
     * @return a size that any access unit of this encoder fits in (a worst case: typical access units are
     *         one to two orders of magnitude smaller)
     */
    public int maxAccessUnitSize() {
        // Worst case per macroblock: 384 coefficients of at most 28 level bits (level_prefix <= 15, 12-bit
        // suffix, §9.2.2.1) + 11 run bits, 27 coeff_token/total_zeros of at most 25 bits, ~200 header bits:
        // < 2000 bytes; emulation prevention (§7.4.1) adds at most one byte per two: 3000 bytes.
        return mbWidth * mbHeight * 3000 + sps.length * 2 + pps.length * 2 + 64 + 32 * frame.sliceCount()
                + (config.fillerData() ? rc.maxFillerBytes() : 0);
    }

    /** Stops the encoder's worker threads; later encode calls throw IllegalStateException. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            frame.close();
        }
    }

    /** @return the worker threads' ids (tests count their allocations) */
    long[] workerThreadIds() {
        return frame.workerIds();
    }

    private byte[] encodeToNewArray() {
        if (scratch == null) {
            scratch = new byte[maxAccessUnitSize()];
        }
        int n = encodeInto(scratch, 0);
        return java.util.Arrays.copyOf(scratch, n);
    }

    private int encodeInto(byte[] out, int off) {
        long start = nanoTime.getAsLong();
        int n = encodeTimed(out, off);
        lastEncodeNanos = nanoTime.getAsLong() - start;
        totalEncodeNanos += lastEncodeNanos;
        governor.frameDone(lastEncodeNanos);
        return n;
    }

    private int encodeTimed(byte[] out, int off) {
        ColorConverter.padPlane(frame.srcY, frame.strideY, width, height, mbWidth * 16, mbHeight * 16);
        ColorConverter.padPlane(frame.srcU, frame.strideC, width / 2, height / 2, mbWidth * 8, mbHeight * 8);
        ColorConverter.padPlane(frame.srcV, frame.strideC, width / 2, height / 2, mbWidth * 8, mbHeight * 8);
        boolean idr = framesSinceIdr >= gop;
        if (keyRequested) { // read and cleared before encoding: a request arriving later forces the next frame
            keyRequested = false;
            idr = true;
        }
        if (idr) {
            frameNum = 0;
            framesSinceIdr = 0;
        }
        if (idr) {
            rc.intraSatd(PictureComplexity.intraSatd(frame.srcY, frame.strideY, mbWidth * 16, mbHeight * 16));
        }
        int qp = rc.nextQp(idr);
        frame.planTemporalQp(gop - 1 - framesSinceIdr);
        frame.encode(idr, frameNum, idrPicId, qp, config.qpMin(), Tools.of(governor.active()));
        int o = off;
        try {
            if (idr) {
                o = NalWriter.write(sps, sps.length, 3, NalWriter.NAL_SPS, out, o);
                o = NalWriter.write(pps, pps.length, 3, NalWriter.NAL_PPS, out, o);
            }
            for (int s = 0; s < frame.sliceCount(); s++) { // slices in first_mb_in_slice order (§7.4.1.2.3)
                BitWriter bw = frame.slice(s);
                o = NalWriter.write(bw.buffer(), bw.byteLength(), 3, idr ? NalWriter.NAL_IDR : NalWriter.NAL_SLICE,
                        out, o);
            }
        } catch (IllegalArgumentException tooSmall) {
            // the picture is now the encoder's reference but never reached the caller: restart with an IDR
            keyRequested = true;
            throw tooSmall;
        }
        long coded = 8L * (o - off);
        if (config.fillerData()) {
            // Only as much as the caller's buffer holds: the picture is already the reference.
            long fill = Math.min(rc.fillerBits(qp, coded) / 8, out.length - o);
            if (fill >= NalWriter.FILLER_OVERHEAD) {
                o = NalWriter.writeFiller((int) fill, out, o);
            }
        }
        rc.update(idr, qp, coded, 8L * (o - off));
        if (idr) {
            idrPicId = (idrPicId + 1) & 0xFFFF;
        }
        frameNum = (frameNum + 1) & ((1 << ParameterSets.LOG2_MAX_FRAME_NUM) - 1); // §7.4.3 frame_num of the next reference picture
        framesSinceIdr++;
        lastKey = idr;
        lastQp = qp;
        frameCount++;
        return o - off;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("encoder is closed");
        }
    }

    private void checkOut(byte[] out, int off) {
        Objects.requireNonNull(out, "out must not be null");
        if (off < 0 || off > out.length) {
            throw new IllegalArgumentException("offset " + off + " outside out[0.." + out.length + "]");
        }
    }

    private void checkRgb565(byte[] pixels, ByteOrder order) {
        checkOpen();
        Objects.requireNonNull(pixels, "pixels must not be null");
        Objects.requireNonNull(order, "order must not be null");
        checkLength("RGB565 pixels", pixels.length, 2 * width * height);
    }

    private void checkArgb(int[] pixels) {
        checkOpen();
        Objects.requireNonNull(pixels, "pixels must not be null");
        checkLength("ARGB pixels", pixels.length, width * height);
    }

    private void checkI420(byte[] y, byte[] u, byte[] v) {
        checkPlanes(y, u, v, "Y plane", "U plane", "V plane");
    }

    /** Open encoder, three non-null I420 planes of this encoder's size (input or reconstruction output). */
    private void checkPlanes(byte[] y, byte[] u, byte[] v, String yName, String uName, String vName) {
        checkOpen();
        // Messages built only on failure: this runs once per frame, which allocates nothing.
        if (y == null) throw new NullPointerException(yName + " must not be null");
        if (u == null) throw new NullPointerException(uName + " must not be null");
        if (v == null) throw new NullPointerException(vName + " must not be null");
        checkLength(yName, y.length, width * height);
        checkLength(uName, u.length, (width / 2) * (height / 2));
        checkLength(vName, v.length, (width / 2) * (height / 2));
    }

    private void checkLength(String what, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " length must be " + expected + " for " + width + "x" + height
                    + ", was " + actual);
        }
    }
}
