package org.camstream.rtp;

/**
 * 64-bit NTP timestamps (RFC 3550 §4): seconds since 1900-01-01 in the high 32 bits, binary
 * fraction of a second in the low 32 bits. Stateless and thread-safe.
 */
public final class NtpTime {
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970): 70 years incl. 17 leap days. */
    static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;
    private static final long NANOS = 1_000_000_000L;

    private NtpTime() {
    }

    /**
     * Converts nanoseconds since the Unix epoch to the 64-bit NTP format (fraction truncated). The
     * seconds field wraps modulo 2^32 (NTP era rollover in 2036, RFC 5905 §6), as on the wire.
     */
    public static long fromEpochNanos(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, NANOS) + EPOCH_OFFSET_SECONDS;
        long nanos = Math.floorMod(epochNanos, NANOS);
        long fraction = (nanos << 32) / NANOS; // nanos < 2^30, so no overflow
        return (seconds << 32) | fraction;
    }

    /**
     * Inverse of {@link #fromEpochNanos} (rounded to the nearest nanosecond), valid for 1968..2104:
     * a seconds field with its top bit clear is taken to be in era 1 (after 2036-02-07), the
     * convention of RFC 4330 §3.
     */
    public static long toEpochNanos(long ntp) {
        long ntpSeconds = ntp >>> 32;
        if ((ntpSeconds & 0x8000_0000L) == 0) {
            ntpSeconds += 1L << 32; // RFC 4330 §3: MSB 0 means era 1
        }
        long seconds = ntpSeconds - EPOCH_OFFSET_SECONDS;
        long fraction = ntp & 0xffff_ffffL;
        return seconds * NANOS + ((fraction * NANOS + (1L << 31)) >>> 32);
    }

    /** The middle 32 bits, as echoed in a receiver report's LSR field (RFC 3550 §6.4.1). */
    public static int middle32(long ntp) {
        return (int) (ntp >>> 16);
    }
}
