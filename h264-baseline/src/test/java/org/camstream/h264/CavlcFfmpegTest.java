package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CAVLC against a real decoder: FFmpeg decodes residual blocks written by {@link Cavlc} and must
 * produce exactly the pixels this test reconstructs from the same levels.
 *
 * <p>The stream is built to make the reconstruction trivial and independent of the rest of the
 * encoder: every macroblock is its own slice (so no neighbour is available, H.264 §6.4.x, and the
 * Intra_16x16 DC / chroma DC predictions are 128, §8.3.3.3, §8.3.4.1-3), coded I_16x16 with DC
 * prediction and full luma AC plus chroma DC and AC (mb_type 23, Table 7-11), deblocking disabled
 * (disable_deblocking_filter_idc 1). The pixels then follow from §8.5.10 (luma DC), §8.5.11
 * (chroma DC), §8.5.12 (scaling, flat weights, and the 4x4 inverse transform), written out again
 * here. Every luma AC and chroma AC block takes nC from its neighbours inside the macroblock
 * (§9.2.1), so all coeff_token tables are used. A wrong code word either desynchronises the slice
 * (FFmpeg reports an error or the picture changes) or changes a coefficient (the pixels change).
 *
 * <p>Fails when {@code ffmpeg} is not on the PATH (CI installs it). The stream syntax here is a test fixture, not
 * the encoder's parameter-set or NAL writer.
 */
class CavlcFfmpegTest {

    private static final int MB_W = 4;
    private static final int MB_H = 4;
    private static final int W = MB_W * 16;
    private static final int H = MB_H * 16;
    private static final int FRAME = W * H * 3 / 2;
    /** Frame zig-zag scan position -> raster index (Table 8-13 / Figure 8-8). */
    private static final int[] ZIGZAG = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
    /** normAdjust4x4 v (eq. 8-315): rows qP % 6, columns v0 (even, even), v1 (odd, odd), v2 (other). */
    private static final int[][] V = {{10, 16, 13}, {11, 18, 14}, {13, 20, 16}, {14, 23, 18}, {16, 25, 20}, {18, 29, 23}};

    @TempDir
    Path tmp;

    /** Mixed QP 0..26 and levels up to +-40 (prefix 14 / 15 escapes at suffixLength 0 and 1, suffixLength growth). */
    @Test
    void ffmpegDecodesMixedBlocksExactly() throws Exception {
        runCase(11, 12, 40, new int[] {0, 0, 3, 8, 12, 20, 26}, false);
    }

    /**
     * QP 0 with one level of up to +-1000 per block: long escapes (level_prefix 15 at every
     * suffixLength up to 6). One large level per block keeps every intermediate value of the
     * decoder within the 16-bit range the Recommendation guarantees (§8.5.12), which FFmpeg relies on.
     */
    @Test
    void ffmpegDecodesLargeLevelsExactly() throws Exception {
        runCase(12, 12, 1000, new int[] {0}, true);
    }

    private void runCase(long seed, int frames, int big, int[] qps, boolean oneBig) throws Exception {
        Path ffmpeg = findFfmpeg();
        assertThat(ffmpeg).as("ffmpeg must be installed (CI installs it in .ci/run)").isNotNull();
        Fixture fx = new Fixture(new Random(seed), big, oneBig);
        byte[] stream = fx.stream(frames, qps);
        Path in = tmp.resolve("cavlc.h264");
        Path out = tmp.resolve("cavlc.yuv");
        Files.write(in, stream);
        Process p = new ProcessBuilder(ffmpeg.toString(), "-v", "error", "-err_detect", "+bitstream+buffer+explode",
                "-i", in.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(log).as("ffmpeg messages").isEmpty();
        assertThat(p.exitValue()).isZero();
        byte[] decoded = Files.readAllBytes(out);
        assertThat(decoded.length).isEqualTo(fx.expected.length);
        for (int f = 0; f < frames; f++) {
            byte[] a = Arrays.copyOfRange(decoded, f * FRAME, (f + 1) * FRAME);
            byte[] e = Arrays.copyOfRange(fx.expected, f * FRAME, (f + 1) * FRAME);
            assertThat(a).as("frame " + f).isEqualTo(e);
        }
        assertThat(fx.blocks).isEqualTo(frames * MB_W * MB_H * (1 + 16 + 2 + 8));
    }

    private static Path findFfmpeg() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "ffmpeg");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Builds the stream and the expected decoded pictures from the same random levels. */
    private static final class Fixture {
        final Random rnd;
        final int big;
        final boolean oneBig;
        byte[] expected;
        int blocks;

        Fixture(Random rnd, int big, boolean oneBig) {
            this.rnd = rnd;
            this.big = big;
            this.oneBig = oneBig;
        }

        byte[] stream(int frames, int[] qps) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            expected = new byte[frames * FRAME];
            BitWriter bw = new BitWriter(256);
            // seq_parameter_set_rbsp (§7.3.2.1.1): profile 66, constraint_set0/1, level 3.0, sps 0,
            // log2_max_frame_num 4, POC type 2, 1 ref frame, size, frame_mbs_only, direct_8x8, no crop/VUI
            bw.u(8, 66);
            bw.u(8, 0b1100_0000);
            bw.u(8, 30);
            bw.ue(0);
            bw.ue(0);
            bw.ue(2);
            bw.ue(1);
            bw.u1(false);
            bw.ue(MB_W - 1);
            bw.ue(MB_H - 1);
            bw.u1(true);
            bw.u1(true);
            bw.u1(false);
            bw.u1(false);
            bw.trailingBits();
            nal(out, 7, bw);
            // pic_parameter_set_rbsp (§7.3.2.2): CAVLC, one slice group, QP 26, deblocking control present
            bw.reset();
            bw.ue(0);
            bw.ue(0);
            bw.u1(false);
            bw.u1(false);
            bw.ue(0);
            bw.ue(0);
            bw.ue(0);
            bw.u1(false);
            bw.u(2, 0);
            bw.se(0);
            bw.se(0);
            bw.se(0);
            bw.u1(true);
            bw.u1(false);
            bw.u1(false);
            bw.trailingBits();
            nal(out, 8, bw);
            for (int f = 0; f < frames; f++) {
                int qp = qps[rnd.nextInt(qps.length)];
                for (int mb = 0; mb < MB_W * MB_H; mb++) {
                    bw.reset();
                    macroblockSlice(bw, f, mb, qp);
                    bw.trailingBits();
                    nal(out, 5, bw);
                }
            }
            return out.toByteArray();
        }

        /** One IDR slice holding one I_16x16 macroblock; fills the expected pixels. */
        private void macroblockSlice(BitWriter bw, int frame, int mb, int qp) {
            // slice_header (§7.3.3): first_mb, slice_type 7 (I), pps 0, frame_num 0, idr_pic_id,
            // dec_ref_pic_marking, slice_qp_delta, disable_deblocking_filter_idc 1
            bw.ue(mb);
            bw.ue(7);
            bw.ue(0);
            bw.u(4, 0);
            bw.ue(frame & 1);
            bw.u1(false);
            bw.u1(false);
            bw.se(qp - 26);
            bw.ue(1);
            // macroblock_layer: I_16x16_2_2_1 (DC pred, chroma cbp 2, luma AC), chroma DC pred, mb_qp_delta 0
            bw.ue(23);
            bw.ue(0);
            bw.se(0);

            int[] dc = levels(16);
            Cavlc.writeResidualBlock(bw, dc, 0, 16, 0); // nC of luma4x4BlkIdx 0: no neighbour -> 0
            blocks++;
            int[][] ac = new int[16][];
            int[] total = new int[16]; // by raster 4x4 position
            for (int blk = 0; blk < 16; blk++) {
                int bx = blkX(blk);
                int by = blkY(blk);
                ac[blk] = levels(15);
                int nC = Cavlc.nC(bx > 0, bx > 0 ? total[by * 4 + bx - 1] : 0, by > 0, by > 0 ? total[(by - 1) * 4 + bx] : 0);
                total[by * 4 + bx] = Cavlc.writeResidualBlock(bw, ac[blk], 0, 15, nC);
                blocks++;
            }
            int[][] cdc = new int[2][];
            for (int k = 0; k < 2; k++) {
                cdc[k] = levels(4);
                Cavlc.writeResidualBlock(bw, cdc[k], 0, 4, -1);
                blocks++;
            }
            int[][][] cac = new int[2][4][];
            for (int k = 0; k < 2; k++) {
                int[] ctotal = new int[4];
                for (int blk = 0; blk < 4; blk++) {
                    int bx = blk % 2;
                    int by = blk / 2;
                    cac[k][blk] = levels(15);
                    int nC = Cavlc.nC(bx > 0, bx > 0 ? ctotal[by * 2] : 0, by > 0, by > 0 ? ctotal[bx] : 0);
                    ctotal[blk] = Cavlc.writeResidualBlock(bw, cac[k][blk], 0, 15, nC);
                    blocks++;
                }
            }
            reconstruct(frame, mb, qp, dc, ac, cdc, cac);
        }

        private void reconstruct(int frame, int mb, int qp, int[] dc, int[][] ac, int[][] cdc, int[][][] cac) {
            int base = frame * FRAME;
            int mbx = mb % MB_W;
            int mby = mb / MB_W;
            int[] c = new int[16];
            int[] d = new int[16];
            int[] r = new int[16];
            // §8.5.10: f = H c H, then dcY scaled with LevelScale4x4(qP % 6, 0, 0)
            for (int k = 0; k < 16; k++) {
                c[ZIGZAG[k]] = dc[k];
            }
            int[] f = hadamard4(c);
            int[] dcY = new int[16];
            for (int k = 0; k < 16; k++) {
                int s = levelScale(qp % 6, 0, 0);
                dcY[k] = qp >= 36 ? (f[k] * s) << (qp / 6 - 6) : (f[k] * s + (1 << (5 - qp / 6))) >> (6 - qp / 6);
            }
            for (int blk = 0; blk < 16; blk++) {
                int bx = blkX(blk);
                int by = blkY(blk);
                scaleAc(ac[blk], qp, d);
                d[0] = dcY[by * 4 + bx];
                inverse4x4(d, r);
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        expected[base + (mby * 16 + by * 4 + y) * W + mbx * 16 + bx * 4 + x] = clip(128 + r[y * 4 + x]);
                    }
                }
            }
            int qpc = qp; // Table 8-15: QPc = qPI below 30 (chroma_qp_index_offset 0); callers stay below 30
            for (int k = 0; k < 2; k++) {
                // §8.5.11: f = [1 1; 1 -1] c [1 1; 1 -1], dcC = ((f * LevelScale4x4(qPc % 6, 0, 0)) << (qPc / 6)) >> 5
                int[] x = cdc[k];
                int[] f2 = {x[0] + x[1] + x[2] + x[3], x[0] - x[1] + x[2] - x[3], x[0] + x[1] - x[2] - x[3],
                    x[0] - x[1] - x[2] + x[3]};
                int plane = base + W * H + k * (W / 2) * (H / 2);
                for (int blk = 0; blk < 4; blk++) {
                    scaleAc(cac[k][blk], qpc, d);
                    d[0] = ((f2[blk] * levelScale(qpc % 6, 0, 0)) << (qpc / 6)) >> 5;
                    inverse4x4(d, r);
                    int bx = blk % 2;
                    int by = blk / 2;
                    for (int y = 0; y < 4; y++) {
                        for (int xx = 0; xx < 4; xx++) {
                            expected[plane + (mby * 8 + by * 4 + y) * (W / 2) + mbx * 8 + bx * 4 + xx] = clip(128 + r[y * 4 + xx]);
                        }
                    }
                }
            }
        }

        /** Random levels: many zeros and +-1, some small, a few up to +-big; density varies per block. */
        private int[] levels(int n) {
            int[] a = new int[n];
            int mode = rnd.nextInt(4);
            boolean hadBig = false;
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(100);
                int v;
                if (k < 55) {
                    v = 0;
                } else if (k < 80) {
                    v = rnd.nextBoolean() ? 1 : -1;
                } else if (k < 95) {
                    v = rnd.nextInt(9) - 4;
                } else {
                    v = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(big));
                }
                if (oneBig && Math.abs(v) > 4) {
                    v = hadBig ? Integer.signum(v) * 3 : v;
                    hadBig = true;
                }
                if (mode == 0 && rnd.nextInt(8) != 0 || mode == 1 && rnd.nextInt(3) != 0) {
                    v = 0;
                } else if (mode == 3 && v == 0) {
                    v = rnd.nextInt(5) - 2;
                }
                a[i] = v;
            }
            return a;
        }
    }

    /** luma4x4BlkIdx -> x / y in 4x4 units (§6.4.3, the 8x8-then-4x4 z-order). */
    static int blkX(int blk) {
        return (blk / 4 % 2) * 2 + blk % 4 % 2;
    }

    static int blkY(int blk) {
        return (blk / 4 / 2) * 2 + blk % 4 / 2;
    }

    /** LevelScale4x4(m, i, j) with flat weights: 16 * normAdjust4x4 (eq. 8-315 to 8-317). */
    static int levelScale(int m, int row, int col) {
        if (row % 2 == 0 && col % 2 == 0) {
            return 16 * V[m][0];
        }
        return 16 * ((row % 2 == 1 && col % 2 == 1) ? V[m][1] : V[m][2]);
    }

    /** §8.5.12.1 for an AC block (15 levels at scan positions 1..15); d[0] left for the caller. */
    static void scaleAc(int[] acLevels, int qp, int[] d) {
        Arrays.fill(d, 0);
        for (int k = 0; k < 15; k++) {
            int pos = ZIGZAG[k + 1];
            int s = levelScale(qp % 6, pos / 4, pos % 4);
            int c = acLevels[k];
            d[pos] = qp >= 24 ? (c * s) << (qp / 6 - 4) : (c * s + (1 << (3 - qp / 6))) >> (4 - qp / 6);
        }
    }

    static int[] hadamard4(int[] c) {
        int[] t = new int[16];
        int[] f = new int[16];
        for (int i = 0; i < 4; i++) {
            int a = c[i * 4];
            int b = c[i * 4 + 1];
            int cc = c[i * 4 + 2];
            int dd = c[i * 4 + 3];
            t[i * 4] = a + b + cc + dd;
            t[i * 4 + 1] = a + b - cc - dd;
            t[i * 4 + 2] = a - b - cc + dd;
            t[i * 4 + 3] = a - b + cc - dd;
        }
        for (int j = 0; j < 4; j++) {
            int a = t[j];
            int b = t[4 + j];
            int cc = t[8 + j];
            int dd = t[12 + j];
            f[j] = a + b + cc + dd;
            f[4 + j] = a + b - cc - dd;
            f[8 + j] = a - b - cc + dd;
            f[12 + j] = a - b + cc - dd;
        }
        return f;
    }

    /** §8.5.12.2, rows then columns, (x + 32) >> 6; raster in and out. */
    static void inverse4x4(int[] d, int[] r) {
        int[] t = new int[16];
        for (int i = 0; i < 4; i++) {
            int e0 = d[i * 4] + d[i * 4 + 2];
            int e1 = d[i * 4] - d[i * 4 + 2];
            int e2 = (d[i * 4 + 1] >> 1) - d[i * 4 + 3];
            int e3 = d[i * 4 + 1] + (d[i * 4 + 3] >> 1);
            t[i * 4] = e0 + e3;
            t[i * 4 + 1] = e1 + e2;
            t[i * 4 + 2] = e1 - e2;
            t[i * 4 + 3] = e0 - e3;
        }
        for (int j = 0; j < 4; j++) {
            int g0 = t[j] + t[8 + j];
            int g1 = t[j] - t[8 + j];
            int g2 = (t[4 + j] >> 1) - t[12 + j];
            int g3 = t[4 + j] + (t[12 + j] >> 1);
            r[j] = (g0 + g3 + 32) >> 6;
            r[4 + j] = (g1 + g2 + 32) >> 6;
            r[8 + j] = (g1 - g2 + 32) >> 6;
            r[12 + j] = (g0 - g3 + 32) >> 6;
        }
    }

    static byte clip(int v) {
        return (byte) (v < 0 ? 0 : Math.min(255, v));
    }

    /** Annex B start code, nal_unit_header (nal_ref_idc 3), emulation prevention (§7.4.1). */
    static void nal(ByteArrayOutputStream out, int type, BitWriter bw) {
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(1);
        out.write(0x60 | type);
        byte[] b = bw.buffer();
        int zeros = 0;
        for (int i = 0; i < bw.byteLength(); i++) {
            int v = b[i] & 0xFF;
            if (zeros >= 2 && v <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
    }
}
