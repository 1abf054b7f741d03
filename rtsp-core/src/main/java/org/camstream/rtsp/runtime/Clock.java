package org.camstream.rtsp.runtime;

/**
 * The server's two clocks, as a seam: a monotonic one for every timeout, cadence and RTP timestamp,
 * and the wall clock only where a protocol carries wall time (RFC 3550 §6.4.1: the NTP timestamp of a
 * sender report; RFC 7616 §3.3 nonce expiry). Tests pass a fake one and advance it instead of sleeping.
 *
 * <p>Implementations must be thread-safe: {@code send()} reads the monotonic clock on the producer's thread.
 */
public interface Clock {
    /** Monotonic nanoseconds on the scale of {@link System#nanoTime()}: compare only as differences. */
    long nanoTime();

    /** Milliseconds since the Unix epoch (wall time; may jump). */
    long currentTimeMillis();

    /** The JDK's clocks. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };
}
