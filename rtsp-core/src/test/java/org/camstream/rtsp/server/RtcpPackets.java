package org.camstream.rtsp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * RTCP packets a client sends, written byte by byte from the RFCs (not with the server's code):
 * compound packets starting with an empty RR (RFC 3550 §6.1, §6.4.2).
 */
final class RtcpPackets {
    private RtcpPackets() {
    }

    /** RR (no report blocks) + PLI: RFC 4585 §6.1 PSFB header, PT=206 FMT=1, length 2, no FCI (§6.3.1). */
    static byte[] pli(int senderSsrc, int mediaSsrc) {
        ByteBuffer b = ByteBuffer.allocate(8 + 12);
        rr(b, senderSsrc);
        b.put((byte) (0x80 | 1)).put((byte) 206).putShort((short) 2).putInt(senderSsrc).putInt(mediaSsrc);
        return b.array();
    }

    /** RR + FIR: RFC 5104 §4.3.1, PT=206 FMT=4, media source 0, one FCI entry (SSRC, seq nr, 3 reserved bytes). */
    static byte[] fir(int senderSsrc, int targetSsrc, int seq) {
        ByteBuffer b = ByteBuffer.allocate(8 + 20);
        rr(b, senderSsrc);
        b.put((byte) (0x80 | 4)).put((byte) 206).putShort((short) 4).putInt(senderSsrc).putInt(0);
        b.putInt(targetSsrc).put((byte) seq).put((byte) 0).putShort((short) 0);
        return b.array();
    }

    /** RR + BYE: RFC 3550 §6.6, PT=203, one source (the client's own SSRC). */
    static byte[] bye(int senderSsrc) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8);
        rr(b, senderSsrc);
        b.put((byte) (0x80 | 1)).put((byte) 203).putShort((short) 1).putInt(senderSsrc);
        return b.array();
    }

    private static void rr(ByteBuffer b, int senderSsrc) {
        b.put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(senderSsrc); // V=2, RC=0, PT=RR
    }

    /** Writes {@code rtcp} as an interleaved frame on {@code channel} (RFC 2326 §10.12). */
    static void interleaved(OutputStream out, int channel, byte[] rtcp) throws IOException {
        byte[] frame = new byte[4 + rtcp.length];
        frame[0] = '$';
        frame[1] = (byte) channel;
        frame[2] = (byte) (rtcp.length >> 8);
        frame[3] = (byte) rtcp.length;
        System.arraycopy(rtcp, 0, frame, 4, rtcp.length);
        out.write(frame);
        out.flush();
    }

    /** The server's SSRC for the session, from the SETUP answer's Transport (RFC 2326 §12.39 ssrc=). */
    static int ssrcOf(String transport) {
        for (String p : transport.split(";")) {
            if (p.trim().toLowerCase(java.util.Locale.ROOT).startsWith("ssrc=")) {
                return (int) Long.parseLong(p.trim().substring(5), 16);
            }
        }
        throw new AssertionError("no ssrc in " + transport);
    }
}
