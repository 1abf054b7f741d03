package org.camstream.sdp;

/**
 * The fields of an H.264 sequence parameter set that a streaming server needs (H.264 §7.4.2.1.1).
 *
 * @param profileIdc profile_idc (66 Baseline, 77 Main, 100 High, ...)
 * @param constraintFlags the byte holding constraint_set0..5_flag and reserved_zero_2bits
 * @param levelIdc level_idc (level × 10, e.g. 31 for 3.1)
 * @param seqParameterSetId seq_parameter_set_id, 0..31
 * @param chromaFormatIdc chroma_format_idc (1 = 4:2:0, inferred when absent)
 * @param width displayed width in luma samples, after frame cropping (§7.4.2.1.1 CropUnitX)
 * @param height displayed height in luma samples, after frame cropping (CropUnitY)
 * @param frameMbsOnly frame_mbs_only_flag (false: the stream may code fields)
 * @param fps frames per second from VUI timing, time_scale / (2 × num_units_in_tick) (Annex E.2.1), or 0
 *        if the SPS carries no timing information
 */
public record SpsInfo(int profileIdc, int constraintFlags, int levelIdc, int seqParameterSetId, int chromaFormatIdc,
        int width, int height, boolean frameMbsOnly, double fps) {
}
