package org.camstream.h264;

/**
 * Speed presets of {@link H264Encoder}, fastest first: each is a fixed set of coding tools, in the way
 * x264's {@code --preset} names one (x264 {@code common/base.c}, {@code x264_param_apply_preset}). Every
 * preset writes the same Constrained Baseline syntax (Annex A.2.1.1) and is decoded bit-exactly by any
 * conforming decoder; they differ only in how hard the encoder looks for a cheap way to say a picture
 * (the standard leaves all of these decisions to the encoder).
 *
 * <p>Listed in speed order, so {@link #faster()} and {@link #slower()} step along it (the adaptive speed
 * control of {@link EncoderConfig.Builder#adaptiveSpeed(boolean)} does).
 */
public enum Preset {
    /**
     * P_Skip and P_L0_16x16 only; Intra_4x4 only in IDR pictures (P pictures: Intra_16x16 where its
     * SATD beats the inter one); a hexagon search at full-sample precision (no sub-sample refinement);
     * no rate-distortion checks (no skip / intra / chroma RD); temporal QP allocation as {@link #FAST};
     * the in-loop filter only in pictures at QP 22 and above, where it pays. Like x264's ultrafast (no
     * partitions, subme 0), which never filters. For the slowest boards and the highest frame rates.
     */
    FASTEST,
    /**
     * As {@link #FASTEST} with Intra_4x4 in IDR pictures, half- and quarter-sample refinement of the
     * vector, 16x8 / 8x16 / 8x8 partitions where the 16x16 match is poor and uneven, intra macroblocks
     * in P pictures (Intra_16x16) wherever their SATD beats the inter one (no RD checks), and temporal QP
     * allocation: up to 7 lower QP where the content stayed put in recent pictures (what the next
     * pictures will reference: x264's macroblock-tree formula without its lookahead, see Persistence).
     * The default: 1280x720 at 30 fps in real time on two cores of a desktop-class machine.
     */
    FAST,
    /**
     * As {@link #FAST} with Intra_4x4 in P pictures, the sub-sample positions compared on SATD (like
     * x264 from subme 2) and the P_Skip and intra-vs-inter decisions on J = SSD + lambda * bits (exact
     * bits from dry runs of the macroblock writer); no chroma RD. About
     * twice FAST's time on detailed content.
     */
    MEDIUM,
    /**
     * Every tool of this encoder: {@link #MEDIUM} plus the chroma residual RD check and up to 24 hexagon
     * steps (MEDIUM: 16).
     */
    QUALITY;

    /** @return the next faster preset, or this one if it is already the fastest */
    public Preset faster() {
        return this == FASTEST ? this : values()[ordinal() - 1];
    }

    /** @return the next slower preset, or this one if it is already the slowest */
    public Preset slower() {
        return this == QUALITY ? this : values()[ordinal() + 1];
    }
}
