package org.camstream.h264;

/**
 * Writes slice_header() (H.264 §7.3.3) of one slice of an IDR or P picture, for the
 * parameter sets of {@link ParameterSets}. Stateless.
 */
final class SliceWriter {
    private SliceWriter() {
    }

    /**
     * @param firstMb  first_mb_in_slice: address of the slice's first macroblock (raster, no FMO, §7.4.3)
     * @param frameNum frame_num (mod 2^log2_max_frame_num), 0 for IDR pictures (§7.4.3)
     * @param idrPicId idr_pic_id; consecutive IDR pictures must differ (§7.4.3)
     * @param deblock  true writes disable_deblocking_filter_idc = 0: every edge filtered, slice edges too
     *                 (so slices cost no visible seams; the encoder filters once all slices are coded),
     *                 false writes 1 (no filtering)
     */
    static void writeHeader(BitWriter bw, int firstMb, boolean idr, int frameNum, int idrPicId, int qp, boolean deblock) {
        bw.ue(firstMb);                            // first_mb_in_slice
        bw.ue(idr ? 7 : 5);                        // slice_type: 7 = I, 5 = P (all slices of the picture), Table 7-6
        bw.ue(0);                                  // pic_parameter_set_id
        bw.u(ParameterSets.LOG2_MAX_FRAME_NUM, frameNum); // frame_num
        if (idr) {
            bw.ue(idrPicId);                       // idr_pic_id
        }
        // pic_order_cnt_type 2: no POC syntax; no redundant_pic_cnt
        if (!idr) {
            bw.u1(false);                          // num_ref_idx_active_override_flag
            bw.u1(false);                          // ref_pic_list_modification_flag_l0 (§7.3.3.1)
        }
        // dec_ref_pic_marking(), §7.3.3.3 (nal_ref_idc != 0)
        if (idr) {
            bw.u1(false);                          // no_output_of_prior_pics_flag
            bw.u1(false);                          // long_term_reference_flag
        } else {
            bw.u1(false);                          // adaptive_ref_pic_marking_mode_flag: sliding window
        }
        bw.se(qp - 26);                            // slice_qp_delta (pic_init_qp = 26)
        bw.ue(deblock ? 0 : 1);                    // disable_deblocking_filter_idc
        if (deblock) {
            bw.se(0);                              // slice_alpha_c0_offset_div2
            bw.se(0);                              // slice_beta_offset_div2
        }
    }
}
