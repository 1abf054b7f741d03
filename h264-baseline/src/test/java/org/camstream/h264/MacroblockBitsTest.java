package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The encoder's rate-distortion check of an inter macroblock's chroma residual sizes the macroblock without
 * chroma from the size with it ({@link MacroblockWriter#bitsWithoutChroma}) instead of a second dry run; this
 * guards that arithmetic (coded_block_pattern codeword, Table 9-4 Inter column; mb_qp_delta present only with
 * a nonzero pattern, §7.3.5) against really writing the macroblock both ways.
 */
class MacroblockBitsTest {
    private static final int[] INTER_TYPES = {CodedMacroblock.P_L0_16X16, CodedMacroblock.P_L0_16X8,
        CodedMacroblock.P_L0_8X16, CodedMacroblock.P_8X8};

    @Property
    void sizeWithoutChromaEqualsWritingWithoutChroma(@ForAll long seed, @ForAll @IntRange(max = 3) int typeIdx,
            @ForAll @IntRange(max = 15) int cbpLuma, @ForAll @IntRange(min = 1, max = 2) int cbpChroma,
            @ForAll @IntRange(min = -3, max = 3) int qpDelta) {
        Random rnd = new Random(seed);
        int mbWidth = 3, mbHeight = 3;
        MacroblockInfo info = new MacroblockInfo(mbWidth, mbHeight);
        for (int i = 0; i < info.totalCoeffLuma.length; i++) { // neighbours' TotalCoeff feed nC (§9.2.1)
            info.totalCoeffLuma[i] = (byte) rnd.nextInt(17);
        }
        for (int i = 0; i < info.totalCoeffCb.length; i++) {
            info.totalCoeffCb[i] = (byte) rnd.nextInt(16);
            info.totalCoeffCr[i] = (byte) rnd.nextInt(16);
        }
        CodedMacroblock mb = new CodedMacroblock();
        mb.type = INTER_TYPES[typeIdx];
        for (int k = 0; k < 8; k++) {
            mb.mvd[k] = rnd.nextInt(41) - 20;
        }
        mb.cbpLuma = cbpLuma;
        mb.cbpChroma = cbpChroma;
        mb.qpDelta = qpDelta;
        fillSparse(rnd, mb.luma, 0, 256);
        fillSparse(rnd, mb.chromaDc, 0, 8);
        for (int b = 0; b < 8; b++) {
            fillSparse(rnd, mb.chromaAc, b * 16 + 1, 15); // scan position 0 of chroma AC is unused
        }
        int mbX = 1 + rnd.nextInt(2), mbY = 1 + rnd.nextInt(2);

        BitWriter with = new BitWriter(64);
        long chromaStart = MacroblockWriter.write(with, mb, true, info, mbX, mbY, mbWidth);
        long predicted = MacroblockWriter.bitsWithoutChroma(mb, with.bitCount(), chromaStart);

        mb.cbpChroma = 0;
        BitWriter without = new BitWriter(64);
        MacroblockWriter.write(without, mb, true, info, mbX, mbY, mbWidth);
        assertThat(predicted).isEqualTo(without.bitCount());
        assertThat(chromaStart).isLessThan(with.bitCount()); // some chroma was written (DC at least)
    }

    /** Random levels, mostly zero, some +-1, a few larger: like quantised residuals. */
    private static void fillSparse(Random rnd, int[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            int r = rnd.nextInt(10);
            a[i] = r < 6 ? 0 : r < 9 ? (rnd.nextBoolean() ? 1 : -1) : rnd.nextInt(41) - 20;
        }
    }
}
