package org.camstream.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camstream.rtp.TestNals.bytes;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** H.264 Annex B byte-stream splitting (B.1/B.2). */
class AnnexBReaderTest {

    /** Golden table: name, input, expected NAL units. */
    static Stream<Arguments> golden() {
        return Stream.of(
                Arguments.of("4-byte start code", bytes(0, 0, 0, 1, 0x67, 0x42), List.of(bytes(0x67, 0x42))),
                Arguments.of("3-byte start code", bytes(0, 0, 1, 0x68, 0xce), List.of(bytes(0x68, 0xce))),
                Arguments.of("mixed start codes", bytes(0, 0, 0, 1, 0x67, 1, 0, 0, 1, 0x68, 2, 0, 0, 0, 1, 0x65, 3),
                        List.of(bytes(0x67, 1), bytes(0x68, 2), bytes(0x65, 3))),
                Arguments.of("trailing_zero_8bits between NALs", bytes(0, 0, 1, 0x06, 5, 0, 0, 0, 0, 0, 1, 0x65, 9),
                        List.of(bytes(0x06, 5), bytes(0x65, 9))),
                Arguments.of("trailing zeros at end", bytes(0, 0, 1, 0x41, 7, 0, 0), List.of(bytes(0x41, 7))),
                Arguments.of("leading garbage skipped", bytes(9, 9, 0, 0, 1, 0x41, 7), List.of(bytes(0x41, 7))),
                Arguments.of("adjacent start codes: empty NAL skipped", bytes(0, 0, 1, 0, 0, 1, 0x41),
                        List.of(bytes(0x41))),
                Arguments.of("start code only", bytes(0, 0, 0, 1), List.of()),
                Arguments.of("empty input", bytes(), List.of()),
                Arguments.of("no start code: whole buffer is one NAL", bytes(0x65, 0, 0, 3, 1),
                        List.of(bytes(0x65, 0, 0, 3, 1))),
                Arguments.of("emulation prevented bytes are not start codes", bytes(0, 0, 1, 0x65, 0, 0, 3, 1, 0, 0, 3),
                        List.of(bytes(0x65, 0, 0, 3, 1, 0, 0, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void cursorMatchesGolden(String name, byte[] input, List<byte[]> expected) {
        assertThat(TestNals.read(input, 0, input.length)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void splitMatchesGolden(String name, byte[] input, List<byte[]> expected) {
        assertThat(TestNals.toArrays(AnnexBReader.split(ByteBuffer.wrap(input)))).containsExactlyElementsOf(expected);
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        assertThat(TestNals.toArrays(AnnexBReader.split(direct))).containsExactlyElementsOf(expected);
    }

    @Test
    void cursorHonoursOffsetAndLengthAndReportsType() {
        byte[] buf = bytes(0x65, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0x11, 0x65);
        AnnexBReader r = new AnnexBReader().reset(buf, 1, 10); // excludes the first and last byte
        assertThat(r.next()).isTrue();
        assertThat(r.nalOffset()).isEqualTo(4);
        assertThat(r.nalLength()).isEqualTo(2);
        assertThat(r.nalType()).isEqualTo(7);
        assertThat(r.next()).isTrue();
        assertThat(r.nalOffset()).isEqualTo(9);
        assertThat(r.nalLength()).isEqualTo(2);
        assertThat(r.nalType()).isEqualTo(8);
        assertThat(r.next()).isFalse();
        assertThat(r.next()).isFalse();
    }

    @Test
    void splitReturnsSlicesSharingTheInputWithoutMovingIt() {
        byte[] buf = bytes(0, 0, 0, 1, 0x67, 1, 0, 0, 1, 0x68, 2);
        ByteBuffer in = ByteBuffer.wrap(buf);
        List<ByteBuffer> nals = AnnexBReader.split(in);
        assertThat(in.position()).isZero();
        assertThat(in.limit()).isEqualTo(buf.length);
        buf[9] = 0x48; // visible through the slice => no copy
        assertThat(nals.get(1).get(0)).isEqualTo((byte) 0x48);
        assertThat(nals.get(1).array()).isSameAs(buf);
    }

    @Test
    void splitRespectsPositionAndLimit() {
        byte[] buf = bytes(0x41, 0, 0, 1, 0x67, 1, 0, 0, 1, 0x68, 2);
        ByteBuffer in = ByteBuffer.wrap(buf, 1, 7); // 00 00 01 67 01 00 00
        assertThat(TestNals.toArrays(AnnexBReader.split(in))).containsExactly(bytes(0x67, 1));
    }

    @Property
    void roundTripsRandomNalUnits(@ForAll("nalLists") List<byte[]> nals, @ForAll @IntRange(max = 3) int padding,
            @ForAll boolean fourByte) {
        byte[] au = build(nals, padding, fourByte);
        assertThat(TestNals.read(au, 0, au.length)).containsExactlyElementsOf(nals);
        assertThat(TestNals.toArrays(AnnexBReader.split(ByteBuffer.wrap(au)))).containsExactlyElementsOf(nals);
    }

    @Provide
    Arbitrary<List<byte[]>> nalLists() {
        Arbitrary<byte[]> nal = Combinators.combine(
                Arbitraries.integers().between(1, 23), Arbitraries.integers().between(1, 300), Arbitraries.longs())
                .as((t, size, seed) -> TestNals.nal(t, 3, size, seed));
        return nal.list().ofMaxSize(8);
    }

    /** Start codes (3 or 4 bytes) with {@code padding} trailing zero bytes after each NAL. */
    private static byte[] build(List<byte[]> nals, int padding, boolean fourByte) {
        List<Byte> out = new ArrayList<>();
        for (byte[] nal : nals) {
            if (fourByte) {
                out.add((byte) 0);
            }
            out.add((byte) 0);
            out.add((byte) 0);
            out.add((byte) 1);
            for (byte b : nal) {
                out.add(b);
            }
            for (int i = 0; i < padding; i++) {
                out.add((byte) 0);
            }
        }
        byte[] a = new byte[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }
}
