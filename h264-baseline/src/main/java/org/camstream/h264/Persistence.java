package org.camstream.h264;

/**
 * Temporal QP allocation without lookahead, after x264's macroblock-tree (x264 {@code encoder/slicetype.c},
 * {@code macroblock_tree_propagate}): content that the following pictures take over unchanged passes its
 * quality on, so coding it better pays several times.
 *
 * <p>x264 measures, in a lookahead, the share {@code f} of each block that the next pictures inherit and
 * lowers its QP by {@code strength * log2(1 + propagated / own)}. Without a lookahead the future is taken
 * to be like the recent past: per macroblock an exponential average {@code F} of "was P_Skip" (weight 1/4
 * per picture) stands for the share every next picture inherits, so the propagated amount is
 * {@code F + F^2 + ... + F^L} of the macroblock's own, with {@code L} the pictures that may still reference
 * it: at most {@link #HORIZON} (x264 veryfast's lookahead) and none beyond the next IDR picture, which refers
 * to nothing (§8.2.1). The reduction goes through mb_qp_delta (§7.4.5), in P and IDR pictures alike (an IDR
 * picture refreshes the background the next pictures skip over).
 *
 * <p>Measured against x264's own inherited share, 1 - inter / intra cost, taken from the FAST analysis
 * (SATDs): no better over the benchmark's 24 cells (sum of ΔY -0.3 dB; pan +0.2, mandelbrot -0.1 to -0.2),
 * so the cheaper skip history stays.
 *
 * <p>One entry per macroblock, written only by the slice that codes it; the table is rebuilt before the
 * slices run, when the picture's horizon differs from the last one's. Allocation-free.
 */
final class Persistence {
    /** Fixed-point one of the average. */
    static final int ONE = 1 << 8;
    /** Most pictures ahead that are taken to reference a macroblock (x264 veryfast: rc-lookahead 10). */
    static final int HORIZON = 10;
    /**
     * QP per doubling of the inherited information: x264's 5 * (1 - qcompress) at its default qcompress
     * 0.6 (1.0 measured 0.9 dB worse in sum over the benchmark's cells).
     */
    static final double STRENGTH = 2.0;
    /** The largest reduction: {@code STRENGTH * log2(1 + HORIZON)}, rounded. */
    static final int MAX_OFFSET = (int) Math.round(STRENGTH * Math.log(1 + HORIZON) / Math.log(2));

    private final int[] level;
    /** QP reduction per level 0..ONE for the picture being coded. */
    private final int[] offsetOfLevel = new int[ONE + 1];
    /** The horizon offsetOfLevel holds (all zero for 0). */
    private int tableHorizon;

    Persistence(int macroblocks) {
        this.level = new int[macroblocks];
    }

    /**
     * Sets the reductions of the picture about to be coded.
     *
     * @param referencingPictures pictures that may still reference this one before the next IDR picture
     */
    void beginPicture(int referencingPictures) {
        int horizon = Math.max(0, Math.min(HORIZON, referencingPictures));
        if (horizon == tableHorizon) {
            return; // most pictures of a long GOP: the table of the last one
        }
        tableHorizon = horizon;
        for (int l = 0; l <= ONE; l++) {
            double f = l / (double) ONE, power = 1, propagated = 0;
            for (int k = 0; k < horizon; k++) {
                power *= f;
                propagated += power;
            }
            offsetOfLevel[l] = (int) Math.round(STRENGTH * Math.log(1 + propagated) / Math.log(2));
        }
    }

    /** @return QP reduction for this macroblock, 0..MAX_OFFSET */
    int offset(int mbAddr) {
        return offsetOfLevel[level[mbAddr]];
    }

    /** Records whether the macroblock was P_Skip in the P picture just coded. */
    void record(int mbAddr, boolean skipped) {
        int l = level[mbAddr], d = (skipped ? ONE : 0) - l;
        level[mbAddr] = l + (d > 0 ? (d + 3) >> 2 : d >> 2); // rounded away from l: a steady input is reached
    }
}
