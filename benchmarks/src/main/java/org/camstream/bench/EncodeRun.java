package org.camstream.bench;

/**
 * One encode of a whole clip: output size, frames and the time spent encoding.
 *
 * @param bytes       total Annex-B bytes produced
 * @param frames      frames encoded
 * @param encodeNanos wall time of the encode loop (for x264: around the ffmpeg process)
 * @param cpuSeconds  CPU seconds of the encoding: the encoding thread's CPU time for the Java encoders,
 *                    ffmpeg's own {@code -benchmark} utime for x264; NaN if unknown
 * @param busiestThreadSeconds with several encoding threads: CPU seconds of the busiest one (calling thread or
 *                    slice worker); NaN otherwise
 */
record EncodeRun(long bytes, int frames, long encodeNanos, double cpuSeconds, double busiestThreadSeconds) {
    EncodeRun(long bytes, int frames, long encodeNanos, double cpuSeconds) {
        this(bytes, frames, encodeNanos, cpuSeconds, Double.NaN);
    }

    /**
     * @return frames per CPU second of the busiest thread: what the threads would reach if each had a core of
     *         its own and never waited for another (an upper bound for an idle machine), NaN if unknown
     */
    double busiestThreadFps() {
        return frames / busiestThreadSeconds;
    }

    /** @return frames per second of wall time */
    double fps() {
        return frames * 1e9 / encodeNanos;
    }

    /** @return frames per CPU second (NaN if the CPU time is unknown) */
    double cpuFps() {
        return frames / cpuSeconds;
    }

    /** @return achieved bitrate in bits per second: bytes * 8 * fps / frames */
    double bitrate(int clipFps) {
        return RateMath.bitrate(bytes, frames, clipFps);
    }
}
