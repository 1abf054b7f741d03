package org.camstream.bench;

/**
 * One encode of a whole clip: output size, frames and the time spent encoding.
 *
 * @param bytes       total Annex-B bytes produced
 * @param frames      frames encoded
 * @param encodeNanos wall time of the encode loop (for x264: around the ffmpeg process)
 * @param cpuSeconds  CPU seconds of the encoding: the encoding thread's CPU time for the Java encoders,
 *                    ffmpeg's own {@code -benchmark} utime for x264; NaN if unknown
 */
record EncodeRun(long bytes, int frames, long encodeNanos, double cpuSeconds) {
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
