package org.camstream.sdp;

import java.util.Objects;

/**
 * The fields of an H.264 sequence parameter set that a streaming server needs (H.264 §7.4.2.1.1).
 * Immutable and thread-safe.
 */
public final class SpsInfo {
    private final int profileIdc;
    private final int constraintFlags;
    private final int levelIdc;
    private final int seqParameterSetId;
    private final int chromaFormatIdc;
    private final int width;
    private final int height;
    private final boolean frameMbsOnly;
    private final double fps;

    public SpsInfo(int profileIdc, int constraintFlags, int levelIdc, int seqParameterSetId, int chromaFormatIdc,
            int width, int height, boolean frameMbsOnly, double fps) {
        this.profileIdc = profileIdc;
        this.constraintFlags = constraintFlags;
        this.levelIdc = levelIdc;
        this.seqParameterSetId = seqParameterSetId;
        this.chromaFormatIdc = chromaFormatIdc;
        this.width = width;
        this.height = height;
        this.frameMbsOnly = frameMbsOnly;
        this.fps = fps;
    }

    /** profile_idc (66 Baseline, 77 Main, 100 High, ...). */
    public int profileIdc() {
        return profileIdc;
    }

    /** The byte holding constraint_set0..5_flag and reserved_zero_2bits. */
    public int constraintFlags() {
        return constraintFlags;
    }

    /** level_idc (level × 10, e.g. 31 for 3.1). */
    public int levelIdc() {
        return levelIdc;
    }

    /** seq_parameter_set_id, 0..31. */
    public int seqParameterSetId() {
        return seqParameterSetId;
    }

    /** chroma_format_idc (1 = 4:2:0, inferred when absent). */
    public int chromaFormatIdc() {
        return chromaFormatIdc;
    }

    /** Displayed width in luma samples, after frame cropping (§7.4.2.1.1 CropUnitX). */
    public int width() {
        return width;
    }

    /** Displayed height in luma samples, after frame cropping (CropUnitY). */
    public int height() {
        return height;
    }

    /** frame_mbs_only_flag (false: the stream may code fields). */
    public boolean frameMbsOnly() {
        return frameMbsOnly;
    }

    /**
     * Frames per second from VUI timing, time_scale / (2 × num_units_in_tick) (Annex E.2.1), or 0 if the
     * SPS carries no timing information.
     */
    public double fps() {
        return fps;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SpsInfo)) {
            return false;
        }
        SpsInfo s = (SpsInfo) o;
        return profileIdc == s.profileIdc && constraintFlags == s.constraintFlags && levelIdc == s.levelIdc
                && seqParameterSetId == s.seqParameterSetId && chromaFormatIdc == s.chromaFormatIdc
                && width == s.width && height == s.height && frameMbsOnly == s.frameMbsOnly
                && Double.compare(fps, s.fps) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(profileIdc, constraintFlags, levelIdc, seqParameterSetId, chromaFormatIdc, width, height,
                frameMbsOnly, fps);
    }

    @Override
    public String toString() {
        return "SpsInfo[profileIdc=" + profileIdc + ", constraintFlags=" + constraintFlags + ", levelIdc=" + levelIdc
                + ", seqParameterSetId=" + seqParameterSetId + ", chromaFormatIdc=" + chromaFormatIdc
                + ", width=" + width + ", height=" + height + ", frameMbsOnly=" + frameMbsOnly + ", fps=" + fps + "]";
    }
}
