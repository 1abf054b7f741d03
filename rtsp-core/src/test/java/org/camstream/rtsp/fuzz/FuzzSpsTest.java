package org.camstream.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.camstream.sdp.SpsFormatException;
import org.camstream.sdp.SpsInfo;
import org.camstream.sdp.SpsParser;

/**
 * Mutation fuzzing of {@link SpsParser} (H.264 §7.3.2.1.1) from real encoder output. The sdp module
 * tests random bytes and truncations of generated SPSs; this target flips bits, inserts and deletes
 * bytes (including emulation-prevention patterns {@code 00 00 03}, H.264 §7.4.1) in SPSs that
 * libx264 wrote for baseline/main/high/high 4:4:4 at several sizes, so mutations land inside
 * Exp-Golomb fields, VUI and cropping rather than in the NAL header.
 *
 * <p>Invariants: only {@link SpsFormatException} escapes; a parsed SPS has sane fields; parsing is a
 * pure function of the bytes in range: the same NAL inside a larger buffer with garbage around it
 * gives the same result (or the same failure).
 */
class FuzzSpsTest {

    /**
     * SPS NAL units (header byte included, no start code) written by ffmpeg 5.1 / libx264 for testsrc2
     * at the given profile and size. Data, not code.
     */
    static final List<String> SEEDS = List.of(
            "6742c00dda0507ec0440000003004000000f03c50aa8",           // baseline 320x240 30 fps
            "6742c00dd90141fb011000000300100000030320f142a480",       // baseline 320x240 25 fps
            "6742c01fd9005005bb011000000300100000030320f1832480",     // baseline 1280x720
            "6742c00bd902c4ec0440000003004000000c83c50a92",           // baseline 176x144
            "674d400deca0a0fd80880000030008000003019078a14cb0",       // main 320x240
            "674d401feca02802dd80880000030008000003019078c18cb0",     // main 1280x720
            "6764000dacd94141fb011000000300100000030320f1429960",     // high 320x240
            "6764001facd9405005bb011000000300100000030320f1831960",   // high 1280x720
            "6764000bacd942c4ec0440000003004000000c83c50a6580",       // high 176x144
            "67f4003e919b280f0089f97011000003000100000300781f1e3d96"); // high 4:4:4 1920x1080

    record Edit(int kind, int pos, int value) {}

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(SEEDS).map(s -> HexFormat.of().parseHex(s));
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 255)).as(Edit::new).list().ofMinSize(1).ofMaxSize(4);
    }

    static byte[] apply(byte[] in, List<Edit> edits) {
        byte[] b = in;
        for (Edit e : edits) {
            int p = b.length == 0 ? 0 : 1 + e.pos() % Math.max(1, b.length - 1); // keep the NAL header mostly
            p = Math.min(p, b.length);
            switch (e.kind()) {
                case 0 -> { // bit flip
                    if (p < b.length) {
                        b = b.clone();
                        b[p] ^= (byte) (1 << (e.value() & 7));
                    }
                }
                case 1 -> b = splice(b, p, 0, new byte[] {(byte) e.value()});     // insert a byte
                case 2 -> b = splice(b, p, Math.min(1 + (e.value() & 3), b.length - p), new byte[0]); // delete
                case 3 -> b = splice(b, p, 0, new byte[] {0, 0, 3});              // emulation prevention
                default -> b = java.util.Arrays.copyOf(b, p);                      // truncate
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] o = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, o, 0, at);
        System.arraycopy(insert, 0, o, at, insert.length);
        System.arraycopy(b, at + remove, o, at + insert.length, b.length - at - remove);
        return o;
    }

    /** The outcome of one parse: the info or the failure class (messages may differ; classes may not). */
    private static Object outcome(byte[] buf, int off, int len) {
        try {
            return SpsParser.parse(buf, off, len);
        } catch (SpsFormatException e) {
            return SpsFormatException.class;
        }
    }

    @Property
    void mutatedSpsOnlyRaisesTheTypedError(@ForAll("seeds") byte[] seed, @ForAll("edits") List<Edit> edits,
                                           @ForAll byte[] garbage) {
        byte[] nal = apply(seed, edits);
        Object alone = outcome(nal, 0, nal.length);
        if (alone instanceof SpsInfo info) {
            assertThat(info.profileIdc()).isBetween(0, 255);
            assertThat(info.levelIdc()).isBetween(0, 255);
            assertThat(info.chromaFormatIdc()).isBetween(0, 3);
            assertThat(info.seqParameterSetId()).isBetween(0, 31); // §7.4.2.1.1
        }
        // The same bytes embedded at an offset with garbage on both sides: same outcome.
        int pre = garbage.length / 2;
        byte[] big = new byte[garbage.length + nal.length];
        System.arraycopy(garbage, 0, big, 0, pre);
        System.arraycopy(nal, 0, big, pre, nal.length);
        System.arraycopy(garbage, pre, big, pre + nal.length, garbage.length - pre);
        assertThat(outcome(big, pre, nal.length)).isEqualTo(alone);
    }

    /** Seeds parse unmutated: the mutations start from valid SPSs (else the fuzzing would be shallow). */
    @Property(tries = 20)
    void seedsAreValid(@ForAll("seeds") byte[] seed) {
        SpsInfo info = SpsParser.parse(seed, 0, seed.length);
        assertThat(info.profileIdc()).isIn(66, 77, 100, 244);
    }
}
