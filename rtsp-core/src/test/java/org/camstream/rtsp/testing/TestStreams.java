package org.camstream.rtsp.testing;

import java.io.ByteArrayOutputStream;

/**
 * Synthetic access units with the NAL structure of a camera stream. The payload bytes are not a
 * decodable picture; the server never decodes, it only reads NAL types (H.264 Table 7-1).
 */
public final class TestStreams {
    private TestStreams() {
    }

    /** A Constrained Baseline SPS for 320x240 (profile 66, constraint_set0/1, level 1.3), as libx264 wrote it. */
    public static final byte[] SPS = hex("6742c00dda0507ec0440000003004000000f03c50aa8");
    public static final byte[] PPS = hex("68ce0fc8");

    public static byte[] idr(int payloadBytes, boolean withParameterSets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (withParameterSets) {
            nal(out, SPS);
            nal(out, PPS);
        }
        nal(out, slice(0x65, payloadBytes));
        return out.toByteArray();
    }

    public static byte[] p(int payloadBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        nal(out, slice(0x41, payloadBytes));
        return out.toByteArray();
    }

    private static byte[] slice(int header, int payloadBytes) {
        byte[] nal = new byte[1 + payloadBytes];
        nal[0] = (byte) header;
        for (int i = 1; i < nal.length; i++) nal[i] = (byte) (0x80 | (i * 7)); // never 00 00 0x: no false start codes
        return nal;
    }

    private static void nal(ByteArrayOutputStream out, byte[] nal) {
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(1);
        out.writeBytes(nal);
    }

    public static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
