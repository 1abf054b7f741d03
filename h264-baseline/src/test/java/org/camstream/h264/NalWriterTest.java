package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Annex B start codes and §7.4.1 emulation prevention of {@link NalWriter}. */
class NalWriterTest {
    @Test
    void insertsThreeByteAfterTwoZerosBeforeSmallByte() {
        byte[] rbsp = {0, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 4};
        byte[] out = new byte[64];
        int n = NalWriter.write(rbsp, rbsp.length, 3, NalWriter.NAL_SPS, out, 0);
        byte[] expected = {0, 0, 0, 1, 0x67, 0, 0, 3, 1, 0, 0, 3, 0, 0, 3, 0, 3, 0, 0, 4};
        assertThat(java.util.Arrays.copyOf(out, n)).containsExactly(expected);
        assertThat(NalWriter.size(rbsp, rbsp.length)).isEqualTo(n);
    }

    @Test
    void tooSmallBufferNamesTheNeededSize() {
        byte[] rbsp = new byte[10];
        assertThatThrownBy(() -> NalWriter.write(rbsp, 10, 3, NalWriter.NAL_IDR, new byte[12], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19");
    }

    @Provide
    Arbitrary<byte[]> rbsps() {
        // bias towards 0..3 so that escapes are frequent
        return Arbitraries.integers().between(0, 5).map(i -> (byte) (i == 5 ? 0x80 : i)).array(byte[].class)
                .ofMinSize(0).ofMaxSize(200);
    }

    @Property
    void escapedPayloadHasNoStartCodeAndUnescapesToTheRbsp(@ForAll("rbsps") byte[] rbsp) {
        byte[] out = new byte[NalWriter.size(rbsp, rbsp.length) + 3];
        int n = NalWriter.write(rbsp, rbsp.length, 2, NalWriter.NAL_SLICE, out, 3);
        assertThat(n - 3).isEqualTo(NalWriter.size(rbsp, rbsp.length));
        assertThat(out[3]).isZero();
        assertThat(out[6]).isEqualTo((byte) 1);
        assertThat(out[7]).isEqualTo((byte) ((2 << 5) | 1));
        // no 0x000000, 0x000001, 0x000002 inside the NAL unit (§7.4.1)
        for (int i = 8; i + 2 < n; i++) {
            boolean bad = out[i] == 0 && out[i + 1] == 0 && (out[i + 2] & 0xFF) <= 2;
            assertThat(bad).as("forbidden sequence at %d", i).isFalse();
        }
        // remove emulation_prevention_three_byte per §7.3.1
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int zeros = 0;
        for (int i = 8; i < n; i++) {
            int b = out[i] & 0xFF;
            if (zeros == 2 && b == 3) {
                zeros = 0;
                continue;
            }
            back.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        assertThat(back.toByteArray()).containsExactly(rbsp);
    }
}
