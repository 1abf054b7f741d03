package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * {@link Cavlc}: residual_block_cavlc (H.264 §7.3.5.3.2, §9.2) checked by decoding with the
 * independent {@link CavlcReader}, by hand-worked examples and by the bit count twin.
 */
class CavlcTest {

    /** A residual block to code: coefficients in scan order, maxNumCoeff = coeffs.length. */
    record Block(int[] coeffs, int nC) {
        @Override
        public String toString() {
            return "nC=" + nC + " " + Arrays.toString(coeffs);
        }
    }

    static String bitString(BitWriter bw) {
        return BitWriterTest.bitString(bw);
    }

    static String write(int[] coeffs, int nC) {
        BitWriter bw = new BitWriter(16);
        Cavlc.writeResidualBlock(bw, coeffs, 0, coeffs.length, nC);
        long n = bw.bitCount();
        bw.trailingBits();
        return bitString(bw).substring(0, (int) n);
    }

    // ------------------------------------------------------------------ hand-worked examples

    /**
     * The classic worked example (Richardson, "H.264 and MPEG-4 Video Compression", §6.4.13.2,
     * worked again here from Tables 9-5, 9-7, 9-10): 4x4 block 0,3,-1,0 / 0,-1,1,0 / 1,0,0,0 / 0...
     * in zig-zag order 0,3,0,1,-1,-1,0,1,0..., nC = 0:
     * coeff_token(TotalCoeff 5, TrailingOnes 3) 0000100; signs of +1,-1,-1: 0 1 1;
     * level +1 (suffixLength 0): 1; level +3 (suffixLength 1, levelCode 4): 001 0;
     * total_zeros 3 (TotalCoeff 5): 111; run_before 1 (zerosLeft 3): 10, 0 (zerosLeft 2): 1,
     * 0 (zerosLeft 2): 1, 1 (zerosLeft 2): 01; the last coefficient takes the rest.
     */
    @Test
    void richardsonExample() {
        int[] zigzag = {0, 3, 0, 1, -1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(write(zigzag, 0)).isEqualTo("0000100" + "011" + "1" + "0010" + "111" + "10" + "1" + "1" + "01");
        BitWriter bw = new BitWriter(4);
        assertThat(Cavlc.writeResidualBlock(bw, zigzag, 0, 16, 0)).isEqualTo(5);
    }

    /**
     * Escape of §9.2.2.1 at suffixLength 0: a lone level 20 at the DC position, nC 0.
     * coeff_token(1, 0) = 0001 01. levelCode = 2*20-2 = 38, minus 2 for the first level after
     * fewer than 3 trailing ones = 36 >= 30, so level_prefix 15 (15 zeros, a one) with a 12-bit
     * level_suffix of 36 - 15 - 15 = 6. total_zeros 0 for TotalCoeff 1 = 1.
     */
    @Test
    void levelPrefix15EscapeAtSuffixLengthZero() {
        int[] c = new int[16];
        c[0] = 20;
        assertThat(write(c, 0)).isEqualTo("000101" + "0".repeat(15) + "1" + "000000000110" + "1");
    }

    /**
     * level_prefix 14 with its 4-bit suffix at suffixLength 0: a lone -8 in an nC 0 block.
     * levelCode = -2*(-8)-1 = 15, minus 2 = 13 < 14: prefix 13, no suffix. A lone -9: levelCode 17-2 = 15:
     * prefix 14, suffix 15 - 14 = 1 in 4 bits.
     */
    @Test
    void levelPrefix14AtSuffixLengthZero() {
        int[] c = new int[16];
        c[0] = -8;
        assertThat(write(c, 0)).isEqualTo("000101" + "0".repeat(13) + "1" + "1");
        c[0] = -9;
        assertThat(write(c, 0)).isEqualTo("000101" + "0".repeat(14) + "1" + "0001" + "1");
    }

    /**
     * Chroma DC 2x2 (nC -1, maxNumCoeff 4): -2, 1, 0, 1. TotalCoeff 3, TrailingOnes 2: 0000 010;
     * signs +,+: 00; level -2 with the +2 adjustment: levelCode 3-2 = 1: 01; total_zeros 1 with
     * TotalCoeff 3 (Table 9-9 (a)): 0; run_before 1 with zerosLeft 1: 0.
     */
    @Test
    void chromaDcExample() {
        assertThat(write(new int[] {-2, 1, 0, 1}, -1)).isEqualTo("0000010" + "00" + "01" + "0" + "0");
    }

    /** A block without coefficients is only its coeff_token(0, 0) word. */
    @Test
    void emptyBlockIsTheTotalCoeffZeroWord() {
        String[] words = {"1", "11", "1111", "000011", "01"};
        int[] nCs = {0, 2, 4, 8, -1};
        for (int i = 0; i < nCs.length; i++) {
            int[] c = new int[nCs[i] == -1 ? 4 : 16];
            assertThat(write(c, nCs[i])).as("nC " + nCs[i]).isEqualTo(words[i]);
            assertThat(Cavlc.bitsResidualBlock(c, 0, c.length, nCs[i])).isEqualTo(words[i].length());
        }
    }

    /** The block may start anywhere in the caller's array (offset), and only its range is read. */
    @Test
    void honoursTheOffset() {
        int[] big = new int[40];
        Arrays.fill(big, 7);
        int[] block = {0, 3, 0, 1, -1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0};
        System.arraycopy(block, 0, big, 10, 15);
        BitWriter a = new BitWriter(16);
        BitWriter b = new BitWriter(16);
        assertThat(Cavlc.writeResidualBlock(a, big, 10, 15, 3)).isEqualTo(Cavlc.writeResidualBlock(b, block, 0, 15, 3));
        a.trailingBits();
        b.trailingBits();
        assertThat(bitString(a)).isEqualTo(bitString(b));
    }

    // ------------------------------------------------------------------ round trips

    @Provide
    Arbitrary<Block> blocks() {
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 2);
        return shape.flatMap(k -> {
            int max = k == 0 ? 4 : (k == 1 ? 15 : 16);
            Arbitrary<Integer> nC = k == 0 ? Arbitraries.just(-1)
                    : Arbitraries.oneOf(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(2, 3),
                            Arbitraries.integers().between(4, 7), Arbitraries.integers().between(8, 16));
            Arbitrary<int[]> coeffs = Arbitraries.integers().between(0, 12)
                    .flatMap(zeroWeight -> level(zeroWeight).array(int[].class).ofSize(max));
            return nC.flatMap(n -> coeffs.map(c -> new Block(c, n)));
        });
    }

    /** Levels: zeros (weight sets the density), trailing-one material, small, Baseline-size and huge levels. */
    static Arbitrary<Integer> level(int zeroWeight) {
        return Arbitraries.frequencyOf(
                Tuple.of(zeroWeight, Arbitraries.just(0)),
                Tuple.of(4, Arbitraries.of(1, -1)),
                Tuple.of(3, Arbitraries.integers().between(-20, 20)),
                Tuple.of(1, Arbitraries.integers().between(-2100, 2100)),
                Tuple.of(1, Arbitraries.integers().between(-300_000, 300_000)));
    }

    @Property
    void readerDecodesWhatTheWriterWrote(@ForAll("blocks") Block block) {
        BitWriter bw = new BitWriter(8);
        bw.u(3, 0b101); // misalign on purpose
        int total = Cavlc.writeResidualBlock(bw, block.coeffs(), 0, block.coeffs().length, block.nC());
        long bits = bw.bitCount() - 3;
        bw.ue(12345); // marker: the reader must stop exactly at the end of the block
        bw.trailingBits();

        BitReader br = new BitReader(bw.buffer(), bw.byteLength());
        assertThat(br.u(3)).isEqualTo(0b101);
        CavlcReader.Block decoded = new CavlcReader(br).read(block.coeffs().length, block.nC());
        assertThat(decoded.coeffLevel()).isEqualTo(block.coeffs());
        assertThat(br.position() - 3).isEqualTo(bits);
        assertThat(br.ue()).isEqualTo(12345);

        long nonZero = Arrays.stream(block.coeffs()).filter(v -> v != 0).count();
        assertThat(total).isEqualTo(nonZero).isEqualTo(decoded.totalCoeff());
        assertThat(Cavlc.bitsResidualBlock(block.coeffs(), 0, block.coeffs().length, block.nC())).isEqualTo(bits);
    }

    @Property(tries = 200)
    void blocksBackToBackInOneStream(@ForAll("blocks") Block a, @ForAll("blocks") Block b, @ForAll("blocks") Block c) {
        List<Block> blocks = List.of(a, b, c, a);
        BitWriter bw = new BitWriter(4);
        for (Block x : blocks) {
            Cavlc.writeResidualBlock(bw, x.coeffs(), 0, x.coeffs().length, x.nC());
        }
        bw.trailingBits();
        BitReader br = new BitReader(bw.buffer(), bw.byteLength());
        CavlcReader reader = new CavlcReader(br);
        for (Block x : blocks) {
            assertThat(reader.read(x.coeffs().length, x.nC()).coeffLevel()).isEqualTo(x.coeffs());
        }
        assertThat(br.bit()).isEqualTo(1); // rbsp_stop_one_bit right after the last block
    }

    /**
     * Constrained Baseline allows level_prefix <= 15 only (§9.2.2.1). Every level up to
     * {@link Cavlc#MAX_BASELINE_LEVEL} in magnitude must fit, in the worst place: the first coded
     * level with suffixLength 0 and no +2 adjustment (after three trailing ones).
     */
    @Test
    void baselineLevelsNeverNeedAPrefixAbove15() {
        int worst = -1;
        for (int v = -Cavlc.MAX_BASELINE_LEVEL; v <= Cavlc.MAX_BASELINE_LEVEL; v++) {
            if (v == 0 || v == 1 || v == -1) {
                continue;
            }
            int[] c = {v, 1, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            worst = Math.max(worst, decode(c, 0).maxLevelPrefix());
        }
        assertThat(worst).isEqualTo(15);
        // one beyond needs the longer escape (level_prefix 16) and still decodes (FFmpeg reads it too)
        int[] c = {Cavlc.MAX_BASELINE_LEVEL + 1, 1, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        CavlcReader.Block d = decode(c, 0);
        assertThat(d.maxLevelPrefix()).isEqualTo(16);
        assertThat(d.coeffLevel()).isEqualTo(c);
    }

    /** TotalCoeff > 10 with TrailingOnes < 3 starts at suffixLength 1 (§9.2.2.1). */
    @Test
    void denseBlockStartsAtSuffixLengthOne() {
        int[] c = new int[16];
        for (int i = 0; i < 16; i++) {
            c[i] = (i % 3 == 0 ? -1 : 1) * (2 + i);
        }
        CavlcReader.Block d = decode(c, 5);
        assertThat(d.coeffLevel()).isEqualTo(c);
        assertThat(d.totalCoeff()).isEqualTo(16);
        assertThat(d.trailingOnes()).isZero();
    }

    /** More than three trailing +-1: only three count as TrailingOnes, the fourth is a level. */
    @Test
    void atMostThreeTrailingOnes() {
        int[] c = {0, 0, 1, 0, -1, 1, 0, 0, -1, 1, 0, 0, 0, 0, 0};
        CavlcReader.Block d = decode(c, 1);
        assertThat(d.trailingOnes()).isEqualTo(3);
        assertThat(d.totalCoeff()).isEqualTo(5);
        assertThat(d.coeffLevel()).isEqualTo(c);
    }

    private static CavlcReader.Block decode(int[] c, int nC) {
        BitWriter bw = new BitWriter(16);
        Cavlc.writeResidualBlock(bw, c, 0, c.length, nC);
        bw.trailingBits();
        return new CavlcReader(new BitReader(bw.buffer(), bw.byteLength())).read(c.length, nC);
    }

    // ------------------------------------------------------------------ nC, arguments, allocation

    /** §9.2.1: both available -> (nA + nB + 1) >> 1; one -> its count; none -> 0. */
    @Test
    void nCFromNeighbours() {
        assertThat(Cavlc.nC(true, 3, true, 4)).isEqualTo(4);
        assertThat(Cavlc.nC(true, 3, true, 2)).isEqualTo(3);
        assertThat(Cavlc.nC(true, 0, true, 1)).isEqualTo(1);
        assertThat(Cavlc.nC(true, 16, true, 16)).isEqualTo(16);
        assertThat(Cavlc.nC(true, 7, false, 9)).isEqualTo(7);
        assertThat(Cavlc.nC(false, 7, true, 9)).isEqualTo(9);
        assertThat(Cavlc.nC(false, 7, false, 9)).isZero();
    }

    @Test
    void rejectsUnsupportedArguments() {
        BitWriter bw = new BitWriter(4);
        int[] c = new int[16];
        assertThatThrownBy(() -> Cavlc.writeResidualBlock(bw, c, 0, 16, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cavlc.writeResidualBlock(bw, c, 0, 8, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cavlc.writeResidualBlock(bw, c, 0, 16, 17)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cavlc.writeResidualBlock(bw, c, 4, 16, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        int[] huge = new int[16];
        huge[3] = Cavlc.MAX_LEVEL + 1;
        assertThatThrownBy(() -> Cavlc.writeResidualBlock(bw, huge, 0, 16, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bw.bitCount()).isZero();
    }

    /**
     * Hot path: after warm-up, writing and counting blocks allocates nothing. The per-thread allocation
     * counter (com.sun.management.ThreadMXBean) is looked up reflectively (the test is compiled inside the
     * module, which does not read java.management); a JVM without it fails the test instead of skipping it.
     * What was written is decoded by the independent {@link CavlcReader}, so the measured calls did the work.
     */
    @Test
    void writingAllocatesNothingAfterWarmUp() throws Exception {
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Class<?> sun = Class.forName("com.sun.management.ThreadMXBean");
        assertThat(sun.isInstance(mx)).as("per-thread allocation counter available").isTrue();
        assertThat((Boolean) sun.getMethod("isThreadAllocatedMemoryEnabled").invoke(mx)).isTrue();
        Method allocated = sun.getMethod("getThreadAllocatedBytes", long.class);
        int[] c = {0, 3, 0, 1, -1, -1, 0, 1, 0, 0, 40, 0, -2000, 0, 0, 1};
        int calls = 1000;
        BitWriter bw = new BitWriter(1 << 16);
        long id = Thread.currentThread().getId();
        for (int round = 0; round < 3; round++) {
            bw.reset();
            long before = (Long) allocated.invoke(mx, id);
            int totalCoeff = 0;
            long counted = 0;
            for (int i = 0; i < calls; i++) {
                totalCoeff += Cavlc.writeResidualBlock(bw, c, 0, 16, i % 17);
                counted += Cavlc.bitsResidualBlock(c, 0, 16, i % 17);
            }
            long bytes = (Long) allocated.invoke(mx, id) - before;
            assertThat(totalCoeff).isEqualTo(calls * 8); // eight nonzero levels per block
            assertThat(counted).as("bit count twin").isEqualTo(bw.bitCount());
            if (round == 2) {
                assertThat(bytes).as("bytes allocated by " + 2 * calls + " calls").isLessThan(1024);
            }
        }
        bw.trailingBits();
        CavlcReader reader = new CavlcReader(new BitReader(bw.buffer(), bw.byteLength()));
        for (int i = 0; i < calls; i++) {
            assertThat(reader.read(16, i % 17).coeffLevel()).as("block %d", i).isEqualTo(c);
        }
    }
}
