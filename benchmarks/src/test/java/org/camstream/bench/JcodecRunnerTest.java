package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.model.Size;

/**
 * JCodec 0.2.5's RateControl contract as read from the jar: the slice QP comes from startPicture,
 * and every non-zero initialQpDelta/accept value would change a macroblock's QP (accept's also makes it
 * re-encode the macroblock). ConstantQp must return the slice QPs it was given and zero deltas.
 */
class JcodecRunnerTest {

    @Property
    void constantQpGivesTheSliceQpsAndNeverADelta(@ForAll @IntRange(min = 0, max = 51) int qp,
                                                  @ForAll @IntRange(min = 0, max = 51) int idrQp,
                                                  @ForAll @IntRange(min = 0, max = 1_000_000) int bits) {
        JcodecRunner.ConstantQp rc = new JcodecRunner.ConstantQp(qp, idrQp);
        Size s = new Size(640, 480);
        for (int mb = 0; mb < 3; mb++) {
            assertThat(rc.startPicture(s, 1 << 20, SliceType.P)).isEqualTo(qp);
            assertThat(rc.startPicture(s, 1 << 20, SliceType.I)).isEqualTo(idrQp);
            assertThat(rc.initialQpDelta()).isZero();
            assertThat(rc.accept(bits)).isZero();
        }
    }

    @Property
    void qpOutsideTheH264RangeIsRejected(@ForAll @IntRange(min = 52, max = 1000) int bad) {
        assertThatThrownBy(() -> new JcodecRunner.ConstantQp(bad, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JcodecRunner.ConstantQp(30, -bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
