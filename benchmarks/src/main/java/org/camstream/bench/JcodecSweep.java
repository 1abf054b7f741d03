package org.camstream.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.camstream.bench.EncoderBenchmark.Point;

/**
 * The constant-QP sweep that stands in for a bitrate target JCodec does not have. Two kinds of
 * encodes: "stepped" (IDR slices at QP q - 3, P slices at q, about x264's I/P ratio) and "flat" (IDR
 * and P at q). Plan: {@link #coarse} sweeps stepped QPs 3 apart from {@link #FIRST_QP} down until the
 * rate reaches the highest rate to compare at, and up until JCodec's rate floor; {@link #refine} then
 * fills every coarse bracket around a compared rate in steps of 1, stepped and flat, so that the
 * comparison rests on near neighbours and on whichever IDR choice is better for JCodec there.
 *
 * <p>Threading: one instance per clip, used from one thread; not thread-safe.
 */
final class JcodecSweep {
    static final int FIRST_QP = 30;
    static final int COARSE_STEP = 3;
    static final int MIN_QP = 6;
    static final int MAX_QP = 51; // H.264 §7.4.3: QP_Y in 0..51 for 8-bit video
    /** IDR QP offset of the stepped encodes. */
    static final int IDR_OFFSET = -3;
    /** Raising the QP by 3 lowers the rate by less than this fraction: JCodec's floor is reached. */
    static final double FLOOR_DROP = 0.05;

    /** One encode at P-slice QP {@code qp} and IDR QP {@code idrQp}; failures come back as failed points. */
    @FunctionalInterface
    interface Encoder {
        Point encode(int qp, int idrQp);
    }

    private final Encoder encoder;
    private final TreeMap<Integer, Point> stepped = new TreeMap<>();
    private final TreeMap<Integer, Point> flat = new TreeMap<>();
    /** The QPs of the coarse sweep, whose neighbours bracket the compared rates. */
    private final List<Integer> coarseQps = new ArrayList<>();

    JcodecSweep(Encoder encoder) {
        this.encoder = encoder;
    }

    static String setting(int qp, int idrQp) {
        return "QP " + qp + "/" + idrQp;
    }

    private Point stepped(int qp) {
        return stepped.computeIfAbsent(qp, q -> encoder.encode(q, Math.max(0, q + IDR_OFFSET)));
    }

    private Point flat(int qp) {
        return flat.computeIfAbsent(qp, q -> encoder.encode(q, q));
    }

    /**
     * Stepped QPs FIRST_QP, -3, ... until the rate reaches {@code highest} (or QP {@link #MIN_QP}), and
     * FIRST_QP + 3, ... until the rate stops falling by {@link #FLOOR_DROP} (or QP {@link #MAX_QP}).
     * Stops in a direction at the first failure.
     */
    void coarse(double highest) {
        Point p = stepped(FIRST_QP);
        coarseQps.add(FIRST_QP);
        if (!p.ok()) {
            return;
        }
        for (int qp = FIRST_QP - COARSE_STEP; qp >= MIN_QP && p.ok() && p.bitrate() < highest; qp -= COARSE_STEP) {
            p = stepped(qp);
            coarseQps.add(qp);
        }
        p = stepped.get(FIRST_QP);
        for (int qp = FIRST_QP + COARSE_STEP; qp <= MAX_QP; qp += COARSE_STEP) {
            Point next = stepped(qp);
            coarseQps.add(qp);
            if (!next.ok() || next.bitrate() > (1 - FLOOR_DROP) * p.bitrate()) {
                break;
            }
            p = next;
        }
        coarseQps.sort(null);
    }

    /** The lowest rate of any successful encode so far, NaN if none. */
    double floorRate() {
        return all().stream().filter(Point::ok).mapToDouble(Point::bitrate).min().orElse(Double.NaN);
    }

    /**
     * Fills every bracket of neighbouring coarse QPs whose rates enclose {@code rate} with the QPs in
     * between (steps of 1) and encodes every QP of the bracket flat too. A rate below the floor refines
     * the bracket just above the floor (the comparison there reads JCodec at its lowest rate).
     */
    void refine(double rate) {
        if (Double.isNaN(rate)) {
            return;
        }
        List<int[]> brackets = new ArrayList<>();
        Integer floorQp = null;
        double floor = Double.POSITIVE_INFINITY;
        for (int i = 0; i < coarseQps.size(); i++) {
            Point a = stepped.get(coarseQps.get(i));
            if (a.ok() && a.bitrate() < floor) {
                floor = a.bitrate();
                floorQp = coarseQps.get(i);
            }
            if (i + 1 < coarseQps.size()) {
                Point b = stepped.get(coarseQps.get(i + 1));
                if (a.ok() && b.ok() && rate >= Math.min(a.bitrate(), b.bitrate())
                        && rate <= Math.max(a.bitrate(), b.bitrate())) {
                    brackets.add(new int[] {coarseQps.get(i), coarseQps.get(i + 1)});
                }
            }
        }
        if (brackets.isEmpty() && floorQp != null && rate < floor) {
            brackets.add(new int[] {Math.max(MIN_QP, floorQp - COARSE_STEP), floorQp});
        }
        for (int[] b : brackets) {
            for (int qp = b[0]; qp <= b[1]; qp++) {
                stepped(qp);
                flat(qp);
            }
        }
    }

    /** Stepped encodes (IDR at q - 3), by QP. */
    List<Point> steppedPoints() {
        return new ArrayList<>(stepped.values());
    }

    /** Flat encodes (IDR at q), by QP. */
    List<Point> flatPoints() {
        return new ArrayList<>(flat.values());
    }

    /** Every encode, by increasing rate (failed ones last). */
    List<Point> all() {
        List<Point> out = new ArrayList<>(stepped.values());
        out.addAll(flat.values());
        out.sort(Comparator.comparingDouble(p -> p.ok() ? p.bitrate() : Double.POSITIVE_INFINITY));
        return out;
    }
}
