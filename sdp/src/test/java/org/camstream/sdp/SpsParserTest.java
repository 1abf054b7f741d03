package org.camstream.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** SPS reader on hand-built parameter sets (H.264 §7.3.2.1.1, Annex E.1.1) and on garbage. */
class SpsParserTest {

    /** Parameters of a generated SPS; expectations are computed from these, not from the parser. */
    record Spec(int profile, int constraints, int level, int id, int chroma, boolean separatePlanes, boolean scaling,
            int pocType, int widthMbs, int heightUnits, boolean frameMbsOnly, int[] crop, boolean vui, long tick,
            long scale, long seed) {

        int chromaArrayType() {
            return separatePlanes ? 0 : chroma;
        }

        int expectedWidth() {
            int unitX = chromaArrayType() == 1 || chromaArrayType() == 2 ? 2 : 1; // Table 6-1 SubWidthC
            return widthMbs * 16 - unitX * (crop[0] + crop[1]);
        }

        int expectedHeight() {
            int sub = chromaArrayType() == 1 ? 2 : 1; // Table 6-1 SubHeightC
            int unitY = sub * (frameMbsOnly ? 1 : 2);
            return heightUnits * 16 * (frameMbsOnly ? 1 : 2) - unitY * (crop[2] + crop[3]);
        }

        byte[] encode() {
            Random r = new Random(seed);
            TestBitWriter w = new TestBitWriter();
            w.u(8, profile).u(8, constraints).u(8, level).ue(id);
            if (profile == 100 || profile == 110 || profile == 122 || profile == 244) {
                w.ue(chroma);
                if (chroma == 3) {
                    w.flag(separatePlanes);
                }
                w.ue(r.nextInt(3)).ue(r.nextInt(3)).flag(r.nextBoolean()).flag(scaling);
                if (scaling) {
                    for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                        boolean present = r.nextBoolean();
                        w.flag(present);
                        if (present) {
                            int size = i < 6 ? 16 : 64;
                            int last = 8;
                            int next = 8;
                            for (int j = 0; j < size && next != 0; j++) {
                                // sometimes make nextScale 0 (ends the explicit list early), else any -128..127
                                int delta = r.nextInt(40) == 0 ? (last <= 128 ? -last : 256 - last)
                                        : r.nextInt(256) - 128;
                                w.se(delta);
                                next = (last + delta + 256) % 256;
                                last = next == 0 ? last : next;
                            }
                        }
                    }
                }
            }
            w.ue(r.nextInt(13)).ue(pocType);
            if (pocType == 0) {
                w.ue(r.nextInt(13));
            } else if (pocType == 1) {
                w.flag(r.nextBoolean()).se(r.nextInt(200) - 100).se(r.nextInt(200) - 100);
                int cycle = r.nextInt(5);
                w.ue(cycle);
                for (int i = 0; i < cycle; i++) {
                    w.se(r.nextInt(2000) - 1000);
                }
            }
            w.ue(r.nextInt(17)).flag(r.nextBoolean()).ue(widthMbs - 1).ue(heightUnits - 1).flag(frameMbsOnly);
            if (!frameMbsOnly) {
                w.flag(r.nextBoolean());
            }
            w.flag(r.nextBoolean());
            boolean cropping = crop[0] + crop[1] + crop[2] + crop[3] > 0;
            w.flag(cropping);
            if (cropping) {
                w.ue(crop[0]).ue(crop[1]).ue(crop[2]).ue(crop[3]);
            }
            w.flag(vui);
            if (vui) {
                boolean ar = r.nextBoolean();
                w.flag(ar);
                if (ar) {
                    boolean ext = r.nextBoolean();
                    w.u(8, ext ? 255 : 1);
                    if (ext) {
                        w.u(16, 4).u(16, 3);
                    }
                }
                w.flag(true).flag(false); // overscan info
                w.flag(true).u(3, 5).flag(false).flag(true).u(8, 1).u(8, 1).u(8, 1); // video signal type
                w.flag(true).ue(1).ue(1); // chroma loc
                w.flag(tick > 0);
                if (tick > 0) {
                    w.u(32, tick).u(32, scale).flag(true);
                }
                w.flag(false).flag(false).flag(false).flag(false).flag(false); // HRD etc. absent
            }
            return w.nal(0x67);
        }
    }

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<Integer> profile = Arbitraries.of(66, 77, 88, 100, 110, 122, 244);
        return Arbitraries.longs().flatMap(seed -> profile.map(p -> {
            Random r = new Random(seed);
            boolean high = p >= 100;
            int chroma = high ? r.nextInt(4) : 1;
            boolean separate = chroma == 3 && r.nextBoolean();
            boolean frameMbsOnly = r.nextInt(4) != 0;
            int widthMbs = 1 + r.nextInt(120);
            int heightUnits = 1 + r.nextInt(68);
            int cat = separate ? 0 : chroma;
            int unitX = cat == 1 || cat == 2 ? 2 : 1;
            int unitY = (cat == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            int[] crop = new int[4];
            if (r.nextBoolean()) {
                int maxX = (widthMbs * 16 - 1) / unitX;
                int maxY = (heightUnits * 16 * (frameMbsOnly ? 1 : 2) - 1) / unitY;
                crop[0] = r.nextInt(Math.min(maxX, 8) + 1);
                crop[1] = r.nextInt(Math.min(maxX - crop[0], 8) + 1);
                crop[2] = r.nextInt(Math.min(maxY, 8) + 1);
                crop[3] = r.nextInt(Math.min(maxY - crop[2], 8) + 1);
            }
            long tick = r.nextBoolean() ? 1 + r.nextInt(1001) : 0;
            long scale = 1 + (r.nextLong() >>> 33);
            return new Spec(p, r.nextInt(256), 10 + r.nextInt(52), r.nextInt(32), chroma, separate,
                    high && r.nextBoolean(), r.nextInt(3), widthMbs, heightUnits, frameMbsOnly, crop,
                    r.nextBoolean(), tick, scale, seed);
        }));
    }

    @Property
    void readsBackGeneratedSps(@ForAll("specs") Spec s) {
        byte[] nal = s.encode();
        byte[] padded = new byte[nal.length + 6];
        System.arraycopy(nal, 0, padded, 3, nal.length);
        SpsInfo info = SpsParser.parse(padded, 3, nal.length);
        assertThat(info.profileIdc()).isEqualTo(s.profile());
        assertThat(info.constraintFlags()).isEqualTo(s.constraints());
        assertThat(info.levelIdc()).isEqualTo(s.level());
        assertThat(info.seqParameterSetId()).isEqualTo(s.id());
        assertThat(info.chromaFormatIdc()).isEqualTo(s.chroma());
        assertThat(info.width()).isEqualTo(s.expectedWidth());
        assertThat(info.height()).isEqualTo(s.expectedHeight());
        assertThat(info.frameMbsOnly()).isEqualTo(s.frameMbsOnly());
        double fps = s.vui() && s.tick() > 0 ? s.scale() / (2.0 * s.tick()) : 0;
        assertThat(info.fps()).isEqualTo(fps);
    }

    /**
     * Every truncation of a valid SPS either raises SpsFormatException or, where it keeps every bit the
     * parser reads, gives exactly the fields of the whole SPS: a truncated SPS must never be read as
     * different values (H.264 §7.3.2.1.1 fields are read in order, so a cut can only remove the tail).
     * Cuts inside the fixed 4-byte head (NAL header, profile, flags, level) always fail.
     */
    @Property(tries = 200)
    void truncatedSpsIsRejectedOrReadsTheSameFields(@ForAll("specs") Spec s) {
        byte[] nal = s.encode();
        SpsInfo whole = SpsParser.parse(nal, 0, nal.length);
        for (int len = 0; len < nal.length; len++) {
            SpsInfo cut;
            try {
                cut = SpsParser.parse(nal, 0, len);
            } catch (SpsFormatException expected) {
                continue;
            }
            assertThat(len).as("a cut inside the 4-byte head parsed").isGreaterThanOrEqualTo(4);
            assertThat(cut).as("cut to " + len + " of " + nal.length + " bytes").isEqualTo(whole);
        }
    }

    @Property
    void garbageThrowsOnlyTypedException(@ForAll @Size(max = 40) byte[] b, @ForAll boolean spsHeader) {
        if (spsHeader && b.length > 0) {
            b[0] = 0x67;
        }
        try {
            SpsInfo info = SpsParser.parse(b, 0, b.length);
            assertThat(info.width()).isPositive();
            assertThat(info.height()).isPositive();
        } catch (SpsFormatException expected) {
            // allowed
        }
    }

    @Test
    void emulationPreventionBytesAreRemoved() {
        // num_units_in_tick = 1 is 31 zero bits then a one: the NAL must contain 00 00 03
        TestBitWriter w = new TestBitWriter();
        w.u(8, 66).u(8, 0).u(8, 0).ue(0).ue(0).ue(0).ue(0).ue(0).flag(false);
        w.ue(0).ue(0).flag(true).flag(true).flag(false).flag(true); // 1x1 MB, VUI present
        w.flag(false).flag(false).flag(false).flag(false).flag(true).u(32, 1).u(32, 60).flag(true);
        w.flag(false).flag(false).flag(false).flag(false);
        byte[] nal = w.nal(0x67);
        assertThat(containsEscape(nal)).as("test input exercises §7.4.1").isTrue();
        SpsInfo info = SpsParser.parse(nal, 0, nal.length);
        assertThat(info.levelIdc()).isZero();
        assertThat(info.width()).isEqualTo(16);
        assertThat(info.height()).isEqualTo(16);
        assertThat(info.fps()).isEqualTo(30.0);
    }

    private static boolean containsEscape(byte[] nal) {
        for (int i = 2; i < nal.length; i++) {
            if (nal[i - 2] == 0 && nal[i - 1] == 0 && nal[i] == 3) {
                return true;
            }
        }
        return false;
    }

    @Test
    void rejectsNonSpsAndBadRanges() {
        byte[] pps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
        for (byte[] b : List.of(pps, new byte[] {(byte) 0xe7, 0x42, 0, 0x1e, (byte) 0xf4}, new byte[] {0x67, 0x42})) {
            assertThatThrownBy(() -> SpsParser.parse(b, 0, b.length)).isInstanceOf(SpsFormatException.class);
        }
        assertThatThrownBy(() -> SpsParser.parse(new byte[8], 6, 4)).isInstanceOf(SpsFormatException.class);
        assertThatThrownBy(() -> SpsParser.parse(null, 0, 0)).isInstanceOf(SpsFormatException.class);
    }

    @Test
    void rejectsCroppingThatRemovesThePicture() {
        TestBitWriter w = new TestBitWriter();
        w.u(8, 66).u(8, 0).u(8, 30).ue(0).ue(0).ue(0).ue(0).ue(1).flag(false);
        w.ue(0).ue(0).flag(true).flag(true).flag(true).ue(4).ue(4).ue(0).ue(0).flag(false); // 16 px, crop 2*8
        byte[] nal = w.nal(0x67);
        assertThatThrownBy(() -> SpsParser.parse(nal, 0, nal.length)).isInstanceOf(SpsFormatException.class);
    }

    @Test
    void rejectsOverlongExpGolomb() {
        byte[] nal = new byte[12];
        nal[0] = 0x67;
        nal[1] = 66;
        nal[3] = 30;
        Arrays.fill(nal, 4, 12, (byte) 0); // 64 leading zero bits: no ue(v) can be that long
        nal[11] = 1;
        assertThatThrownBy(() -> SpsParser.parse(nal, 0, nal.length)).isInstanceOf(SpsFormatException.class);
    }
}
