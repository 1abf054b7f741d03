package org.camstream.h264;

/**
 * Frame-level QP choice for an average bitrate (a decision of this encoder; the standard only
 * bounds QP to 0..51, §7.4.3).
 *
 * <p>Model: a P frame costs bits ~ complexity / qstep(QP) with qstep = 2^(QP/6), the complexity updated
 * after every P frame. An IDR frame costs bits ~ k * satd / qstep(QP)^(1/2), where satd is the
 * {@link PictureComplexity#intraSatd} of its source, measured before it is coded, and k is learned from
 * the previous IDR frame (on testsrc2, mandelbrot and a detailed pan k spans 0.5-1.06 over QP 14-44, while
 * an exponent of 1 would be off by 4-6x across that range; on sensor-like noise it holds up to QP 26 and
 * then falls to 0.1-0.3, as the noise is quantised away): the first IDR frame of a stream, and one after a
 * scene change, gets a QP that fits its content rather than a guess from its size. Before the first P
 * frame is measured, a P frame is taken to cost {@link #FIRST_P_TO_IDR} of an IDR frame at the same QP.
 * The QP of the next frame is the lowest whose predicted average over a GOP (one IDR at QP -
 * {@link #IDR_QP_OFFSET}, gop - 1 P frames) fits the per-frame budget minus a share of the accumulated
 * error (a leaky bucket drained over about one second). The bucket measures each frame against its share
 * of the GOP's budget as planned at the GOP's IDR frame. P-frame QP moves at most {@link #MAX_STEP} per
 * frame (coarser without limit after a burst, see {@link #BURST}), IDR-frame QP falls at most
 * {@link #IDR_QP_STEP} from one IDR frame to the next. Not thread-safe.
 */
final class RateControl {
    static final int IDR_QP_OFFSET = 3;
    static final int MAX_STEP = 4;
    /**
     * Most an IDR frame's QP falls below the last IDR frame's: the IDR model is extrapolated from that frame,
     * and far from its QP it can be off by twice (a detailed pan: 42 kB at QP 28 predicted 72 kB at QP 19,
     * which took 123 kB and starved the GOP's P frames).
     */
    static final int IDR_QP_STEP = 4;
    /**
     * P-frame bits per IDR-frame bits at one QP, assumed for the first GOP's plan (before a P frame was
     * measured): a still or slowly moving camera scene (a detailed pan: 1/50; testsrc2 about 1/10). Too
     * high a guess starts a stream with a coarse IDR frame that its P frames then take seconds to refine.
     */
    static final double FIRST_P_TO_IDR = 0.05;
    /** k of the IDR model before the first IDR frame: the middle of what 4 clips x 6 QPs measured (0.5-1.06). */
    static final double INITIAL_BITS_PER_SATD = 0.75;

    private final double perFrame;
    private final int fps;
    private final int gop;
    private final int qpMin, qpMax;
    /** bits * qstep^(1/2) / satd of the last IDR frame (k of the model). */
    private double bitsPerSatd = INITIAL_BITS_PER_SATD;
    /** Source SATD of the next (or last) IDR frame, see {@link #intraSatd}. */
    private long satd;
    /** bits * qstep of the recent P frames (exponential average), once {@link #haveP}. */
    private double cplxP;
    private int lastIdrQp = -1;
    private double bucket;          // bits spent minus bits budgeted so far
    /**
     * Budget of an IDR and of a P frame in the current GOP: the per-frame budget split in the proportion the
     * model planned at the GOP's IDR frame, so that a GOP coded as planned leaves the bucket where it was
     * (a flat budget would count the IDR frame's planned share as overspending, and the P frames after it
     * would pay for it twice: once through the GOP average, once through the bucket).
     */
    private double budgetIdr, budgetP;
    private int lastPQp = -1;
    private long lastPBits;
    /** A P frame over this many times its budget lifts the step limit of the next one. */
    static final double BURST = 4;
    private boolean haveP;

    RateControl(EncoderConfig cfg, int pixels) {
        this.perFrame = (double) cfg.bitrate() / cfg.fps();
        this.fps = cfg.fps();
        this.gop = Math.max(1, cfg.effectiveGop());
        this.qpMin = cfg.qpMin();
        this.qpMax = cfg.qpMax();
        this.satd = pixels * 2L;                  // until the first IDR frame is measured
        this.budgetIdr = perFrame;
        this.budgetP = perFrame;
    }

    static double qstep(int qp) {
        return Math.pow(2.0, qp / 6.0);
    }

    /** The source SATD ({@link PictureComplexity#intraSatd}) of the IDR frame about to be coded. */
    void intraSatd(long satd) {
        this.satd = Math.max(1, satd);
    }

    /** Predicted bits of a P frame at {@code qp}: from the last P frames, or before the first one a share of the IDR model. */
    private double pBits(int qp) {
        return haveP ? cplxP / qstep(qp) : FIRST_P_TO_IDR * idrBits(qp);
    }

    private double idrBits(int qp) {
        return bitsPerSatd * satd / Math.sqrt(qstep(qp));
    }

    /** @return the QP for the next frame, in qpMin..qpMax */
    int nextQp(boolean idr) {
        double target = perFrame - bucket / fps;           // drain the error over ~1 s
        target = Math.max(target, perFrame * 0.25);
        int n = gop;
        // up to qpMax + IDR_QP_OFFSET, where the IDR frame too is at qpMax: a budget that P frames at qpMax
        // cannot keep must not be missed for want of a coarser IDR frame
        int chosen = qpMax + IDR_QP_OFFSET;
        for (int qp = qpMin; qp < qpMax + IDR_QP_OFFSET; qp++) {
            int qpI = Math.max(qpMin, qp - IDR_QP_OFFSET);
            double avg = n == 1 ? idrBits(qpI) : (idrBits(qpI) + (n - 1) * pBits(Math.min(qp, qpMax))) / n;
            if (avg <= target) {
                chosen = qp;
                break;
            }
        }
        if (!idr && haveP) {
            // no upper limit after a P frame far over its budget: its content changed, and stepping up
            // MAX_STEP at a time would spend a second's bits in a few frames
            int up = lastPBits > BURST * budgetP ? qpMax : lastPQp + MAX_STEP;
            chosen = Math.max(lastPQp - MAX_STEP, Math.min(up, chosen));
        } else if (!idr) {
            // the first P frame, whose cost the GOP's plan only guessed: free to go coarser if its IDR frame
            // overspent, never finer than the plan (the P QP its IDR frame was coded for). Sensor noise costs
            // some 10x the guess: 8 finer (the bound before) spent 20 frames' budget on the first P frame of
            // 640x480 noise at 1 Mb/s, and the next ones sat at QP 51 (FAST vs x264 veryfast: -0.36 -> +0.01
            // dB; sum over 24 cells +4.5 -> +5.6 dB; still content pays a few P frames 3 QP coarser)
            chosen = Math.max(chosen, lastIdrQp + IDR_QP_OFFSET);
        } else if (lastIdrQp >= 0) {
            chosen = Math.max(chosen, lastIdrQp + IDR_QP_OFFSET - IDR_QP_STEP);
        }
        if (idr) {
            planGop(chosen);
            chosen -= IDR_QP_OFFSET;
        }
        return Math.max(qpMin, Math.min(qpMax, chosen));
    }

    /** Splits the GOP's budget between its IDR frame and its P frames as the model predicts them at {@code qp}. */
    private void planGop(int qp) {
        if (gop == 1) {
            budgetIdr = perFrame;
            return;
        }
        double idr = idrBits(Math.max(qpMin, Math.min(qpMax, qp - IDR_QP_OFFSET))), p = pBits(Math.min(qp, qpMax));
        double idrShare = idr / (idr + (gop - 1) * p);
        budgetIdr = perFrame * gop * idrShare;
        budgetP = perFrame * gop * (1 - idrShare) / (gop - 1);
    }

    /**
     * Feeds back a frame of {@code codedBits} (which measure the picture's complexity) that took
     * {@code sentBits} of the budget (coded bits plus any filler data).
     */
    void update(boolean idr, int qp, long codedBits, long sentBits) {
        double c = codedBits * qstep(qp);
        if (idr) {
            bitsPerSatd = codedBits * Math.sqrt(qstep(qp)) / satd;
            lastIdrQp = qp;
        } else {
            cplxP = haveP ? 0.6 * cplxP + 0.4 * c : c;
            haveP = true;
            lastPQp = qp;
            lastPBits = codedBits;
        }
        bucket += sentBits - (idr ? budgetIdr : budgetP);
    }

    /**
     * Filler bits that would bring the budget back to zero after a frame of {@code codedBits} coded at
     * {@code qp}: positive only when the frame sat at qpMin (the rate control could not spend more on
     * quality) and the budget is under-spent; never more than two frames' share.
     */
    long fillerBits(int qp, long codedBits) {
        if (qp > qpMin) return 0;
        double deficit = perFrame - codedBits - bucket;
        return deficit <= 0 ? 0 : (long) Math.min(deficit, 2 * perFrame);
    }

    /** Upper bound of {@link #fillerBits} in bytes. */
    int maxFillerBytes() {
        return (int) Math.ceil(2 * perFrame / 8);
    }
}
