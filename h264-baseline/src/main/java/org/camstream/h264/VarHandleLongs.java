package org.camstream.h264;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * {@link LittleEndianLongs} through a byte-array view VarHandle (Java 9, Android API 33): one unaligned
 * load. Loaded only by name from {@link LittleEndianLongs#choose}, so a runtime without VarHandle falls
 * back instead of failing; the build's Android API check is told so by {@link JvmOnly}.
 */
@JvmOnly
final class VarHandleLongs extends LittleEndianLongs {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    @Override
    long get(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }
}
