package org.camstream.rtsp.stream;

import org.camstream.rtp.NalUnitType;

/**
 * Splits an H.264 Annex-B byte stream (H.264 §B.1: start codes, any chunking) into access units,
 * for encoders whose output is a pipe ({@code rpicam-vid -o -}, {@code ffmpeg -f h264 -}).
 *
 * <p>Boundaries per H.264 §7.4.1.2.3: after the last VCL NAL unit of a picture, the first of an
 * access unit delimiter (9), SPS (7), PPS (8), SEI (6), types 14..18, or the first VCL NAL unit of a
 * new primary picture starts the next access unit; a new picture is a slice with
 * {@code first_mb_in_slice == 0} (§7.4.1.2.4 for streams without arbitrary slice order). After an
 * end of sequence/stream (10, 11) the next NAL unit starts one. AUD/SEI/filler stay in their access
 * unit. An access unit is handed on once the first bytes of the next one are seen.
 *
 * <p>Bad input, counted by the sink, never handed on: bytes before the first start code; an access
 * unit longer than the limit (skipped up to the next boundary); an access unit with a damaged NAL unit
 * (forbidden_zero_bit set, type 0, unreadable slice header); the unfinished access unit at the end
 * of input (it may be cut). After a dropped access unit the sink is told, so viewers wait for the
 * next IDR instead of decoding pictures whose references are missing.
 *
 * <p>Memory: one buffer of the limit, allocated once. Thread: one reader at a time.
 */
public final class AccessUnitSplitter {
    /** Where access units and drops go. */
    public interface Sink {
        /** One access unit, Annex-B, {@code data[0, length)}; the buffer is reused after the call. */
        void accessUnit(byte[] data, int length);

        /** An access unit (or bytes) could not be used; {@code oversize} for the length limit. */
        void dropped(String why, boolean oversize);
    }

    /** Header byte plus enough slice header bits to read first_mb_in_slice and slice_type of most slices. */
    private static final int DECIDE_BYTES = 9;

    private final byte[] buf;
    private final Sink sink;
    private final SliceHeader slice = new SliceHeader();
    private int length;
    private int zeros;
    /** Start code of the NAL unit being read, and its first payload byte; -1 before the first start code. */
    private int nalStart = -1;
    private int nalPayload = -1;
    private boolean decided = true;
    private boolean auHasVcl;
    private boolean auEnded;
    private boolean damaged;
    /** Skipping the rest of an oversize access unit. */
    private boolean skipping;
    private long garbageBytes;

    public AccessUnitSplitter(int maxAccessUnitLength, Sink sink) {
        if (maxAccessUnitLength < 64) throw new IllegalArgumentException("limit too small: " + maxAccessUnitLength);
        this.buf = new byte[maxAccessUnitLength + 4];
        this.sink = sink;
    }

    /** Feeds {@code data[off, off+len)}. */
    public void push(byte[] data, int off, int len) {
        for (int i = off; i < off + len; i++) push(data[i]);
    }

    private void push(byte b) {
        if (length == buf.length) overflow();
        buf[length++] = b;
        if (b == 1 && zeros >= 2) {
            startCode(Math.min(zeros, 3));
            zeros = 0;
            return;
        }
        zeros = b == 0 ? zeros + 1 : 0;
        if (!decided && length - nalPayload >= DECIDE_BYTES) decide(length);
    }

    /** A start code of {@code 1 + zeroCount} bytes ends at the byte just stored. */
    private void startCode(int zeroCount) {
        int start = length - 1 - zeroCount;
        if (nalStart < 0) {
            garbageBytes += start;
            if (start > 0) sink.dropped(start + " bytes before the first start code", false);
            System.arraycopy(buf, start, buf, 0, length - start);
            length -= start;
            start = 0;
        } else if (!decided) {
            int startCodeLength = length - start;
            decide(start); // a NAL unit shorter than the decision window; may move the bytes
            start = length - startCodeLength;
        }
        nalStart = start;
        nalPayload = length;
        decided = false;
    }

    /** Decides whether the NAL unit being read (its bytes so far end at {@code nalEnd}) starts a new access unit (§7.4.1.2.3). */
    private void decide(int nalEnd) {
        decided = true;
        int header = buf[nalPayload] & 0xFF;
        int type = header & 0x1F;
        boolean vcl = type == NalUnitType.NON_IDR_SLICE || type == NalUnitType.IDR_SLICE;
        boolean bad = (header & 0x80) != 0 || type == 0;
        boolean newPicture = false;
        if (vcl && !bad) {
            boolean readable = slice.read(buf, nalPayload, nalEnd);
            if (readable || slice.firstMbInSlice() == 0) {
                newPicture = slice.firstMbInSlice() == 0;
            } else {
                bad = true; // eight bytes hold both fields of any valid slice header: damaged
            }
        }
        // A damaged NAL unit is taken as a boundary, so the damage is dropped with as little around it as can be.
        boolean starts = auEnded || auHasVcl && (bad || (vcl ? newPicture : startsAccessUnit(type)));
        if (starts) {
            finishAccessUnit(nalStart);
        } else if (skipping) {
            // Still inside the oversize access unit: forget this NAL unit's bytes too (not a start code after it).
            dropBytesBefore(nalEnd);
            return;
        }
        if (bad) damaged = true;
        if (vcl || bad) auHasVcl = true;
        if (type == NalUnitType.END_OF_SEQUENCE || type == NalUnitType.END_OF_STREAM) auEnded = true;
    }

    private static boolean startsAccessUnit(int type) {
        return type == NalUnitType.ACCESS_UNIT_DELIMITER || type == NalUnitType.SPS || type == NalUnitType.PPS
                || type == NalUnitType.SEI || type >= 14 && type <= 18;
    }

    /** Hands on {@code buf[0, end)} (unless it is damaged or being skipped) and moves the rest to the front. */
    private void finishAccessUnit(int end) {
        if (skipping) {
            skipping = false;
        } else if (damaged) {
            sink.dropped("damaged NAL unit in access unit of " + end + " bytes", false);
        } else if (end > 0) {
            sink.accessUnit(buf, end);
        }
        int rest = length - end;
        System.arraycopy(buf, end, buf, 0, rest);
        length = rest;
        nalPayload -= end;
        nalStart = 0;
        auHasVcl = false;
        auEnded = false;
        damaged = false;
    }

    /** The buffer is full: garbage before any start code, or an access unit over the limit (skipped to the next boundary). */
    private void overflow() {
        if (nalStart < 0) {
            garbageBytes += length;
            sink.dropped(length + " bytes without a start code", false);
            length = 0;
            return;
        }
        if (!skipping) sink.dropped("access unit longer than " + (buf.length - 4) + " bytes", true);
        skipping = true;
        auHasVcl = true; // so the next picture or parameter set ends the skip
        if (!decided) {
            // The NAL unit being read is still short (under the decision window): keep its start so
            // its type can be read; it may begin the next access unit.
            int keep = length - nalStart;
            System.arraycopy(buf, nalStart, buf, 0, keep);
            nalPayload -= nalStart;
            nalStart = 0;
            length = keep;
            return;
        }
        dropBytesBefore(length);
    }

    /** Forgets {@code buf[0, end)}: the NAL unit being skipped, keeping what follows it. */
    private void dropBytesBefore(int end) {
        System.arraycopy(buf, end, buf, 0, length - end);
        length -= end;
        nalStart = 0;
        nalPayload = 0;
        decided = true;
    }

    /**
     * End of input: the unfinished access unit is dropped, since nothing tells whether its last NAL
     * unit was cut (a truncated picture would show as damage). Resets for a new stream.
     */
    public void end() {
        if (length > 0 && nalStart >= 0 && !skipping) sink.dropped("unfinished access unit at end of input", false);
        length = 0;
        zeros = 0;
        nalStart = -1;
        nalPayload = -1;
        decided = true;
        auHasVcl = false;
        auEnded = false;
        damaged = false;
        skipping = false;
    }

    /** Bytes thrown away before the first start code, so far. */
    public long garbageBytes() {
        return garbageBytes;
    }
}
