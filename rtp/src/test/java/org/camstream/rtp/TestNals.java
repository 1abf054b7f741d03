package org.camstream.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds realistic NAL units and Annex-B access units for tests (content independent of the code under test). */
final class TestNals {
    private TestNals() {
    }

    /**
     * A NAL unit of about {@code size} bytes (header included) with the given type and NRI; the body is
     * random, zero-heavy and then emulation-prevented like an encoder's output (H.264 §7.4.1), and it
     * never ends in 0x00.
     */
    static byte[] nal(int type, int nri, int size, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + size / 64 + 2);
        out.write((nri << 5) | type);
        int zeros = 0;
        for (int i = 1; i < size; i++) {
            int b = r.nextInt(4) == 0 ? 0 : r.nextInt(256);
            if (zeros >= 2 && b <= 3) {
                out.write(3); // emulation_prevention_three_byte
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        byte[] nal = out.toByteArray();
        if (nal.length > 1 && nal[nal.length - 1] == 0) {
            nal[nal.length - 1] = (byte) 0x80; // rbsp_stop_one_bit
        }
        return nal;
    }

    /** Concatenates NAL units with 4-byte start codes for the first and 3-byte ones after. */
    static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (byte[] nal : nals) {
            if (first) {
                out.write(0);
            }
            out.write(0);
            out.write(0);
            out.write(1);
            out.writeBytes(nal);
            first = false;
        }
        return out.toByteArray();
    }

    static List<byte[]> toArrays(List<java.nio.ByteBuffer> bufs) {
        List<byte[]> out = new ArrayList<>();
        for (java.nio.ByteBuffer b : bufs) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.add(a);
        }
        return out;
    }

    /** All NAL units the cursor yields, copied out. */
    static List<byte[]> read(byte[] buf, int off, int len) {
        AnnexBReader r = new AnnexBReader().reset(buf, off, len);
        List<byte[]> out = new ArrayList<>();
        while (r.next()) {
            byte[] a = new byte[r.nalLength()];
            System.arraycopy(buf, r.nalOffset(), a, 0, a.length);
            out.add(a);
        }
        return out;
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
