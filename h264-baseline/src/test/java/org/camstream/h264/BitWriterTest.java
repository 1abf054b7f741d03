package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link BitWriter}: u(n), ue(v), se(v) (H.264 §7.2, §9.1, §9.1.1) and rbsp_trailing_bits (§7.3.2.11). */
class BitWriterTest {

    /** One syntax element: kind 0 = u(bits), 1 = u(1) flag, 2 = ue, 3 = se. */
    record Op(int kind, int bits, int value) {
    }

    static String bitString(BitWriter bw) {
        StringBuilder s = new StringBuilder();
        byte[] b = bw.buffer();
        for (int i = 0; i < bw.byteLength(); i++) {
            for (int k = 7; k >= 0; k--) {
                s.append((b[i] >>> k) & 1);
            }
        }
        return s.toString();
    }

    /** Exp-Golomb length from the definition of §9.1: 2 * floor(log2(codeNum + 1)) + 1. */
    static long ueLength(long codeNum) {
        int lz = 63 - Long.numberOfLeadingZeros(codeNum + 1);
        return 2L * lz + 1;
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> u = Combinators.combine(Arbitraries.integers().between(0, 32), Arbitraries.integers())
                .as((n, v) -> new Op(0, n, v));
        Arbitrary<Op> flag = Arbitraries.integers().between(0, 1).map(v -> new Op(1, 1, v));
        Arbitrary<Op> ue = Arbitraries.oneOf(Arbitraries.integers().between(0, 300),
                Arbitraries.integers().between(0, Integer.MAX_VALUE - 1)).map(v -> new Op(2, 0, v));
        Arbitrary<Op> se = Arbitraries.oneOf(Arbitraries.integers().between(-300, 300),
                Arbitraries.integers().between(-(1 << 30) + 1, (1 << 30) - 1)).map(v -> new Op(3, 0, v));
        return Arbitraries.oneOf(u, flag, ue, se).list().ofMaxSize(200);
    }

    @Property
    void writtenElementsReadBackWithTheExpectedBitCount(@ForAll("ops") List<Op> ops) {
        BitWriter bw = new BitWriter(1);
        long expectedBits = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> bw.u(op.bits(), op.value());
                case 1 -> bw.u1(op.value() == 1);
                case 2 -> bw.ue(op.value());
                default -> bw.se(op.value());
            }
            expectedBits += switch (op.kind()) {
                case 0, 1 -> op.bits();
                case 2 -> ueLength(op.value());
                default -> ueLength(op.value() > 0 ? 2L * op.value() - 1 : -2L * op.value());
            };
            assertThat(bw.bitCount()).isEqualTo(expectedBits);
        }
        bw.trailingBits();
        assertThat(bw.byteAligned()).isTrue();
        assertThat(bw.byteLength()).isEqualTo((int) (expectedBits / 8 + 1));
        assertThat(bw.bitCount()).isEqualTo(8L * bw.byteLength());

        BitReader br = new BitReader(bw.buffer(), bw.byteLength());
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    int mask = op.bits() == 32 ? -1 : (1 << op.bits()) - 1;
                    assertThat(br.u(op.bits())).isEqualTo(op.value() & mask);
                }
                case 1 -> assertThat(br.u(1)).isEqualTo(op.value());
                case 2 -> assertThat(br.ue()).isEqualTo(op.value());
                default -> assertThat(br.se()).isEqualTo(op.value());
            }
        }
        // rbsp_stop_one_bit then rbsp_alignment_zero_bits up to the end
        assertThat(br.bit()).isEqualTo(1);
        while (br.bitsLeft() > 0) {
            assertThat(br.bit()).isEqualTo(0);
        }
    }

    /** H.264 Table 9-2 bit strings for the first codeNums (codeNum 0 = "1", 1..2 = "01x", 3..6 = "001xx", 7 = "0001000"). */
    @Test
    void expGolombMatchesTable9_2() {
        String[] expected = {"1", "010", "011", "00100", "00101", "00110", "00111", "0001000"};
        for (int codeNum = 0; codeNum < expected.length; codeNum++) {
            BitWriter bw = new BitWriter(4);
            bw.ue(codeNum);
            assertThat(bw.bitCount()).isEqualTo(expected[codeNum].length());
            bw.u(8 - expected[codeNum].length() % 8, 0);
            assertThat(bitString(bw)).startsWith(expected[codeNum]);
        }
    }

    /** H.264 Table 9-3: se(v) 1 -> codeNum 1, -1 -> 2, 2 -> 3, -2 -> 4, 0 -> 0. */
    @Test
    void signedMappingMatchesTable9_3() {
        BitWriter bw = new BitWriter(4);
        bw.se(0);
        bw.se(1);
        bw.se(-1);
        bw.se(2);
        bw.se(-2);
        bw.trailingBits();
        assertThat(bitString(bw)).isEqualTo("1" + "010" + "011" + "00100" + "00101" + "1" + "000000");
    }

    @Test
    void largestUeIsSixtyOneBits() {
        BitWriter bw = new BitWriter(0);
        bw.ue(Integer.MAX_VALUE - 1); // codeNum + 1 = 2^31 - 1: 30 zeros, then 31 ones
        assertThat(bw.bitCount()).isEqualTo(61);
        bw.trailingBits();
        assertThat(bitString(bw)).isEqualTo("0".repeat(30) + "1".repeat(31) + "100");
        BitReader br = new BitReader(bw.buffer(), bw.byteLength());
        assertThat(br.ue()).isEqualTo(Integer.MAX_VALUE - 1);
    }

    @Test
    void trailingBitsWhenAlreadyAlignedAddsAWholeByte() {
        BitWriter bw = new BitWriter(4);
        bw.u(8, 0xA5);
        assertThat(bw.byteAligned()).isTrue();
        bw.trailingBits();
        assertThat(bitString(bw)).isEqualTo("10100101" + "10000000");
    }

    @Test
    void completeBytesAreVisibleBeforeAlignment() {
        BitWriter bw = new BitWriter(4);
        bw.u(12, 0xABC);
        assertThat(bw.byteAligned()).isFalse();
        assertThat(bw.byteLength()).isEqualTo(1);
        assertThat(bw.buffer()[0]).isEqualTo((byte) 0xAB);
        bw.u(4, 0xD);
        assertThat(bw.byteLength()).isEqualTo(2);
        assertThat(bw.buffer()[1]).isEqualTo((byte) 0xCD);
    }

    @Test
    void resetForgetsContentAndKeepsTheBuffer() {
        BitWriter bw = new BitWriter(64);
        bw.u(32, 0xFFFF_FFFF);
        bw.u(7, 0x7F);
        byte[] before = bw.buffer();
        bw.reset();
        assertThat(bw.bitCount()).isZero();
        bw.u(8, 0x12);
        assertThat(bw.byteLength()).isEqualTo(1);
        assertThat(bw.buffer()).isSameAs(before);
        assertThat(bw.buffer()[0]).isEqualTo((byte) 0x12);
    }

    @Test
    void growsPastTheInitialCapacity() {
        BitWriter bw = new BitWriter(1);
        for (int i = 0; i < 10_000; i++) {
            bw.u(8, i);
        }
        assertThat(bw.byteLength()).isEqualTo(10_000);
        byte[] b = bw.buffer();
        for (int i = 0; i < 10_000; i++) {
            assertThat(b[i]).isEqualTo((byte) i);
        }
    }

    @Test
    void rejectsValuesOutsideTheDescriptorsRange() {
        BitWriter bw = new BitWriter(4);
        assertThatThrownBy(() -> bw.u(33, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bw.u(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bw.ue(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bw.ue(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bw.se(1 << 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bw.se(-(1 << 30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bw.se(Integer.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bw.bitCount()).isZero();
    }
}
