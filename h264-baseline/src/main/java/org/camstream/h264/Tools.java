package org.camstream.h264;

/**
 * The coding tools a {@link Preset} switches on: what {@link SliceEncoder} tries per macroblock. Every
 * combination writes the same Constrained Baseline syntax; only the encoder's search effort differs.
 * Immutable, one shared instance per preset.
 */
final class Tools {
    /** Intra_4x4 tried in IDR pictures / in P pictures (else Intra_16x16 only, §7.4.5 Table 7-11). */
    final boolean intra4x4Idr, intra4x4P;
    /** Intra macroblocks tried in P pictures at all (when their SATD beats the inter cost). */
    final boolean intraInP;
    /** 16x8 / 8x16 / 8x8 partitions tried where the 16x16 match is poor and uneven (Table 7-13). */
    final boolean partitions;
    /** Hexagon steps of the full-sample motion search (0: candidates and one square round only). */
    final int hexIterations;
    /** Sub-sample rounds of the motion search: 0 full-sample, 1 half-sample, 3 quarter-sample. */
    final int subRounds;
    /** P_Skip against the coded inter macroblock on J = SSD + lambda * bits. */
    final boolean rdSkip;
    /** Intra against inter on J (else on SATD alone). */
    final boolean rdIntra;
    /** Chroma residual kept only if it lowers J. */
    final boolean rdChroma;
    /**
     * Pictures whose slice QP is at least this are deblocked (disable_deblocking_filter_idc 0), others are
     * not (idc 1, §7.4.3): 0 filters every picture.
     */
    final int deblockFromQp;
    /** Lower QP (mb_qp_delta) where the content persisted in recent pictures, see {@link Persistence}. */
    final boolean temporalQp;
    /** Sub-sample positions compared on SATD instead of SAD (x264 subme >= 2), see {@link MotionQuery#satd}. */
    final boolean satdSubpel;

    Tools(boolean intra4x4Idr, boolean intra4x4P, boolean intraInP, boolean partitions, int hexIterations,
            int subRounds, boolean rdSkip, boolean rdIntra, boolean rdChroma, int deblockFromQp, boolean temporalQp,
            boolean satdSubpel) {
        this.intra4x4Idr = intra4x4Idr;
        this.intra4x4P = intra4x4P;
        this.intraInP = intraInP;
        this.partitions = partitions;
        this.hexIterations = hexIterations;
        this.subRounds = subRounds;
        this.rdSkip = rdSkip;
        this.rdIntra = rdIntra;
        this.rdChroma = rdChroma;
        this.deblockFromQp = deblockFromQp;
        this.temporalQp = temporalQp;
        this.satdSubpel = satdSubpel;
    }

    // Chosen on 320x240 testsrc2 / mandelbrot and 640x480 pan at 1 Mb/s: full-sample vectors lose little on testsrc2
    // (integer motion) but ~1 dB on mandelbrot's zoom; partitions are worth ~2.5 dB on testsrc2's edges; the RD checks
    // ~0.1-0.3 dB; a search without hexagon steps lost 5 dB on testsrc2. FASTEST keeps Intra_4x4 in IDR pictures, intra
    // in P wherever SATD prefers it, temporal QP and the deblocking filter (now from QP 22 only, see below): without
    // them it was 0.57 dB behind x264 ultrafast on 320x240 testsrc2 at equal bitrate (with them +0.04 dB, mandelbrot
    // +0.57 dB) for some 4 % of its speed (deblocking off: +20 % fps, -0.15 dB testsrc2, -0.4 dB mandelbrot). SATD for
    // the sub-sample stage (MEDIUM, QUALITY): FAST with it at 1 Mb/s gained 0.55 dB on 320x240 testsrc2, 0.06 on
    // mandelbrot, 0.04 on the 640x480 pan, for 15-25 % of its speed, which FAST, the real-time default, does not spend.
    // FAST has partitions but no RD checks: 720p mandelbrot at 3 Mb/s ran at 40 fps on two loaded cores
    // (MEDIUM 17), within 0.2 dB of MEDIUM on mandelbrot / testsrc2: the default.
    // FASTEST deblocks only pictures at QP 22 and above: below it the filter barely acts (Table 8-16/8-17:
    // alpha <= 8, tC0 <= 1 up to indexA 21) but its bS pass still runs on every macroblock. 320x240
    // testsrc2 at 1 Mb/s (QP 10-21): +19 % fps for -0.09 dB (filter off everywhere: +27 %, but mandelbrot
    // lost 0.3 dB at 320x240 and the 1280x720 pan 2.4 dB at 1 Mb/s; from QP 22 on: -0.06, from 26 on: -0.35).
    private static final int FASTEST_DEBLOCK_QP = 22;
    private static final Tools FASTEST = new Tools(true, false, true, false, 16, 0, false, false, false,
            FASTEST_DEBLOCK_QP, true, false);
    private static final Tools FAST = new Tools(true, false, true, true, 16, 3, false, false, false, 0, true,
            false);
    private static final Tools MEDIUM = new Tools(true, true, true, true, 16, 3, true, true, false, 0, true,
            true);
    private static final Tools QUALITY = new Tools(true, true, true, true, 24, 3, true, true, true, 0, true,
            true);

    /** @return the tools of a preset (see its documentation) */
    static Tools of(Preset preset) {
        switch (preset) {
            case FASTEST:
                return FASTEST;
            case FAST:
                return FAST;
            case MEDIUM:
                return MEDIUM;
            default:
                return QUALITY;
        }
    }
}
