package org.camstream.rtsp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;

/** H.264 §7.4.1.2.3 access-unit boundaries in a byte stream, any chunking, and what bad input does. */
class AccessUnitSplitterTest {
    static final byte[] AUD = {0x09, (byte) 0xF0};
    static final byte[] SEI = {0x06, 0x05, 0x03, (byte) 0x80, (byte) 0x81, (byte) 0x82, (byte) 0x80};
    /** A P slice with first_mb_in_slice = 5 (ue "00110"), slice_type 0: the second slice of a picture. */
    static final byte[] SECOND_SLICE = {0x41, 0x34, (byte) 0x81, (byte) 0x82, (byte) 0x83, (byte) 0x84, (byte) 0x85,
        (byte) 0x86, (byte) 0x87, (byte) 0x88};

    private final List<byte[]> units = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();
    private int oversize;

    private AccessUnitSplitter splitter(int limit) {
        return new AccessUnitSplitter(limit, new AccessUnitSplitter.Sink() {
            @Override
            public void accessUnit(byte[] data, int length) {
                units.add(Arrays.copyOf(data, length));
            }

            @Override
            public void dropped(String why, boolean over) {
                drops.add(why);
                if (over) oversize++;
            }
        });
    }

    static byte[] au(boolean fourByteStartCodes, byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            if (fourByteStartCodes) out.write(0);
            out.writeBytes(new byte[] {0, 0, 1});
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    static byte[] nal(byte[] annexB) { // the single NAL unit of TestStreams' frames
        return Arrays.copyOfRange(annexB, 4, annexB.length);
    }

    private List<byte[]> camera() {
        byte[] idr = nal(TestStreams.idr(300, false));
        byte[] p = nal(TestStreams.p(120));
        List<byte[]> aus = new ArrayList<>();
        aus.add(au(true, TestStreams.SPS, TestStreams.PPS, idr));
        aus.add(au(false, p));
        aus.add(au(true, p, SECOND_SLICE));              // two slices, one picture
        aus.add(au(true, AUD, TestStreams.SPS, TestStreams.PPS, SEI, idr)); // rpicam/x264 --aud style
        aus.add(au(false, AUD, p));
        aus.add(au(true, SEI, p, new byte[] {0x0C, (byte) 0xFF, (byte) 0xFF, (byte) 0x80})); // filler after the slice
        aus.add(au(true, p, new byte[] {0x0A}));          // end of sequence ends the unit
        aus.add(au(true, p));
        return aus;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    void splitsAtEveryBoundaryWhateverTheChunking() {
        List<byte[]> aus = camera();
        byte[] stream = concat(aus);
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            units.clear();
            drops.clear();
            AccessUnitSplitter s = splitter(4096);
            for (int p = 0; p < stream.length; ) {
                int n = Math.min(stream.length - p, round == 0 ? 1 : 1 + random.nextInt(700));
                s.push(stream, p, n);
                p += n;
            }
            assertThat(units).as("round " + round).hasSize(aus.size() - 1);
            for (int i = 0; i < units.size(); i++) assertThat(units.get(i)).as("unit " + i).isEqualTo(aus.get(i));
            s.end();
            assertThat(drops).containsExactly("unfinished access unit at end of input");
        }
    }

    @Test
    void garbageBeforeTheFirstStartCodeIsDropped() {
        List<byte[]> aus = camera();
        AccessUnitSplitter s = splitter(4096);
        byte[] garbage = new byte[10_000];
        for (int i = 0; i < garbage.length; i++) garbage[i] = (byte) (0x80 | i);
        s.push(garbage, 0, garbage.length);
        byte[] stream = concat(aus);
        s.push(stream, 0, stream.length);
        assertThat(units).hasSize(aus.size() - 1);
        assertThat(units.get(0)).isEqualTo(aus.get(0));
        assertThat(s.garbageBytes()).isEqualTo(10_000);
        assertThat(drops).isNotEmpty().allMatch(d -> d.contains("start code"));
    }

    @Test
    void oversizeAccessUnitIsSkippedToTheNextBoundary() {
        byte[] p = nal(TestStreams.p(120));
        byte[] big = nal(TestStreams.idr(3000, false));
        List<byte[]> aus = List.of(au(true, TestStreams.SPS, TestStreams.PPS, nal(TestStreams.idr(100, false))),
                au(true, p), au(true, TestStreams.SPS, TestStreams.PPS, big, new byte[] {0x0C, (byte) 0xFF, (byte) 0x80},
                        SECOND_SLICE, new byte[] {0x0C, (byte) 0x80}), au(true, p), au(true, p));
        AccessUnitSplitter s = splitter(1000);
        byte[] stream = concat(aus);
        s.push(stream, 0, stream.length);
        assertThat(oversize).isEqualTo(1);
        assertThat(units).hasSize(3);
        assertThat(units.get(0)).isEqualTo(aus.get(0));
        assertThat(units.get(1)).isEqualTo(aus.get(1));
        assertThat(units.get(2)).isEqualTo(aus.get(3));
    }

    @Test
    void damagedNalUnitDropsItsAccessUnitOnly() {
        byte[] p = nal(TestStreams.p(120));
        byte[] forbidden = p.clone();
        forbidden[0] |= (byte) 0x80;
        byte[] typeZero = {0x00, 0x11, 0x22};
        List<byte[]> aus = List.of(au(true, p), au(true, forbidden), au(true, p), au(true, p, typeZero), au(true, p),
                au(true, p));
        AccessUnitSplitter s = splitter(4096);
        byte[] stream = concat(aus);
        s.push(stream, 0, stream.length);
        // Each damaged NAL unit goes alone (a boundary before it); every good picture is kept but the unfinished last one.
        assertThat(units).hasSize(4).allMatch(u -> Arrays.equals(u, au(true, p)));
        assertThat(drops).hasSize(2).allMatch(d -> d.startsWith("damaged"));
    }

    /** Random bytes and random cuts of a good stream, in random chunks: no exception, nothing over the limit. */
    @Test
    void randomInputNeverBreaksTheSplitter() {
        Random random = new Random(5);
        byte[] good = concat(camera());
        for (int round = 0; round < 200; round++) {
            byte[] input = new byte[1 + random.nextInt(20_000)];
            for (int i = 0; i < input.length; ) {
                if (random.nextBoolean()) {
                    int from = random.nextInt(good.length);
                    int n = Math.min(input.length - i, 1 + random.nextInt(good.length - from));
                    System.arraycopy(good, from, input, i, n);
                    i += n;
                } else {
                    input[i++] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(256));
                }
            }
            units.clear();
            AccessUnitSplitter s = splitter(512 + random.nextInt(2048));
            for (int p = 0; p < input.length; ) {
                int n = Math.min(input.length - p, 1 + random.nextInt(3000));
                s.push(input, p, n);
                p += n;
            }
            s.end();
            for (byte[] u : units) {
                assertThat(u.length).isLessThanOrEqualTo(512 + 2048);
                assertThat(u[0] == 0 && u[1] == 0 && (u[2] == 1 || u[2] == 0 && u[3] == 1)).as("starts with a start code").isTrue();
            }
        }
    }

    @Test
    void sliceHeaderFields() {
        SliceHeader h = new SliceHeader();
        assertThat(h.read(SECOND_SLICE, 0, SECOND_SLICE.length)).isTrue();
        assertThat(h.firstMbInSlice()).isEqualTo(5);
        assertThat(h.sliceType()).isEqualTo(0);
        byte[] b = {0x01, (byte) 0xA8, (byte) 0x80}; // "1" first_mb 0, "010" slice_type 1 (B)
        assertThat(h.read(b, 0, b.length)).isTrue();
        assertThat(h.sliceType()).isEqualTo(SliceHeader.B);
        byte[] seven = {0x01, (byte) 0x80, 0x00, 0x00, 0x03, 0x01}; // "1", then 00000000 0000000(03 skipped)1...: ue 255? no
        assertThat(h.read(seven, 0, seven.length)).isFalse(); // slice_type out of range
        assertThat(h.read(new byte[] {0x41}, 0, 1)).isFalse();
    }
}
