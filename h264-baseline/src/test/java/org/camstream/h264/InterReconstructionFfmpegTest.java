package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cross-check of {@link Interpolator} and {@link Deblocker} against ffmpeg's H.264 decoder, without
 * the encoder: the test writes, with its own tiny bit writer, a Baseline stream of an I_PCM IDR
 * picture followed by P pictures made only of P_L0_16x16 macroblocks without residual (random
 * quarter-sample motion vectors) and I_PCM macroblocks. It then rebuilds the same pictures with
 * Interpolator (motion compensation) + Deblocker (bS 0/1 between inter MBs, bS 4 against I_PCM
 * MBs whose qP is 0, §8.7.2.2) and requires byte equality with ffmpeg's output for every frame.
 * Fails when ffmpeg is not installed (CI installs it).
 */
class InterReconstructionFfmpegTest {
    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

    /** Minimal RBSP bit writer for this test only (independent of the product BitWriter). */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int cur, n;

        void u(int bits, int value) {
            for (int i = bits - 1; i >= 0; i--) {
                cur = (cur << 1) | ((value >>> i) & 1);
                if (++n == 8) {
                    out.write(cur);
                    cur = 0;
                    n = 0;
                }
            }
        }

        void ue(int v) {                       // §9.1
            int x = v + 1;
            int len = 32 - Integer.numberOfLeadingZeros(x);
            u(len - 1, 0);
            u(len, x);
        }

        void se(int v) {                       // §9.1.1
            ue(v <= 0 ? -2 * v : 2 * v - 1);
        }

        void align() {
            while (n != 0) {
                u(1, 0);
            }
        }

        byte[] trailing() {                    // §7.3.2.11
            u(1, 1);
            align();
            return out.toByteArray();
        }
    }

    /** Annex B start code + NAL header + RBSP with emulation prevention (§7.4.1). */
    private static void nal(ByteArrayOutputStream s, int refIdc, int type, byte[] rbsp) {
        s.write(0);
        s.write(0);
        s.write(0);
        s.write(1);
        s.write((refIdc << 5) | type);
        int zeros = 0;
        for (byte b : rbsp) {
            int v = b & 0xFF;
            if (zeros >= 2 && v <= 3) {
                s.write(3);
                zeros = 0;
            }
            s.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
    }

    private static int clip(int v) {
        return Math.max(1, Math.min(255, v));
    }

    private static int median(int a, int b, int c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    @ParameterizedTest
    @CsvSource({"3, 2, 1", "4, 3, 2", "1, 3, 3", "5, 1, 4", "2, 2, 5"})
    void reconstructionMatchesFfmpeg(int mbw, int mbh, long seed, @TempDir Path dir)
            throws IOException, InterruptedException {
        assertThat(Files.isExecutable(FFMPEG)).as("ffmpeg must be installed (CI installs it in .ci/run)").isTrue();
        Random rnd = new Random(seed);
        int mbs = mbw * mbh;
        int frames = 6;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();

        // SPS §7.3.2.1.1: Constrained Baseline, POC type 2, one reference frame
        Bits sps = new Bits();
        sps.u(8, 66);
        sps.u(8, 0xC0);                        // constraint_set0/1
        sps.u(8, 30);
        sps.ue(0);
        sps.ue(0);                             // log2_max_frame_num_minus4
        sps.ue(2);                             // pic_order_cnt_type
        sps.ue(1);                             // max_num_ref_frames
        sps.u(1, 0);
        sps.ue(mbw - 1);
        sps.ue(mbh - 1);
        sps.u(1, 1);                           // frame_mbs_only_flag
        sps.u(1, 1);                           // direct_8x8_inference_flag
        sps.u(1, 0);                           // frame_cropping_flag
        sps.u(1, 0);                           // vui_parameters_present_flag
        nal(stream, 3, 7, sps.trailing());
        // PPS §7.3.2.2: CAVLC, deblocking with defaults (no control present)
        Bits pps = new Bits();
        pps.ue(0);
        pps.ue(0);
        pps.u(1, 0);
        pps.u(1, 0);
        pps.ue(0);
        pps.ue(0);
        pps.ue(0);
        pps.u(1, 0);
        pps.u(2, 0);
        pps.se(0);
        pps.se(0);
        pps.se(0);                             // chroma_qp_index_offset
        pps.u(1, 0);                           // deblocking_filter_control_present_flag
        pps.u(1, 0);
        pps.u(1, 0);
        nal(stream, 3, 8, pps.trailing());

        Picture ref = new Picture(mbw, mbh);
        Picture cur = new Picture(mbw, mbh);
        byte[][] expectedFrames = new byte[frames][];

        // IDR: all I_PCM (qP 0 -> alpha 0: the deblocker leaves it alone)
        Bits idr = new Bits();
        idr.ue(0);
        idr.ue(7);                             // I, all slices
        idr.ue(0);
        idr.u(4, 0);                           // frame_num
        idr.ue(0);                             // idr_pic_id
        idr.u(1, 0);
        idr.u(1, 0);                           // dec_ref_pic_marking
        idr.se(0);                             // slice_qp_delta
        MacroblockInfo info = new MacroblockInfo(mbw, mbh);
        for (int mb = 0; mb < mbs; mb++) {
            idr.ue(25);                        // I_PCM
            writePcm(idr, cur, mb % mbw, mb / mbw, (x, y, c) -> clip(60 + (c == 0 ? x * 3 + y * 2 : x * 4 - y * 3 + 40 * c) % 140 + rnd.nextInt(5)));
            info.intra[mb] = true;
            info.qp[mb] = 0;
        }
        nal(stream, 3, 5, idr.trailing());
        Deblocker.filter(cur, info, mbw, mbh);
        expectedFrames[0] = yuv(cur);
        ref.copyFrom(cur);
        ref.extendBorders();

        short[] mvx = new short[mbs];
        short[] mvy = new short[mbs];
        boolean[] intra = new boolean[mbs];
        byte[] nz = new byte[mbs * 16];        // total_coeff of every luma 4x4 block, raster in MB
        for (int f = 1; f < frames; f++) {
            int sliceQp = f == 1 ? 28 + rnd.nextInt(8) : 16 + rnd.nextInt(36);
            Bits p = new Bits();
            p.ue(0);
            p.ue(5);                           // P, all slices
            p.ue(0);
            p.u(4, f);                         // frame_num
            p.u(1, 0);                         // num_ref_idx_active_override_flag
            p.u(1, 0);                         // ref_pic_list_modification_flag_l0
            p.u(1, 0);                         // adaptive_ref_pic_marking_mode_flag
            p.se(sliceQp - 26);
            info.reset();
            int qpPred = sliceQp;              // QP_Y,PRED (§7.4.5)
            for (int mb = 0; mb < mbs; mb++) {
                int mbX = mb % mbw, mbY = mb / mbw;
                p.ue(0);                       // mb_skip_run
                int kind = f == 1 ? 9 : rnd.nextInt(12);
                intra[mb] = kind < 5;
                mvx[mb] = 0;
                mvy[mb] = 0;
                if (kind < 2) {
                    p.ue(5 + 25);              // I_PCM in a P slice (Table 7-13 offset 5)
                    final Picture r = ref;
                    writePcm(p, cur, mbX, mbY, (x, y, c) -> clip(sample(r, c, x, y) + rnd.nextInt(5) - 2));
                    info.intra[mb] = true;
                    info.qp[mb] = 0;           // §8.7.2.2: qPp = 0 for I_PCM; QP_Y,PRED unchanged
                    java.util.Arrays.fill(nz, mb * 16, mb * 16 + 16, (byte) 16); // §9.2.1: nN = 16 for I_PCM
                    continue;
                }
                if (kind < 5) {
                    // Intra_16x16 without AC/chroma residual (cbp 0): V, H or DC without neighbours
                    int lumaMode = mbY > 0 && (mbX == 0 || rnd.nextBoolean()) ? 0 : (mbX > 0 ? 1 : 2);
                    int chromaMode = mbX > 0 && (mbY == 0 || rnd.nextBoolean()) ? 1 : (mbY > 0 ? 2 : 0);
                    int delta = rnd.nextInt(21) - 10;
                    p.ue(5 + 1 + lumaMode);    // I_16x16_<mode>_0_0 (Table 7-11)
                    p.ue(chromaMode);          // intra_chroma_pred_mode
                    p.se(delta);               // mb_qp_delta
                    // Intra16x16DCLevel with TotalCoeff 0: coeff_token for nC (§9.2.1, Table 9-5)
                    coeffTokenZero(p, nC(mbX, mbY, 0, 0, mbw, nz));
                    qpPred = (qpPred + delta + 52) % 52;
                    intraPredict(cur, mbX, mbY, lumaMode, chromaMode);
                    info.intra[mb] = true;
                    info.qp[mb] = qpPred;
                    java.util.Arrays.fill(nz, mb * 16, mb * 16 + 16, (byte) 0);
                    continue;
                }
                if (kind < 8 && mbX > 0 && !intra[mb - 1]) {
                    mvx[mb] = mvx[mb - 1];
                    mvy[mb] = (short) (mvy[mb - 1] + rnd.nextInt(7) - 3);
                } else {
                    int range = kind < 10 ? 12 : 40;
                    mvx[mb] = (short) (rnd.nextInt(2 * range + 1) - range);
                    mvy[mb] = (short) (rnd.nextInt(2 * range + 1) - range);
                }
                // §8.4.1.3 motion vector prediction for a 16x16 partition, refIdx 0
                int[] pred = predictMv(mbX, mbY, mbw, mvx, mvy, intra);
                p.ue(0);                       // P_L0_16x16
                p.se(mvx[mb] - pred[0]);
                p.se(mvy[mb] - pred[1]);
                Interpolator.predictLuma(ref, mbX * 16, mbY * 16, mvx[mb], mvy[mb], 16, 16,
                        cur.y, cur.originY + mbY * 16 * cur.strideY + mbX * 16, cur.strideY);
                Interpolator.predictChroma(ref, mbX * 8, mbY * 8, mvx[mb], mvy[mb], 8, 8,
                        cur.u, cur.v, cur.originC + mbY * 8 * cur.strideC + mbX * 8, cur.strideC);
                java.util.Arrays.fill(nz, mb * 16, mb * 16 + 16, (byte) 0);
                int cbp = f > 1 && rnd.nextBoolean() ? 1 + rnd.nextInt(15) : 0;
                p.ue(CBP_TO_CODENUM_INTER_LUMA[cbp]);   // coded_block_pattern me(v), Table 9-4 inter
                if (cbp != 0) {
                    int delta = rnd.nextInt(11) - 5;
                    p.se(delta);               // mb_qp_delta
                    qpPred = (qpPred + delta + 52) % 52;
                    // residual_luma (§7.3.5.3): 8x8 blocks in order, 4x4 blocks in luma4x4BlkIdx order;
                    // each coded block is empty or holds a single +-1 at DC (scan position 0)
                    for (int blk = 0; blk < 16; blk++) {
                        int i8 = blk >> 2, i4 = blk & 3;
                        if ((cbp & (1 << i8)) == 0) {
                            continue;
                        }
                        int bx = (i8 & 1) * 2 + (i4 & 1), by = (i8 >> 1) * 2 + (i4 >> 1);
                        int nC = nC(mbX, mbY, bx, by, mbw, nz);
                        if (rnd.nextBoolean()) {
                            coeffTokenZero(p, nC);
                            continue;
                        }
                        int level = rnd.nextBoolean() ? 1 : -1;
                        // coeff_token TotalCoeff 1, TrailingOnes 1 (Table 9-5)
                        if (nC < 2) {
                            p.u(2, 1);
                        } else if (nC < 4) {
                            p.u(2, 2);
                        } else if (nC < 8) {
                            p.u(4, 14);
                        } else {
                            p.u(6, 1);
                        }
                        p.u(1, level < 0 ? 1 : 0); // trailing_ones_sign_flag
                        p.u(1, 1);             // total_zeros 0 for TotalCoeff 1 (Table 9-7)
                        nz[mb * 16 + by * 4 + bx] = 1;
                        // §8.5.12.1 flat scaling of the DC level, then §8.5.12.2 of a DC-only
                        // block: every residual sample is (d00 + 32) >> 6
                        int d = (level * NORM_ADJUST_DC[qpPred % 6]) << (qpPred / 6);
                        int r = (d + 32) >> 6;
                        for (int y = 0; y < 4; y++) {
                            for (int x = 0; x < 4; x++) {
                                int i = cur.originY + (mbY * 16 + by * 4 + y) * cur.strideY + mbX * 16 + bx * 4 + x;
                                cur.y[i] = (byte) Math.max(0, Math.min(255, (cur.y[i] & 0xFF) + r));
                            }
                        }
                    }
                }
                info.qp[mb] = qpPred;          // without mb_qp_delta QP_Y = QP_Y,PRED
                System.arraycopy(nz, mb * 16, info.totalCoeffLuma, mb * 16, 16);
                for (int b = 0; b < 16; b++) {
                    info.mvX[mb * 16 + b] = mvx[mb];
                    info.mvY[mb * 16 + b] = mvy[mb];
                }
            }
            nal(stream, 2, 1, p.trailing());
            Deblocker.filter(cur, info, mbw, mbh);
            expectedFrames[f] = yuv(cur);
            ref.copyFrom(cur);
            ref.extendBorders();
        }

        Path in = dir.resolve("x.h264");
        Path out = dir.resolve("x.yuv");
        Files.write(in, stream.toByteArray());
        Process proc = new ProcessBuilder(FFMPEG.toString(), "-v", "error", "-y", "-i", in.toString(),
                "-f", "rawvideo", "-pix_fmt", "yuv420p", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes());
        assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as(log).isZero();
        byte[] decoded = Files.readAllBytes(out);
        int frameSize = expectedFrames[0].length;
        assertThat(decoded.length).as("ffmpeg log: %s", log).isEqualTo(frameSize * frames);
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < frameSize; i++) {
                if (decoded[f * frameSize + i] != expectedFrames[f][i]) {
                    assertThat(decoded[f * frameSize + i] & 0xFF)
                            .as("frame %d first mismatch at %s", f, where(i, mbw * 16, mbh * 16))
                            .isEqualTo(expectedFrames[f][i] & 0xFF);
                }
            }
        }
    }

    /** Table 9-4, inter column, for coded_block_pattern 0..15 (no chroma): cbp -> codeNum. */
    private static final int[] CBP_TO_CODENUM_INTER_LUMA = {0, 2, 3, 7, 4, 8, 17, 13, 5, 18, 9, 14, 10, 15, 16, 11};
    /** normAdjust4x4(m, 0, 0) = v_m0 of §8.5.9 (flat weight scale 16 cancels). */
    private static final int[] NORM_ADJUST_DC = {10, 11, 13, 14, 16, 18};

    /** coeff_token for TotalCoeff 0 (Table 9-5) at the given nC. */
    private static void coeffTokenZero(Bits p, int nC) {
        if (nC < 2) {
            p.u(1, 1);
        } else if (nC < 4) {
            p.u(2, 3);
        } else if (nC < 8) {
            p.u(4, 15);
        } else {
            p.u(6, 3);
        }
    }

    /**
     * §9.2.1 nC of luma 4x4 block (bx, by) (raster position in its MB) from the blocks to the left
     * (A) and above (B), possibly in the neighbouring macroblocks; nz holds their TotalCoeff.
     */
    private static int nC(int mbX, int mbY, int bx, int by, int mbw, byte[] nz) {
        boolean a = bx > 0 || mbX > 0, b = by > 0 || mbY > 0;
        int mb = mbY * mbw + mbX;
        int nA = !a ? 0 : (bx > 0 ? nz[mb * 16 + by * 4 + bx - 1] : nz[(mb - 1) * 16 + by * 4 + 3]);
        int nB = !b ? 0 : (by > 0 ? nz[mb * 16 + (by - 1) * 4 + bx] : nz[(mb - mbw) * 16 + 12 + bx]);
        if (a && b) {
            return (nA + nB + 1) >> 1;
        }
        return a ? nA : (b ? nB : 0);
    }

    /**
     * §8.3.3 Intra_16x16 vertical (0) / horizontal (1) / DC without neighbours (2, 128) and
     * §8.3.4 chroma DC without neighbours (0, 128) / horizontal (1) / vertical (2), from the
     * not yet deblocked samples of the current picture.
     */
    private static void intraPredict(Picture p, int mbX, int mbY, int lumaMode, int chromaMode) {
        int o = p.originY + mbY * 16 * p.strideY + mbX * 16;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = lumaMode == 0 ? p.y[o - p.strideY + x] : (lumaMode == 1 ? p.y[o + y * p.strideY - 1] : (byte) 128);
                p.y[o + y * p.strideY + x] = (byte) v;
            }
        }
        int oc = p.originC + mbY * 8 * p.strideC + mbX * 8;
        for (byte[] c : new byte[][] {p.u, p.v}) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int v = chromaMode == 2 ? c[oc - p.strideC + x] : (chromaMode == 1 ? c[oc + y * p.strideC - 1] : (byte) 128);
                    c[oc + y * p.strideC + x] = (byte) v;
                }
            }
        }
    }

    private static String where(int i, int w, int h) {
        if (i < w * h) {
            return "Y(" + i % w + "," + i / w + ")";
        }
        i -= w * h;
        int c = i / (w * h / 4);
        i %= w * h / 4;
        return (c == 0 ? "U(" : "V(") + i % (w / 2) + "," + i / (w / 2) + ")";
    }

    private static int sample(Picture p, int c, int x, int y) {
        return c == 0 ? p.y[p.originY + y * p.strideY + x] & 0xFF
                : (c == 1 ? p.u : p.v)[p.originC + y * p.strideC + x] & 0xFF;
    }

    private interface SampleSource {
        int at(int x, int y, int component);
    }

    /** §7.3.5 I_PCM: alignment zero bits, then 256 luma and 2 x 64 chroma samples, raster. */
    private static void writePcm(Bits b, Picture cur, int mbX, int mbY, SampleSource src) {
        b.align();
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = src.at(mbX * 16 + x, mbY * 16 + y, 0);
                b.u(8, v);
                cur.y[cur.originY + (mbY * 16 + y) * cur.strideY + mbX * 16 + x] = (byte) v;
            }
        }
        for (int c = 1; c <= 2; c++) {
            byte[] plane = c == 1 ? cur.u : cur.v;
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int v = src.at(mbX * 8 + x, mbY * 8 + y, c);
                    b.u(8, v);
                    plane[cur.originC + (mbY * 8 + y) * cur.strideC + mbX * 8 + x] = (byte) v;
                }
            }
        }
    }

    /**
     * §8.4.1.3 / §8.4.1.3.2 for a 16x16 partition in a one-slice picture: neighbours A (left),
     * B (above), C (above right, replaced by D above left when outside the picture); intra or
     * missing neighbours give refIdx -1 and mv 0; B and C both missing with A present copies A;
     * exactly one neighbour with refIdx 0 gives its mv, otherwise the median.
     */
    private static int[] predictMv(int mbX, int mbY, int mbw, short[] mvx, short[] mvy, boolean[] intra) {
        int[] ax = neighbour(mbX - 1, mbY, mbw, mvx, mvy, intra);
        int[] bx = neighbour(mbX, mbY - 1, mbw, mvx, mvy, intra);
        int[] cx = neighbour(mbX + 1, mbY - 1, mbw, mvx, mvy, intra);
        if (cx == null) {
            cx = neighbour(mbX - 1, mbY - 1, mbw, mvx, mvy, intra);
        }
        int[] none = {0, 0, -1};
        if (bx == null && cx == null && ax != null) {
            bx = ax;
            cx = ax;
        }
        ax = ax == null ? none : ax;
        bx = bx == null ? none : bx;
        cx = cx == null ? none : cx;
        int matches = (ax[2] == 0 ? 1 : 0) + (bx[2] == 0 ? 1 : 0) + (cx[2] == 0 ? 1 : 0);
        if (matches == 1) {
            int[] m = ax[2] == 0 ? ax : (bx[2] == 0 ? bx : cx);
            return new int[] {m[0], m[1]};
        }
        return new int[] {median(ax[0], bx[0], cx[0]), median(ax[1], bx[1], cx[1])};
    }

    /** null when outside the picture / not yet decoded; {mvx, mvy, refIdx} otherwise. */
    private static int[] neighbour(int x, int y, int mbw, short[] mvx, short[] mvy, boolean[] intra) {
        if (x < 0 || y < 0 || x >= mbw) {
            return null;
        }
        int mb = y * mbw + x;
        return intra[mb] ? new int[] {0, 0, -1} : new int[] {mvx[mb], mvy[mb], 0};
    }

    private static byte[] yuv(Picture p) {
        int w = p.width, h = p.height;
        byte[] out = new byte[w * h * 3 / 2];
        for (int y = 0; y < h; y++) {
            System.arraycopy(p.y, p.originY + y * p.strideY, out, y * w, w);
        }
        for (int y = 0; y < h / 2; y++) {
            System.arraycopy(p.u, p.originC + y * p.strideC, out, w * h + y * w / 2, w / 2);
            System.arraycopy(p.v, p.originC + y * p.strideC, out, w * h * 5 / 4 + y * w / 2, w / 2);
        }
        return out;
    }
}
