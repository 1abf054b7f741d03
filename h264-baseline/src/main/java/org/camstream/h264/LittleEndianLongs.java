package org.camstream.h264;

/**
 * Eight samples at once as a little-endian long, for the motion search's SWAR sums. On a JVM this is a
 * VarHandle byte-array view ({@link VarHandleLongs}: one unaligned load); Android has VarHandle only
 * from API 33, so there the class cannot link and {@link ShiftedLongs} assembles the long from bytes.
 * The choice is made once; the field is a constant to the JIT, so calls inline to the one implementation.
 */
abstract class LittleEndianLongs {
    static final LittleEndianLongs INSTANCE = choose("org.camstream.h264.VarHandleLongs");

    /** {@code b[i]} as the low byte up to {@code b[i + 7]} as the high byte. */
    abstract long get(byte[] b, int i);

    /** The named implementation if this runtime can load it, else the byte-by-byte one. */
    static LittleEndianLongs choose(String className) {
        try {
            return (LittleEndianLongs) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return new ShiftedLongs();
        }
    }

    /** Portable form: eight byte loads and shifts (Android API 24, any JVM). */
    static final class ShiftedLongs extends LittleEndianLongs {
        @Override
        long get(byte[] b, int i) {
            return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                    | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                    | (b[i + 7] & 0xFFL) << 56;
        }
    }
}
