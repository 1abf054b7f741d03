package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Public API contract of {@link H264Encoder} (issue #3 item 1) and encoder-level stream properties. */
class H264EncoderTest {

    /** NAL unit types of an Annex-B access unit, checking the 4-byte start codes (Annex B.1). */
    /**
     * NAL unit types of an access unit of an encoder with {@code slices} slices per picture: SPS, PPS and
     * the IDR slices, or the P slices (§7.4.1.2.3 order).
     */
    static List<Integer> accessUnit(boolean idr, int slices) {
        List<Integer> types = new java.util.ArrayList<>();
        if (idr) {
            types.add(7);
            types.add(8);
        }
        for (int s = 0; s < slices; s++) {
            types.add(idr ? 5 : 1);
        }
        return types;
    }

    static List<Integer> nalTypes(byte[] au, int len) {
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i + 4 < len; i++) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 0 && au[i + 3] == 1) {
                types.add(au[i + 4] & 0x1F);
                assertThat((au[i + 4] >> 5) & 3).as("nal_ref_idc").isEqualTo(3);
            }
        }
        assertThat(au[0] == 0 && au[1] == 0 && au[2] == 0 && au[3] == 1).as("AU starts with a start code").isTrue();
        return types;
    }

    private static byte[][] frame(int w, int h, long seed) {
        Random rnd = new Random(seed);
        byte[] y = new byte[w * h], u = new byte[w * h / 4], v = new byte[w * h / 4];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                y[j * w + i] = (byte) (((i * 3 + j * 2) & 0xFF) + rnd.nextInt(9) - 4);
            }
        }
        java.util.Arrays.fill(u, (byte) 100);
        java.util.Arrays.fill(v, (byte) 150);
        return new byte[][] {y, u, v};
    }

    @Test
    void idrCarriesSpsPpsAndGopIsRespected() {
        try (H264Encoder enc = new H264Encoder(64, 48, EncoderConfig.builder().gop(3).build())) {
            for (int i = 0; i < 7; i++) {
                byte[][] f = frame(64, 48, i);
                byte[] au = enc.encodeI420(f[0], f[1], f[2]);
                boolean idr = i % 3 == 0;
                assertThat(enc.keyframe()).as("frame %d", i).isEqualTo(idr);
                assertThat(nalTypes(au, au.length)).as("frame %d", i).isEqualTo(accessUnit(idr, enc.stats().threads()));
                assertThat(enc.frameCount()).isEqualTo(i + 1);
            }
        }
    }

    /**
     * FASTEST deblocks only pictures at QP 22 and above (disable_deblocking_filter_idc 0, else 1, §7.4.3);
     * FAST filters every picture. Read from the first slice header of an IDR and of a P picture.
     */
    @Test
    void deblockingFollowsThePresetsQpThreshold() {
        int[][] cases = {{21, 1}, {22, 0}};
        for (int[] c : cases) {
            assertThat(deblockingIdc(Preset.FASTEST, c[0])).as("FASTEST at QP %d", c[0]).containsExactly(c[1], c[1]);
        }
        assertThat(deblockingIdc(Preset.FAST, 10)).as("FAST at QP 10").containsExactly(0, 0);
    }

    /** disable_deblocking_filter_idc of the first slice of an IDR and of the next (P) picture at constant QP. */
    private static int[] deblockingIdc(Preset preset, int qp) {
        EncoderConfig cfg = EncoderConfig.builder().preset(preset).qpMin(qp).qpMax(qp).threads(1).build();
        int[] idc = new int[2];
        try (H264Encoder enc = new H264Encoder(64, 48, cfg)) {
            for (int i = 0; i < 2; i++) {
                byte[][] f = frame(64, 48, i);
                byte[] au = enc.encodeI420(f[0], f[1], f[2]);
                idc[i] = sliceDeblockingIdc(au);
            }
        }
        return idc;
    }

    /** Parses the first slice header of an access unit (§7.3.3, this encoder's SPS/PPS) up to the idc. */
    private static int sliceDeblockingIdc(byte[] au) {
        for (int i = 0; i + 4 < au.length; i++) {
            int type = au[i + 4] & 0x1F;
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 0 && au[i + 3] == 1 && (type == 5 || type == 1)) {
                byte[] rbsp = new byte[au.length];
                int n = 0, zeros = 0;
                for (int k = i + 5; k < au.length; k++) { // drop emulation_prevention_three_byte (§7.4.1)
                    if (zeros >= 2 && au[k] == 3) {
                        zeros = 0;
                        continue;
                    }
                    zeros = au[k] == 0 ? zeros + 1 : 0;
                    rbsp[n++] = au[k];
                }
                BitReader r = new BitReader(rbsp, n);
                boolean idr = type == 5;
                r.ue(); // first_mb_in_slice
                assertThat(r.ue()).as("slice_type").isEqualTo(idr ? 7 : 5);
                r.ue(); // pic_parameter_set_id
                r.u(ParameterSets.LOG2_MAX_FRAME_NUM);
                if (idr) {
                    r.ue(); // idr_pic_id
                } else {
                    r.u(2); // num_ref_idx_active_override_flag, ref_pic_list_modification_flag_l0
                }
                r.u(idr ? 2 : 1); // dec_ref_pic_marking()
                r.se(); // slice_qp_delta
                return r.ue();
            }
        }
        throw new AssertionError("no slice NAL unit");
    }

    @Test
    void requestKeyframeForcesIdrOnTheNextFrameOnly() {
        try (H264Encoder enc = new H264Encoder(32, 32)) {
            byte[][] f = frame(32, 32, 1);
            enc.encodeI420(f[0], f[1], f[2]);
            enc.encodeI420(f[0], f[1], f[2]);
            assertThat(enc.keyframe()).isFalse();
            enc.requestKeyframe();
            byte[] au = enc.encodeI420(f[0], f[1], f[2]);
            assertThat(enc.keyframe()).isTrue();
            assertThat(nalTypes(au, au.length)).isEqualTo(accessUnit(true, enc.stats().threads()));
            enc.encodeI420(f[0], f[1], f[2]);
            assertThat(enc.keyframe()).isFalse();
        }
    }

    @Test
    void bufferVariantEqualsAllocatingVariant() {
        byte[][] f = frame(48, 32, 7);
        try (H264Encoder a = new H264Encoder(48, 32); H264Encoder b = new H264Encoder(48, 32)) {
            byte[] out = new byte[b.maxAccessUnitSize() + 10];
            for (int i = 0; i < 3; i++) {
                byte[] au = a.encodeI420(f[0], f[1], f[2]);
                int n = b.encodeI420(f[0], f[1], f[2], out, 10);
                assertThat(java.util.Arrays.copyOfRange(out, 10, 10 + n)).isEqualTo(au);
            }
        }
    }

    /**
     * Issue #3 item 1, issue #13 items 1-2: the buffer variant allocates nothing in the steady state (IDR and
     * P frames), with every preset, on the caller's thread and on the slice workers. The allocation counter
     * (com.sun.management.ThreadMXBean) is reached reflectively because this module does not read
     * java.management; a typed MethodHandle reads the caller's without boxing, and the counter's own
     * overhead (measured on empty windows) is subtracted. The workers' counters are read while they are
     * parked between frames. After 100 warm-up frames, four windows of 50 frames are measured: garbage per
     * frame shows in every window, so the quietest window must be 0 B; a JIT deoptimisation that
     * re-materialises scalar-replaced objects the first time a path is taken (a one-off of some 100 B,
     * absent under -Xint) can only fill one.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}, {1} thread(s)")
    @org.junit.jupiter.params.provider.CsvSource({"FASTEST, 1", "FAST, 1", "MEDIUM, 1", "QUALITY, 1", "FASTEST, 3",
        "MEDIUM, 3", "QUALITY, 3"})
    void steadyStateEncodingAllocatesNothing(Preset preset, int threads) throws Throwable {
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Class<?> sunMx = Class.forName("com.sun.management.ThreadMXBean");
        java.lang.invoke.MethodHandle counter = java.lang.invoke.MethodHandles.publicLookup()
                .findVirtual(sunMx, "getCurrentThreadAllocatedBytes", java.lang.invoke.MethodType.methodType(long.class))
                .asType(java.lang.invoke.MethodType.methodType(long.class, Object.class));
        java.lang.reflect.Method byId = sunMx.getMethod("getThreadAllocatedBytes", long[].class);
        int w = 64, h = 48;
        EncoderConfig cfg = EncoderConfig.builder().gop(10).preset(preset).threads(threads).build();
        try (H264Encoder enc = new H264Encoder(w, h, cfg)) {
            assertThat(enc.stats().threads()).isEqualTo(threads);
            long[] workers = enc.workerThreadIds();
            assertThat(workers).hasSize(threads - 1);
            byte[] out = new byte[enc.maxAccessUnitSize()];
            byte[][][] frames = new byte[8][][];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = frame(w, h, i);
            }
            long overhead = Long.MAX_VALUE;
            long[] caller = new long[4], worker = new long[4];
            long workersBefore = 0;
            for (int i = 0; i < 300; i++) {
                int window = (i - 100) / 50;
                if (i >= 100 && (i - 100) % 50 == 0) {
                    workersBefore = sum((long[]) byId.invoke(mx, (Object) workers));
                }
                long e0 = (long) counter.invokeExact(mx);
                long e1 = (long) counter.invokeExact(mx);
                overhead = Math.min(overhead, e1 - e0);
                byte[][] f = frames[i % frames.length];
                long before = (long) counter.invokeExact(mx);
                enc.encodeI420(f[0], f[1], f[2], out, 0);
                long after = (long) counter.invokeExact(mx);
                if (i >= 100) {
                    caller[window] += after - before - overhead;
                    if ((i - 100) % 50 == 49) {
                        worker[window] = sum((long[]) byId.invoke(mx, (Object) workers)) - workersBefore;
                    }
                }
            }
            assertThat(java.util.Arrays.stream(caller).min().getAsLong())
                    .as("bytes allocated by the quietest 50 steady-state frames, windows " + java.util.Arrays.toString(caller))
                    .isLessThanOrEqualTo(0);
            assertThat(java.util.Arrays.stream(worker).min().getAsLong())
                    .as("bytes the slice workers allocated in the quietest 50 frames, windows "
                            + java.util.Arrays.toString(worker))
                    .isZero();
        }
    }

    private static long sum(long[] a) {
        long t = 0;
        for (long x : a) {
            t += x;
        }
        return t;
    }

    /** Issue #13 item 2: one access unit per picture, one slice NAL unit per thread, workers stopped by close(). */
    @Test
    void threadsCodeOneSliceEachAndCloseStopsThem() throws Exception {
        byte[][] f = frame(64, 48, 2);
        H264Encoder enc = new H264Encoder(64, 48, EncoderConfig.builder().threads(3).gop(2).build());
        byte[] idr = enc.encodeI420(f[0], f[1], f[2]);
        byte[] p = enc.encodeI420(f[0], f[1], f[2]);
        assertThat(nalTypes(idr, idr.length)).containsExactly(7, 8, 5, 5, 5);
        assertThat(nalTypes(p, p.length)).containsExactly(1, 1, 1);
        long[] ids = enc.workerThreadIds();
        java.util.Set<Long> alive = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            alive.add(t.getId());
        }
        assertThat(alive).contains(ids[0], ids[1]);
        enc.close();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertThat(t.getId()).as("worker still running after close: " + t.getName()).isNotIn(ids[0], ids[1]);
        }
        assertThatThrownBy(() -> enc.encodeI420(f[0], f[1], f[2])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tooSmallOutputBufferIsAClearError() {
        byte[][] f = frame(64, 64, 3);
        try (H264Encoder enc = new H264Encoder(64, 64)) {
            enc.encodeI420(f[0], f[1], f[2]);
            assertThatThrownBy(() -> enc.encodeI420(f[0], f[1], f[2], new byte[5], 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
            byte[] au = enc.encodeI420(f[0], f[1], f[2]);
            assertThat(enc.keyframe()).as("a lost picture is followed by an IDR").isTrue();
            assertThat(nalTypes(au, au.length)).isEqualTo(accessUnit(true, enc.stats().threads()));
        }
    }

    @Test
    void wrongSizesNullsAndClosedAreRejected() {
        H264Encoder enc = new H264Encoder(32, 16);
        assertThatThrownBy(() -> enc.encodeI420(new byte[10], new byte[128], new byte[128]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512").hasMessageContaining("10");
        assertThatThrownBy(() -> enc.encodeRgb565(new byte[32 * 16], ByteOrder.BIG_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        assertThatThrownBy(() -> enc.encodeArgb(new int[5])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> enc.encodeRgb888(new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1536");
        assertThatThrownBy(() -> enc.encodeArgb(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("pixels");
        assertThatThrownBy(() -> enc.encodeRgb565(new byte[1024], null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("order");
        assertThatThrownBy(() -> new H264Encoder(33, 16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even");
        enc.close();
        enc.close();
        assertThatThrownBy(() -> enc.encodeArgb(new int[512])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rgbInputsProduceTheSameStream() {
        int w = 32, h = 32;
        int[] argb = new int[w * h];
        byte[] rgb = new byte[3 * w * h];
        byte[] rgb565 = new byte[2 * w * h];
        for (int i = 0; i < w * h; i++) {
            // colours exactly representable in RGB565
            int r = (i * 8) & 0xF8, g = (i * 4) & 0xFC, b = (255 - i) & 0xF8;
            r |= r >>> 5;
            g |= g >>> 6;
            b |= b >>> 5;
            argb[i] = 0xFF000000 | r << 16 | g << 8 | b;
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
            int p = ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
            rgb565[2 * i] = (byte) (p >> 8);
            rgb565[2 * i + 1] = (byte) p;
        }
        try (H264Encoder a = new H264Encoder(w, h); H264Encoder b = new H264Encoder(w, h);
                H264Encoder c = new H264Encoder(w, h)) {
            byte[] sa = a.encodeArgb(argb);
            assertThat(b.encodeRgb888(rgb)).isEqualTo(sa);
            assertThat(c.encodeRgb565(rgb565, ByteOrder.BIG_ENDIAN)).isEqualTo(sa);
        }
    }

    /**
     * Encoder-level property: for any content, picture size (including sizes that are not multiples of
     * 16) and QP range, every access unit is well formed, QP stays in range, and the reconstruction is
     * close to the source (a loose bound that still fails for a broken residual path).
     */
    @Property(tries = 25)
    void reconstructionTracksTheSourceAndQpStaysInRange(@ForAll @IntRange(min = 1, max = 4) int mbW,
            @ForAll @IntRange(min = 1, max = 3) int mbH, @ForAll @IntRange(min = 0, max = 7) int cropHalf,
            @ForAll @IntRange(min = 10, max = 30) int qpMin, @ForAll long seed) {
        int w = mbW * 16 - 2 * Math.min(cropHalf, 7);
        int h = mbH * 16;
        EncoderConfig cfg = EncoderConfig.builder().qpMin(qpMin).qpMax(qpMin + 6).gop(2).bitrate(10_000_000).build();
        Random rnd = new Random(seed);
        byte[] y = new byte[w * h], u = new byte[(w / 2) * (h / 2)], v = new byte[(w / 2) * (h / 2)];
        byte[] ry = new byte[y.length], ru = new byte[u.length], rv = new byte[v.length];
        int dx = rnd.nextInt(5) - 2;
        try (H264Encoder enc = new H264Encoder(w, h, cfg)) {
            byte[] out = new byte[enc.maxAccessUnitSize()];
            for (int f = 0; f < 3; f++) {
                for (int j = 0; j < h; j++) {
                    for (int i = 0; i < w; i++) {
                        int x = i + f * dx;
                        y[j * w + i] = (byte) (128 + 60 * Math.sin(x * 0.3) * Math.cos(j * 0.2) + rnd.nextInt(7));
                    }
                }
                for (int i = 0; i < u.length; i++) {
                    u[i] = (byte) (128 + rnd.nextInt(21) - 10);
                    v[i] = (byte) (90 + (i % 7) * 9);
                }
                int n = enc.encodeI420(y, u, v, out, 0);
                assertThat(nalTypes(out, n)).isEqualTo(accessUnit(f % 2 == 0, enc.stats().threads()));
                assertThat(enc.lastQp()).isBetween(qpMin, qpMin + 6);
                enc.reconstruction(ry, ru, rv);
                double mse = 0;
                for (int i = 0; i < y.length; i++) {
                    int d = (y[i] & 0xFF) - (ry[i] & 0xFF);
                    mse += d * d;
                }
                mse /= y.length;
                // Qstep = 0.625 * 2^(QP/6); a uniform quantiser errs by step^2/12 in MSE, allow 4x plus slack
                double qstep = 0.625 * Math.pow(2, enc.lastQp() / 6.0);
                assertThat(mse).as("luma MSE at QP %d", enc.lastQp()).isLessThan(qstep * qstep / 3 + 4);
            }
        }
    }
}
