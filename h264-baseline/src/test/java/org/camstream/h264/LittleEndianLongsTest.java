package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Both forms of the motion search's eight-sample load agree with the JDK's little-endian getLong. */
class LittleEndianLongsTest {

    @Property
    void bothFormsReadWhatAByteBufferReads(@ForAll @Size(min = 8, max = 40) byte[] b, @ForAll @IntRange(max = 32) int at) {
        int i = at % (b.length - 7);
        long expected = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(i);
        assertThat(new LittleEndianLongs.ShiftedLongs().get(b, i)).isEqualTo(expected);
        assertThat(new VarHandleLongs().get(b, i)).isEqualTo(expected);
    }

    /** This JVM has VarHandle, so the one-load form is chosen; a runtime that cannot load it gets the portable one. */
    @Test
    void theFastFormWhereItLinksThePortableOneElsewhere() {
        assertThat(LittleEndianLongs.INSTANCE).isInstanceOf(VarHandleLongs.class);
        assertThat(LittleEndianLongs.choose("org.camstream.h264.NoSuchLongs"))
                .isInstanceOf(LittleEndianLongs.ShiftedLongs.class);
        assertThat(LittleEndianLongs.choose("java.lang.String")).as("not an implementation")
                .isInstanceOf(LittleEndianLongs.ShiftedLongs.class);
    }
}
