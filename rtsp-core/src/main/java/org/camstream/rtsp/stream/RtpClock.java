package org.camstream.rtsp.stream;

/**
 * The stream's 90 kHz media clock (RFC 6184 §5.1) derived from the monotonic capture time of its
 * frames: RTP timestamps follow capture time, not delivery time. Starts at 0 with the first reading
 * and wraps like RTP timestamps do; each session adds its random offset (RFC 3550 §5.1).
 * Thread: event loop only.
 */
final class RtpClock {
    private long baseNanos;
    private boolean started;

    /** The 32-bit RTP timestamp of monotonic time {@code nanos}. */
    int timestamp(long nanos) {
        if (!started) {
            baseNanos = nanos;
            started = true;
        }
        return (int) Math.floorDiv((nanos - baseNanos) * 9, 100_000L);
    }
}
