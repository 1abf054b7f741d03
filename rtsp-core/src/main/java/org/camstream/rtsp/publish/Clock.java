package org.camstream.rtsp.publish;

/**
 * Time as the publisher sees it: a seam, so that reconnect, backoff and keepalive tests advance a fake
 * clock instead of sleeping.
 */
public interface Clock {
    /** Monotonic nanoseconds (deadlines, RTP timestamps). */
    long nanoTime();

    /** Wall-clock nanoseconds since the Unix epoch (RTCP SR NTP timestamps, RFC 3550 §6.4.1). */
    long wallNanos();

    /** The JDK's clocks. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallNanos() {
            return System.currentTimeMillis() * 1_000_000L;
        }
    };
}
