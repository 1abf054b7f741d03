package org.camstream.h264;

/**
 * One motion search's inputs and results, in the way of x264's {@code x264_me_t}: the block and its
 * reference, the predicted vector and lambda, the candidates, how hard to search, and what was found.
 * Each slice context owns one and refills it per block, so a search allocates nothing and takes one
 * argument instead of fifteen. Not thread-safe.
 */
final class MotionQuery {
    /** Most candidate vectors a query holds (neighbours, skip vector, earlier shapes' vectors). */
    static final int MAX_CANDIDATES = 5;

    // ---- the block
    byte[] src;
    int srcOff, srcStride;
    Picture ref;
    /** Top-left luma sample of the block in the picture, and its size (16x16, 16x8, 8x16, 8x8). */
    int px, py, width, height;

    // ---- the rate term
    /** Predicted vector (§8.4.1.3), quarter samples; lambda for cost = SAD + lambda * bits(mvd). */
    int mvpX, mvpY, lambda;

    // ---- where and how hard to look
    /** Extra start vectors, quarter samples, {x0, y0, x1, y1, ...}; {@link #candidates} of them count. */
    final int[] cand = new int[2 * MAX_CANDIDATES];
    int candidates;
    /** Hexagon steps of the full-sample stage (0: candidates and one square round only). */
    int hexIterations = 24;
    /** Sub-sample rounds: 0 full-sample, 1 half-sample, 3 quarter-sample. */
    int subRounds = 3;
    /**
     * Sub-sample positions compared on SATD (4x4 Hadamard) instead of SAD, as x264 does from subme 2: closer
     * to what the transformed residual costs, so sharper vectors on detailed content.
     */
    boolean satd;

    // ---- results
    /** The vector found, quarter samples, and its cost. */
    int mvX, mvY, cost;
    /** The full-sample vector (samples) the sub-sample stage centred on, and its cost. */
    int fullX, fullY, intCost;

    /** Sets the block: {@code w x h} luma samples at (px, py), source at src[srcOff] with srcStride. */
    MotionQuery block(byte[] src, int srcOff, int srcStride, Picture ref, int px, int py, int w, int h) {
        this.src = src;
        this.srcOff = srcOff;
        this.srcStride = srcStride;
        this.ref = ref;
        this.px = px;
        this.py = py;
        this.width = w;
        this.height = h;
        return this;
    }

    /** Sets the predicted vector and lambda. */
    MotionQuery predictor(int mvpX, int mvpY, int lambda) {
        this.mvpX = mvpX;
        this.mvpY = mvpY;
        this.lambda = lambda;
        return this;
    }

    /** Sets the effort of the next search. */
    MotionQuery effort(int hexIterations, int subRounds) {
        this.hexIterations = hexIterations;
        this.subRounds = subRounds;
        return this;
    }

    /** Sets whether sub-sample positions are compared on SATD. */
    MotionQuery satd(boolean satd) {
        this.satd = satd;
        return this;
    }

    /** Forgets the candidates. */
    MotionQuery clearCandidates() {
        candidates = 0;
        return this;
    }

    /** Adds a start vector (quarter samples); ignored once {@link #MAX_CANDIDATES} are held. */
    MotionQuery addCandidate(int x, int y) {
        if (candidates < MAX_CANDIDATES) {
            cand[2 * candidates] = x;
            cand[2 * candidates + 1] = y;
            candidates++;
        }
        return this;
    }
}
