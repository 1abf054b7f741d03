package org.camstream.h264;

/**
 * An immutable snapshot of an {@link H264Encoder}'s work so far, from {@link H264Encoder#stats()}. Times
 * are wall-clock nanoseconds of the encode call (colour conversion excluded, all slices and threads
 * included).
 */
public final class EncoderStats {
    private final Preset activePreset;
    private final long lastEncodeNanos;
    private final long meanEncodeNanos;
    private final long framesEncoded;
    private final long presetChanges;
    private final int threads;

    EncoderStats(Preset activePreset, long lastEncodeNanos, long meanEncodeNanos, long framesEncoded,
            long presetChanges, int threads) {
        this.activePreset = activePreset;
        this.lastEncodeNanos = lastEncodeNanos;
        this.meanEncodeNanos = meanEncodeNanos;
        this.framesEncoded = framesEncoded;
        this.presetChanges = presetChanges;
        this.threads = threads;
    }

    /** @return the preset the next frame is coded with (the configured one unless adaptive speed moved it) */
    public Preset activePreset() {
        return activePreset;
    }

    /** @return time spent encoding the last frame, 0 before the first */
    public long lastEncodeNanos() {
        return lastEncodeNanos;
    }

    /** @return mean encode time per frame over all frames so far, 0 before the first */
    public long meanEncodeNanos() {
        return meanEncodeNanos;
    }

    /** @return frames encoded so far */
    public long framesEncoded() {
        return framesEncoded;
    }

    /** @return how many times adaptive speed changed the active preset */
    public long presetChanges() {
        return presetChanges;
    }

    /** @return threads that encode a picture (slices in parallel); 1 = the caller's thread only */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "EncoderStats[activePreset=" + activePreset + ", lastEncodeNanos=" + lastEncodeNanos
                + ", meanEncodeNanos=" + meanEncodeNanos + ", framesEncoded=" + framesEncoded
                + ", presetChanges=" + presetChanges + ", threads=" + threads + "]";
    }
}
