package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** coded_block_pattern mapping (H.264 Table 9-4, ChromaArrayType 1) and mb_type / mb_pred syntax order (§7.3.5). */
class MacroblockWriterTest {
    @Test
    void cbpTablesArePermutationsWithTheSpecAnchors() {
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTRA).hasSize(48);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTER).hasSize(48);
        assertThat(IntStream.of(MacroblockWriter.CODENUM_TO_CBP_INTRA).sorted().toArray())
                .isEqualTo(IntStream.range(0, 48).toArray());
        assertThat(IntStream.of(MacroblockWriter.CODENUM_TO_CBP_INTER).sorted().toArray())
                .isEqualTo(IntStream.range(0, 48).toArray());
        // Table 9-4 rows: codeNum 0 -> 47 / 0, 1 -> 31 / 16, 3 -> 0 / 2, 47 -> 41 / 41
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTRA[0]).isEqualTo(47);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTER[0]).isEqualTo(0);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTRA[1]).isEqualTo(31);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTER[1]).isEqualTo(16);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTRA[3]).isEqualTo(0);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTER[3]).isEqualTo(2);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTRA[47]).isEqualTo(41);
        assertThat(MacroblockWriter.CODENUM_TO_CBP_INTER[47]).isEqualTo(41);
    }

    @Test
    void interMacroblockWithoutResidualWritesTypeMvdAndCbpOnly() {
        MacroblockInfo info = new MacroblockInfo(2, 2);
        CodedMacroblock mb = new CodedMacroblock();
        mb.type = CodedMacroblock.P_L0_16X16;
        mb.mvd[0] = -3;
        mb.mvd[1] = 2;
        BitWriter bw = new BitWriter(16);
        MacroblockWriter.write(bw, mb, true, info, 1, 1, 2);
        bw.trailingBits();
        BitReader r = new BitReader(bw.buffer(), bw.byteLength());
        assertThat(r.ue()).as("mb_type P_L0_16x16").isZero();
        assertThat(r.se()).isEqualTo(-3);
        assertThat(r.se()).isEqualTo(2);
        assertThat(r.ue()).as("coded_block_pattern codeNum for inter cbp 0").isZero();
        assertThat(r.u(1)).as("stop bit: no mb_qp_delta without residual").isEqualTo(1);
    }

    @Test
    void p8x8WritesFourSubMbTypesThenFourVectorDifferences() {
        MacroblockInfo info = new MacroblockInfo(1, 1);
        CodedMacroblock mb = new CodedMacroblock();
        mb.type = CodedMacroblock.P_8X8;
        int[] mvd = {1, -1, 2, -2, 3, -3, 0, 5};
        System.arraycopy(mvd, 0, mb.mvd, 0, 8);
        BitWriter bw = new BitWriter(32);
        MacroblockWriter.write(bw, mb, true, info, 0, 0, 1);
        bw.trailingBits();
        BitReader r = new BitReader(bw.buffer(), bw.byteLength());
        assertThat(r.ue()).as("mb_type P_8x8 (Table 7-13)").isEqualTo(3);
        for (int i = 0; i < 4; i++) {
            assertThat(r.ue()).as("sub_mb_type PL0_8x8 (Table 7-17)").isZero();
        }
        for (int k = 0; k < 8; k++) {
            assertThat(r.se()).as("mvd %d", k).isEqualTo(mvd[k]);
        }
        assertThat(r.ue()).as("coded_block_pattern").isZero();
    }

    @Test
    void intra4x4WritesPredictedModeFlagsAndRemainders() {
        MacroblockInfo info = new MacroblockInfo(1, 1);
        CodedMacroblock mb = new CodedMacroblock();
        mb.type = CodedMacroblock.I4X4;
        for (int i = 0; i < 16; i++) {
            mb.i4PredMode[i] = 2;
            mb.i4Mode[i] = i % 3 == 0 ? 2 : i % 3 == 1 ? 0 : 8;
        }
        mb.chromaMode = 3;
        BitWriter bw = new BitWriter(64);
        MacroblockWriter.write(bw, mb, false, info, 0, 0, 1);
        bw.trailingBits();
        BitReader r = new BitReader(bw.buffer(), bw.byteLength());
        assertThat(r.ue()).as("I_NxN").isZero();
        for (int i = 0; i < 16; i++) {
            int flag = r.u(1);
            if (i % 3 == 0) {
                assertThat(flag).isEqualTo(1);
            } else {
                assertThat(flag).isZero();
                // §8.3.1.1: rem < pred -> mode = rem, else mode = rem + 1
                int rem = r.u(3);
                assertThat(rem < 2 ? rem : rem + 1).isEqualTo(mb.i4Mode[i]);
            }
        }
        assertThat(r.ue()).as("intra_chroma_pred_mode").isEqualTo(3);
        assertThat(r.ue()).as("cbp 0 for Intra_4x4 is codeNum 3").isEqualTo(3);
    }
}
