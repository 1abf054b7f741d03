package org.camstream.rtsp.stream;

/**
 * Access units in the AVCC form (ISO/IEC 14496-15 §5.3.3: each NAL unit after a 1-, 2- or 4-byte
 * big-endian length, parameter sets in the AVCDecoderConfigurationRecord, as Android's MediaCodec,
 * MP4 muxers and many hardware encoders give them) turned into Annex-B (H.264 §B.1) for the stream.
 *
 * <p>Memory: one output buffer of the stream's frame limit, allocated once. Thread-safe (callers
 * hold this object's lock while they use {@link #output()}).
 */
public final class AvccInput {
    private final byte[] out;
    private int lengthSize;

    public AvccInput(int maxFrameLength) {
        this.out = new byte[maxFrameLength];
    }

    /**
     * Reads an AVCDecoderConfigurationRecord (§5.3.3.1: version 1, profile, compatibility, level,
     * lengthSizeMinusOne, SPS and PPS lists) and returns its parameter sets as one Annex-B access unit.
     *
     * @throws IllegalArgumentException naming what is wrong with the record
     */
    public synchronized byte[] configure(byte[] record) {
        if (record.length < 7 || record[0] != 1) {
            throw new IllegalArgumentException("not an AVCDecoderConfigurationRecord (version 1, at least 7 bytes)");
        }
        int size = (record[4] & 0x03) + 1;
        if (size == 3) throw new IllegalArgumentException("lengthSizeMinusOne 2 is not allowed (§5.3.3.2)");
        java.io.ByteArrayOutputStream annexB = new java.io.ByteArrayOutputStream();
        int p = 5;
        int spsCount = record[p++] & 0x1F;
        p = copySets(record, p, spsCount, annexB, "SPS");
        if (p >= record.length) throw new IllegalArgumentException("record ends before the PPS count");
        int ppsCount = record[p++] & 0xFF;
        copySets(record, p, ppsCount, annexB, "PPS");
        if (spsCount == 0 || ppsCount == 0) throw new IllegalArgumentException("record holds no SPS or no PPS");
        lengthSize = size;
        return annexB.toByteArray();
    }

    private static int copySets(byte[] r, int p, int count, java.io.ByteArrayOutputStream annexB, String what) {
        for (int i = 0; i < count; i++) {
            if (p + 2 > r.length) throw new IllegalArgumentException("record ends inside the " + what + " list");
            int n = (r[p] & 0xFF) << 8 | r[p + 1] & 0xFF;
            p += 2;
            if (n == 0 || p + n > r.length) throw new IllegalArgumentException(what + " length " + n + " does not fit the record");
            annexB.write(0);
            annexB.write(0);
            annexB.write(0);
            annexB.write(1);
            annexB.write(r, p, n);
            p += n;
        }
        return p;
    }

    /** True once {@link #configure} succeeded. */
    public synchronized boolean configured() {
        return lengthSize != 0;
    }

    /**
     * Converts {@code au[off, off+len)} into {@link #output()}.
     *
     * @return the Annex-B length; {@code -1} when a length prefix does not match the bytes (cut or
     *     garbage input), {@code -2} when the result exceeds the frame limit
     */
    public synchronized int toAnnexB(byte[] au, int off, int len) {
        int p = off;
        int end = off + len;
        int o = 0;
        if (len == 0) return -1;
        while (p < end) {
            if (p + lengthSize > end) return -1;
            int n = 0;
            for (int i = 0; i < lengthSize; i++) n = n << 8 | au[p + i] & 0xFF;
            p += lengthSize;
            if (n <= 0 || n > end - p) return -1;
            if ((au[p] & 0x80) != 0) return -1; // forbidden_zero_bit (H.264 §7.4.1)
            if (o + 4 + n > out.length) return -2;
            out[o] = 0;
            out[o + 1] = 0;
            out[o + 2] = 0;
            out[o + 3] = 1;
            System.arraycopy(au, p, out, o + 4, n);
            o += 4 + n;
            p += n;
        }
        return o;
    }

    /** The buffer {@link #toAnnexB} wrote; read it while holding this object's lock. */
    public byte[] output() {
        return out;
    }
}
