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
    private int lastFrame;
    private boolean framed;

    /**
     * The timestamp of a frame captured at {@code nanos}: as {@link #timestamp}, but always later than
     * the previous frame's, so two frames a bursty producer handed in within one 11 us tick (or a
     * capture time from a clock that stepped) never share or reverse a timestamp (RFC 3550 §5.1: one
     * timestamp per frame, increasing; decoders merge or reorder otherwise).
     */
    int frameTimestamp(long nanos) {
        int ts = timestamp(nanos);
        if (framed && ts - lastFrame <= 0) ts = lastFrame + 1; // serial-number order, as RTP timestamps wrap
        lastFrame = ts;
        framed = true;
        return ts;
    }

    /** The 32-bit RTP timestamp of monotonic time {@code nanos}. */
    int timestamp(long nanos) {
        if (!started) {
            baseNanos = nanos;
            started = true;
        }
        return (int) Math.floorDiv((nanos - baseNanos) * 9, 100_000L);
    }
}
