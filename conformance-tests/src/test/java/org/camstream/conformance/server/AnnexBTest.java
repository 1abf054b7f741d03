package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The test-side Annex-B splitter and access-unit rule the conformance checks rely on. */
class AnnexBTest {

    /** Annex B.2: 3- and 4-byte start codes and trailing_zero_8bits all split to the same NALs. */
    @Property
    void splitRecoversEveryNalUnit(@ForAll("nalLists") List<NalUnit> nals,
            @ForAll("startCodeShapes") List<Integer> shapes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nals.size(); i++) {
            int shape = shapes.get(i % shapes.size());
            out.write(0); // optional leading/trailing zero byte(s): shape extra zeros
            for (int z = 0; z < shape; z++) {
                out.write(0);
            }
            out.write(0);
            out.write(1);
            out.writeBytes(nals.get(i).bytes());
        }
        assertThat(AnnexB.split(out.toByteArray())).containsExactlyElementsOf(nals);
    }

    @Property
    void joinThenSplitIsIdentity(@ForAll("nalLists") List<NalUnit> nals) {
        assertThat(AnnexB.split(AnnexB.join(nals))).containsExactlyElementsOf(nals);
    }

    /** H.264 §7.4.1.2.3 as used here: AUD/SPS/PPS/SEI after a VCL NAL, or first_mb_in_slice 0. */
    @Property
    void accessUnitsAreRegroupedAsBuilt(@ForAll("accessUnitLists") List<List<NalUnit>> units) {
        List<NalUnit> flat = new ArrayList<>();
        units.forEach(flat::addAll);
        assertThat(AnnexB.accessUnits(flat)).isEqualTo(units);
    }

    @Test
    void emptyAndStartCodeFreeInputsHaveNoNalUnits() {
        assertThat(AnnexB.split(new byte[0])).isEmpty();
        assertThat(AnnexB.split(new byte[] {0, 0, 0, 0})).isEmpty();
        assertThat(AnnexB.split(new byte[] {0x65, 0x12, 0, 0, 2})).isEmpty();
    }

    @Test
    void firstMbInSliceZeroIsTheTopBitAfterTheHeader() {
        // ue(v) 0 = "1"; ue(v) 1 = "010" (H.264 §9.1)
        assertThat(new NalUnit(new byte[] {0x65, (byte) 0x88}).startsPicture()).isTrue();
        assertThat(new NalUnit(new byte[] {0x41, 0x40}).startsPicture()).isFalse();
        assertThat(new NalUnit(new byte[] {0x67, (byte) 0x80}).startsPicture()).isFalse();
    }

    @Provide
    Arbitrary<List<Integer>> startCodeShapes() {
        return Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<NalUnit>> nalLists() {
        return nal(Arbitraries.integers().between(1, 23)).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<List<NalUnit>>> accessUnitLists() {
        return accessUnit().list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<List<NalUnit>> accessUnit() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<Integer> extraSlices = Arbitraries.integers().between(0, 3);
        return Combinators.combine(flag, flag, flag, flag, extraSlices, rbsp(), rbsp())
                .as((aud, params, sei, idr, extra, body, body2) -> {
                    List<NalUnit> au = new ArrayList<>();
                    if (aud) {
                        au.add(escaped(NalUnit.AUD, body2, false));
                    }
                    if (params) {
                        au.add(escaped(NalUnit.SPS, body2, false));
                        au.add(escaped(NalUnit.PPS, body, false));
                    }
                    if (sei) {
                        au.add(escaped(NalUnit.SEI, body, false));
                    }
                    int slice = idr ? NalUnit.IDR_SLICE : NalUnit.NON_IDR_SLICE;
                    au.add(escaped(slice, body, true));
                    for (int i = 0; i < extra; i++) {
                        au.add(escaped(slice, body2, false)); // first_mb_in_slice != 0
                    }
                    return au;
                });
    }

    private static Arbitrary<NalUnit> nal(Arbitrary<Integer> types) {
        return Combinators.combine(types, rbsp(), Arbitraries.of(true, false))
                .as((t, body, first) -> escaped(t, body, first));
    }

    private static Arbitrary<byte[]> rbsp() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                .edgeCases(c -> c.add(new byte[] {0, 0, 0, 0, 1, 0, 0, 3, 0, 0}));
    }

    /**
     * Builds a NAL unit: header, a slice-header-like first bit for VCL types, the RBSP with
     * emulation prevention (H.264 §7.4.1: 0x03 after 0x0000 before a byte <= 3), and
     * rbsp_trailing_bits (0x80) so it never ends in 0x00.
     */
    private static NalUnit escaped(int type, byte[] rbsp, boolean firstMbZero) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(0x60 | type);
        if (type >= 1 && type <= 5) {
            raw.write(firstMbZero ? 0x80 : 0x40);
        }
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xff) <= 3) {
                raw.write(3);
                zeros = 0;
            }
            raw.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        raw.write(0x80);
        return new NalUnit(raw.toByteArray());
    }
}
