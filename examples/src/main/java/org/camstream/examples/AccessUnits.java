package org.camstream.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camstream.rtp.AnnexBReader;

/**
 * Splits an Annex-B byte stream into access units (H.264 §7.4.1.2.3): a new access unit starts at an
 * access unit delimiter, SPS, PPS or SEI that follows a slice, or at a slice whose first_mb_in_slice
 * is 0 (its ue(v) is the single bit '1', so the first payload byte has its top bit set).
 */
final class AccessUnits {
    private AccessUnits() { }

    static List<byte[]> split(byte[] stream) {
        List<byte[]> units = new ArrayList<>();
        AnnexBReader reader = new AnnexBReader().reset(stream, 0, stream.length);
        int unitStart = -1;
        boolean sawSlice = false;
        while (reader.next()) {
            int type = reader.nalType();
            int startCode = startCodeOffset(stream, reader.nalOffset());
            boolean slice = type == 1 || type == 5;
            boolean firstSliceOfPicture = slice && reader.nalLength() > 1 && (stream[reader.nalOffset() + 1] & 0x80) != 0;
            boolean prefix = type == 6 || type == 7 || type == 8 || type == 9;
            if (unitStart >= 0 && sawSlice && (prefix || firstSliceOfPicture)) {
                units.add(Arrays.copyOfRange(stream, unitStart, startCode));
                unitStart = startCode;
                sawSlice = false;
            }
            if (unitStart < 0) unitStart = startCode;
            sawSlice |= slice;
        }
        if (unitStart >= 0) units.add(Arrays.copyOfRange(stream, unitStart, stream.length));
        return units;
    }

    /** Index of the start code (3 or 4 bytes) in front of the NAL at {@code nalOffset}. */
    private static int startCodeOffset(byte[] s, int nalOffset) {
        int p = nalOffset - 3;
        if (p > 0 && s[p - 1] == 0) p--;
        return Math.max(0, p);
    }
}
