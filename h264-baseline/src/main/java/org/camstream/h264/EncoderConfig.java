package org.camstream.h264;

/**
 * Immutable settings of an {@link H264Encoder}, built with {@link #builder()}.
 *
 * <p>Defaults: 30 fps, gop 0 (one IDR per second, i.e. {@code fps} frames), 1 000 000 b/s,
 * QP range 10..51, no filler data, {@link Preset#FAST}, threads 0 (available processors, at most
 * {@link #MAX_DEFAULT_THREADS}), no adaptive speed. Instances are immutable and thread-safe.
 */
public final class EncoderConfig {
    /** Cap of the default thread count: more slices cost bits, and a camera host has other work too. */
    public static final int MAX_DEFAULT_THREADS = 4;
    /** Upper bound of {@link Builder#threads(int)}. */
    public static final int MAX_THREADS = 16;

    private final int fps;
    private final int gop;
    private final int bitrate;
    private final int qpMin;
    private final int qpMax;
    private final boolean fillerData;
    private final Preset preset;
    private final int threads;
    private final boolean adaptiveSpeed;

    private EncoderConfig(Builder b) {
        this.fps = b.fps;
        this.gop = b.gop;
        this.bitrate = b.bitrate;
        this.qpMin = b.qpMin;
        this.qpMax = b.qpMax;
        this.fillerData = b.fillerData;
        this.preset = b.preset;
        this.threads = b.threads != 0 ? b.threads
                : Math.min(MAX_DEFAULT_THREADS, Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.adaptiveSpeed = b.adaptiveSpeed;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the default configuration */
    public static EncoderConfig defaults() {
        return builder().build();
    }

    /** @return frames per second (1..240); signalled in the SPS VUI timing info */
    public int fps() {
        return fps;
    }

    /** @return the configured IDR interval in frames; 0 means one IDR per second */
    public int gop() {
        return gop;
    }

    /** @return the IDR interval actually used: {@link #gop()}, or {@link #fps()} when gop is 0 */
    public int effectiveGop() {
        return gop == 0 ? fps : gop;
    }

    /** @return target average bitrate in bits per second */
    public int bitrate() {
        return bitrate;
    }

    /** @return lowest QP the rate control may choose (0..51) */
    public int qpMin() {
        return qpMin;
    }

    /** @return highest QP the rate control may choose (qpMin..51) */
    public int qpMax() {
        return qpMax;
    }

    /**
     * @return whether access units are padded with filler data so the bitrate is met even when the
     *         picture needs fewer bits at {@link #qpMin()} (see {@link Builder#fillerData(boolean)})
     */
    public boolean fillerData() {
        return fillerData;
    }

    /** @return the speed preset (the starting one when {@link #adaptiveSpeed()} is on) */
    public Preset preset() {
        return preset;
    }

    /**
     * @return encoding threads, resolved: {@link Builder#threads(int) threads(0)} reads as the available
     *         processors capped at {@link #MAX_DEFAULT_THREADS}
     */
    public int threads() {
        return threads;
    }

    /** @return whether the encoder steps presets to keep up with {@link #fps()} */
    public boolean adaptiveSpeed() {
        return adaptiveSpeed;
    }

    @Override
    public String toString() {
        return "EncoderConfig[fps=" + fps + ", gop=" + gop + ", bitrate=" + bitrate
                + ", qpMin=" + qpMin + ", qpMax=" + qpMax + ", fillerData=" + fillerData + ", preset=" + preset
                + ", threads=" + threads + ", adaptiveSpeed=" + adaptiveSpeed + "]";
    }

    /** Mutable builder; not thread-safe. {@link #build()} validates. */
    public static final class Builder {
        private int fps = 30;
        private int gop = 0;
        private int bitrate = 1_000_000;
        private int qpMin = 10;
        private int qpMax = 51;
        private boolean fillerData;
        private Preset preset = Preset.FAST;
        private int threads = 0;
        private boolean adaptiveSpeed;

        private Builder() {
        }

        /** @param fps frames per second, 1..240 */
        public Builder fps(int fps) {
            this.fps = fps;
            return this;
        }

        /** @param gop IDR interval in frames (1 = all IDR), or 0 for one IDR per second */
        public Builder gop(int gop) {
            this.gop = gop;
            return this;
        }

        /** @param bitrate target bits per second, 10 000..100 000 000 */
        public Builder bitrate(int bitrate) {
            this.bitrate = bitrate;
            return this;
        }

        /** @param qpMin lowest QP, 0..51 */
        public Builder qpMin(int qpMin) {
            this.qpMin = qpMin;
            return this;
        }

        /** @param qpMax highest QP, qpMin..51 */
        public Builder qpMax(int qpMax) {
            this.qpMax = qpMax;
            return this;
        }

        /**
         * Constant bitrate even on easy pictures. The rate control never goes below qpMin, so a still
         * or simple scene can need fewer bits than the target even at qpMin; with filler data on, each
         * access unit such a frame produces is topped up with a filler data NAL unit (H.264 §7.3.2.7,
         * nal_unit_type 12, after the slice as §7.4.1.2.3 allows; decoders discard it) so the average
         * meets the target. Off by default: padding spends the link's bandwidth on nothing, which is
         * what a constant-rate channel wants and a camera on a shared network does not.
         *
         * @param fillerData pad to the target bitrate
         */
        public Builder fillerData(boolean fillerData) {
            this.fillerData = fillerData;
            return this;
        }

        /**
         * @param preset the set of coding tools (see {@link Preset}); with {@link #adaptiveSpeed(boolean)} the
         *        preset the encoder starts from and never goes slower than
         */
        public Builder preset(Preset preset) {
            this.preset = java.util.Objects.requireNonNull(preset, "preset must not be null");
            return this;
        }

        /**
         * Threads that encode each picture, as that many slices coded in parallel (H.264 §7.3.3); the output
         * stays one access unit per picture. 1 codes one slice on the caller's thread; 0 (the default) means
         * the available processors, at most {@link EncoderConfig#MAX_DEFAULT_THREADS}. Each slice restarts
         * intra and motion-vector prediction (§7.4.3), so more threads cost a few bits.
         *
         * @param threads 0..{@link EncoderConfig#MAX_THREADS}
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Keep up by itself: when a frame takes longer than the frame interval (1 / {@link #fps(int)}), the
         * encoder steps to a faster preset, and back towards {@link #preset(Preset)} when there is headroom
         * (with hysteresis, see {@link H264Encoder#stats()}). Off by default (then the output depends only on
         * the input, not on the machine's load).
         */
        public Builder adaptiveSpeed(boolean adaptiveSpeed) {
            this.adaptiveSpeed = adaptiveSpeed;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException naming the offending value
         */
        public EncoderConfig build() {
            if (fps < 1 || fps > 240) {
                throw new IllegalArgumentException("fps must be in 1..240, was " + fps);
            }
            if (gop < 0) {
                throw new IllegalArgumentException("gop must be >= 0 (0 = one IDR per second), was " + gop);
            }
            if (bitrate < 10_000 || bitrate > 100_000_000) {
                throw new IllegalArgumentException("bitrate must be in 10000..100000000 b/s, was " + bitrate);
            }
            if (qpMin < 0 || qpMin > 51) {
                throw new IllegalArgumentException("qpMin must be in 0..51, was " + qpMin);
            }
            if (qpMax < qpMin || qpMax > 51) {
                throw new IllegalArgumentException("qpMax must be in qpMin(" + qpMin + ")..51, was " + qpMax);
            }
            if (threads < 0 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be in 0.." + MAX_THREADS
                        + " (0 = available processors), was " + threads);
            }
            return new EncoderConfig(this);
        }
    }
}
