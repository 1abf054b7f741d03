package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.camstream.bench.EncoderBenchmark.Point;
import org.junit.jupiter.api.Test;

/** The JCodec sweep plan, against a synthetic JCodec whose rate falls with QP down to a floor. */
class JcodecSweepTest {
    /** Rate model: 1.8 Mb/s floor plus a part that halves every 6 QP (H.264 §8.5.12: Qstep doubles per 6). */
    private static double rate(int qp, int idrQp) {
        return 1.8e6 + 40e6 * Math.pow(2, -qp / 6.0) + 0.02e6 * (qp - idrQp);
    }

    private final List<int[]> calls = new ArrayList<>();
    private final JcodecSweep sweep = new JcodecSweep((qp, idr) -> {
        calls.add(new int[] {qp, idr});
        return new Point("j", JcodecSweep.setting(qp, idr), rate(qp, idr), 60 - qp * 0.6, 60 - qp * 0.6, null);
    });

    private List<Integer> stepped() {
        return calls.stream().filter(c -> c[1] == c[0] + JcodecSweep.IDR_OFFSET).map(c -> c[0]).distinct().sorted()
                .toList();
    }

    private List<Integer> flat() {
        return calls.stream().filter(c -> c[1] == c[0]).map(c -> c[0]).distinct().sorted().toList();
    }

    @Test
    void coarseSweepReachesTheHighestRateAndTheFloorInStepsOfThree() {
        sweep.coarse(5e6);
        List<Integer> qps = stepped();
        assertThat(qps).contains(30);
        assertThat(rate(qps.get(0), qps.get(0) - 3)).isGreaterThanOrEqualTo(5e6);
        for (int i = 1; i < qps.size(); i++) {
            assertThat(qps.get(i) - qps.get(i - 1)).isEqualTo(3);
        }
        int last = qps.get(qps.size() - 1), before = qps.get(qps.size() - 2);
        // stopped because the last step lowered the rate by less than 5 %, or at QP 51
        assertThat(last == JcodecSweep.MAX_QP || last + 3 > JcodecSweep.MAX_QP
                || rate(last, last - 3) > 0.95 * rate(before, before - 3)).isTrue();
        assertThat(flat()).isEmpty();
        assertThat(calls).hasSize(qps.size()); // no QP encoded twice
    }

    /** A compared rate inside the range gets its bracket in steps of 1, with both IDR choices at each QP. */
    @Property(tries = 50)
    void refineFillsTheBracketAroundTheRate(@ForAll @DoubleRange(min = 2.1e6, max = 4.5e6) double r) {
        calls.clear();
        JcodecSweep s = new JcodecSweep((qp, idr) -> {
            calls.add(new int[] {qp, idr});
            return new Point("j", JcodecSweep.setting(qp, idr), rate(qp, idr), 40, 40, null);
        });
        s.coarse(5e6);
        s.refine(r);
        List<Integer> st = stepped();
        int below = st.stream().filter(q -> rate(q, q - 3) >= r).mapToInt(Integer::intValue).max().orElseThrow();
        int above = st.stream().filter(q -> rate(q, q - 3) <= r).mapToInt(Integer::intValue).min().orElseThrow();
        assertThat(above - below).isLessThanOrEqualTo(1); // neighbours at most one QP apart
        assertThat(flat()).containsAll(IntStream.rangeClosed(below, above).boxed().toList());
    }

    /** A rate below everything refines the bracket just above the floor QP (flat IDR can reach lower). */
    @Test
    void rateBelowTheFloorRefinesTheTopBracket() {
        sweep.coarse(5e6);
        int floorQp = stepped().get(stepped().size() - 1);
        sweep.refine(1.0e6);
        assertThat(stepped()).containsAll(IntStream.rangeClosed(floorQp - 3, floorQp).boxed().toList());
        assertThat(flat()).containsAll(IntStream.rangeClosed(floorQp - 3, floorQp).boxed().toList());
        assertThat(sweep.floorRate()).isEqualTo(rate(floorQp, floorQp));
    }
}
