package org.camstream.conformance.server;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side Annex-B byte stream splitter and joiner (H.264 Annex B.1/B.2), written independently of
 * the product's splitter so the two can check each other. Stateless.
 */
final class AnnexB {
    private AnnexB() {}

    /**
     * Splits a byte stream at every start code prefix 0x000001 (Annex B.2). Leading zero bytes,
     * the zero_byte of 4-byte start codes and trailing_zero_8bits are not part of any NAL unit; a
     * NAL unit never ends in 0x00 (H.264 §7.4.1: it ends with rbsp_trailing_bits or
     * cabac_zero_word 0x0000 plus emulation prevention 0x03), so trailing zeros are stripped.
     */
    static List<NalUnit> split(byte[] stream) {
        List<NalUnit> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    addTrimmed(nals, stream, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            addTrimmed(nals, stream, start, stream.length);
        }
        return nals;
    }

    private static void addTrimmed(List<NalUnit> out, byte[] stream, int from, int to) {
        int end = to;
        while (end > from && stream[end - 1] == 0) {
            end--;
        }
        if (end > from) {
            byte[] nal = new byte[end - from];
            System.arraycopy(stream, from, nal, 0, nal.length);
            out.add(new NalUnit(nal));
        }
    }

    /** Writes each NAL unit behind a 4-byte start code (zero_byte + start_code_prefix_one_3bytes). */
    static byte[] join(List<NalUnit> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (NalUnit nal : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.writeBytes(nal.bytes());
        }
        return out.toByteArray();
    }

    /**
     * Groups NAL units into access units. H.264 §7.4.1.2.3: an AUD, SPS, PPS or SEI (or types
     * 14..18) after the last VCL NAL unit of a picture starts the next access unit, and so does the
     * first VCL NAL unit of a primary coded picture — here recognised by first_mb_in_slice == 0,
     * which is exact for streams whose pictures start at macroblock 0 (all of the streams used
     * here; x264 writes one slice per picture).
     */
    static List<List<NalUnit>> accessUnits(List<NalUnit> nals) {
        List<List<NalUnit>> units = new ArrayList<>();
        List<NalUnit> current = new ArrayList<>();
        boolean seenVcl = false;
        for (NalUnit nal : nals) {
            int t = nal.type();
            boolean prefix = t == NalUnit.AUD || t == NalUnit.SPS || t == NalUnit.PPS
                    || t == NalUnit.SEI || (t >= 14 && t <= 18);
            boolean boundary = (prefix && seenVcl) || (nal.startsPicture() && seenVcl)
                    || (t == NalUnit.AUD && !current.isEmpty());
            if (boundary) {
                units.add(current);
                current = new ArrayList<>();
                seenVcl = false;
            }
            current.add(nal);
            seenVcl |= nal.isVcl();
        }
        if (!current.isEmpty()) {
            units.add(current);
        }
        return units;
    }
}
