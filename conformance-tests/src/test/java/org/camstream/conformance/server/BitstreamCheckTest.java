package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NAL-for-NAL rule of {@link BitstreamCheck} accepts what it documents and nothing more. */
class BitstreamCheckTest {
    private final ReferenceStream clip = ReferenceStream.of(320, 240);

    private List<NalUnit> run(int start, int frames) {
        List<NalUnit> out = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            out.addAll(clip.nalUnits((start + k) % clip.frameCount()));
        }
        return out;
    }

    @Test
    void exactRunFromAnIdrPassesIncludingTheLoopPoint() {
        assertThat(BitstreamCheck.assertReceivedEqualsSent("t", clip, run(30, 60), 60)).isEqualTo(30);
        assertThat(BitstreamCheck.assertReceivedEqualsSent("t", clip, run(60, 60), 60)).isEqualTo(60);
    }

    @Test
    void anIdrWithoutParameterSetsMustBePrecededByTheClipsOnes() {
        ReferenceStream bare = clip.withParameterSetsOnlyInFirstAccessUnit();
        List<NalUnit> withPair = new ArrayList<>(clip.parameterSets());
        for (int k = 0; k < 10; k++) {
            withPair.addAll(bare.nalUnits(30 + k));
        }
        assertThat(BitstreamCheck.assertReceivedEqualsSent("t", bare, withPair, 10)).isEqualTo(30);
        List<NalUnit> withoutPair = withPair.subList(2, withPair.size());
        assertThatThrownBy(() -> BitstreamCheck.assertReceivedEqualsSent("t", bare, withoutPair, 10))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void anythingElseFails() {
        List<NalUnit> dropped = run(30, 10);
        dropped.remove(5);
        List<NalUnit> extraSei = run(30, 10);
        extraSei.add(4, clip.nalUnits(0).get(2)); // x264's SEI, in the middle
        List<NalUnit> reordered = run(30, 10);
        reordered.add(4, reordered.remove(5));
        List<NalUnit> truncated = run(30, 9);
        List<NalUnit> tooLong = run(30, 11);
        List<NalUnit> nonIdrStart = run(31, 10);
        List<NalUnit> extraPair = run(30, 10); // AU 30 has its own SPS+PPS: nothing may precede
        extraPair.addAll(0, clip.parameterSets());
        List<NalUnit> altered = run(30, 10);
        byte[] b = altered.get(4).bytes();
        b[b.length - 1] ^= 1;
        altered.set(4, new NalUnit(b));

        for (List<NalUnit> bad : List.of(dropped, extraSei, reordered, truncated, tooLong,
                nonIdrStart, extraPair, altered)) {
            assertThatThrownBy(() -> BitstreamCheck.assertReceivedEqualsSent("t", clip, bad, 10))
                    .isInstanceOf(AssertionError.class);
        }
    }
}
