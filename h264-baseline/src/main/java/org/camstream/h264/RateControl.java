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
 * scene change, gets a QP that fits its content rather than a guess from its size. The QP of the next frame is the lowest whose
 * predicted average over a GOP (one IDR at QP - {@link #IDR_QP_OFFSET}, gop - 1 P frames) fits the
 * per-frame budget minus a share of the accumulated error (a leaky bucket drained over about one
 * second). P-frame QP moves at most {@link #MAX_STEP} per frame. Not thread-safe.
 */
final class RateControl {
    static final int IDR_QP_OFFSET = 3;
    static final int MAX_STEP = 4;
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
    private double cplxP;
    private double bucket;          // bits spent minus bits budgeted so far
    private int lastPQp = -1;
    private boolean haveP;

    RateControl(EncoderConfig cfg, int pixels) {
        this.perFrame = (double) cfg.bitrate() / cfg.fps();
        this.fps = cfg.fps();
        this.gop = Math.max(1, cfg.effectiveGop());
        this.qpMin = cfg.qpMin();
        this.qpMax = cfg.qpMax();
        this.satd = pixels * 2L;                  // until the first IDR frame is measured
        this.cplxP = pixels * 0.12 * qstep(30);   // initial guess, corrected after the first P frame
    }

    static double qstep(int qp) {
        return Math.pow(2.0, qp / 6.0);
    }

    /** The source SATD ({@link PictureComplexity#intraSatd}) of the IDR frame about to be coded. */
    void intraSatd(long satd) {
        this.satd = Math.max(1, satd);
    }

    private double idrBits(int qp) {
        return bitsPerSatd * satd / Math.sqrt(qstep(qp));
    }

    /** @return the QP for the next frame, in qpMin..qpMax */
    int nextQp(boolean idr) {
        double target = perFrame - bucket / fps;           // drain the error over ~1 s
        target = Math.max(target, perFrame * 0.25);
        int n = gop;
        int chosen = qpMax;
        for (int qp = qpMin; qp <= qpMax; qp++) {
            int qpI = Math.max(qpMin, qp - IDR_QP_OFFSET);
            double avg = n == 1 ? idrBits(qpI) : (idrBits(qpI) + (n - 1) * cplxP / qstep(qp)) / n;
            if (avg <= target) {
                chosen = qp;
                break;
            }
        }
        if (!idr && haveP && lastPQp >= 0) {
            chosen = Math.max(lastPQp - MAX_STEP, Math.min(lastPQp + MAX_STEP, chosen));
        }
        if (idr) {
            chosen -= IDR_QP_OFFSET;
        }
        return Math.max(qpMin, Math.min(qpMax, chosen));
    }

    /**
     * Feeds back a frame of {@code codedBits} (which measure the picture's complexity) that took
     * {@code sentBits} of the budget (coded bits plus any filler data).
     */
    void update(boolean idr, int qp, long codedBits, long sentBits) {
        double c = codedBits * qstep(qp);
        if (idr) {
            bitsPerSatd = codedBits * Math.sqrt(qstep(qp)) / satd;
        } else {
            cplxP = haveP ? 0.6 * cplxP + 0.4 * c : c;
            haveP = true;
            lastPQp = qp;
        }
        bucket += sentBits - perFrame;
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
