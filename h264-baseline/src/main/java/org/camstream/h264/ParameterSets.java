package org.camstream.h264;

/**
 * Writes the sequence and picture parameter set RBSPs for the Constrained Baseline stream.
 *
 * <p>Fixed choices: seq/pic_parameter_set_id 0, log2_max_frame_num 4, pic_order_cnt_type 2 (output
 * order = decoding order, valid because every picture is a reference and there are no B slices),
 * one reference frame, frame MBs only, CAVLC, no slice groups, chroma_qp_index_offset 0,
 * deblocking_filter_control_present_flag 1. Stateless.
 */
final class ParameterSets {
    static final int LOG2_MAX_FRAME_NUM = 4;

    private ParameterSets() {
    }

    /**
     * seq_parameter_set_rbsp, H.264 §7.3.2.1.1, with VUI (Annex E.1.1).
     *
     * @param width  display width (even), cropped from the coded size if not a multiple of 16
     * @param height display height (even)
     */
    static void writeSps(BitWriter bw, int mbWidth, int mbHeight, int width, int height, int levelIdc, int fps) {
        bw.u(8, 66);               // profile_idc: Baseline (A.2.1)
        bw.u1(true);               // constraint_set0_flag: obeys A.2.1 Baseline
        bw.u1(true);               // constraint_set1_flag: obeys A.2.2 Main => Constrained Baseline (A.2.1.1)
        bw.u1(false);              // constraint_set2_flag
        bw.u1(false);              // constraint_set3_flag (would signal level 1b at level_idc 11)
        bw.u1(false);              // constraint_set4_flag
        bw.u1(false);              // constraint_set5_flag
        bw.u(2, 0);                // reserved_zero_2bits
        bw.u(8, levelIdc);         // level_idc, Table A-1
        bw.ue(0);                  // seq_parameter_set_id
        bw.ue(LOG2_MAX_FRAME_NUM - 4); // log2_max_frame_num_minus4
        bw.ue(2);                  // pic_order_cnt_type 2 (§8.2.1.3)
        bw.ue(1);                  // max_num_ref_frames
        bw.u1(false);              // gaps_in_frame_num_value_allowed_flag
        bw.ue(mbWidth - 1);        // pic_width_in_mbs_minus1
        bw.ue(mbHeight - 1);       // pic_height_in_map_units_minus1
        bw.u1(true);               // frame_mbs_only_flag
        bw.u1(true);               // direct_8x8_inference_flag
        int cropRight = (mbWidth * 16 - width) / 2;   // §7.4.2.1.1: CropUnitX = CropUnitY = 2 for 4:2:0 frames
        int cropBottom = (mbHeight * 16 - height) / 2;
        boolean crop = cropRight != 0 || cropBottom != 0;
        bw.u1(crop);               // frame_cropping_flag
        if (crop) {
            bw.ue(0);              // frame_crop_left_offset
            bw.ue(cropRight);      // frame_crop_right_offset
            bw.ue(0);              // frame_crop_top_offset
            bw.ue(cropBottom);     // frame_crop_bottom_offset
        }
        bw.u1(true);               // vui_parameters_present_flag
        writeVui(bw, fps);
        bw.trailingBits();
    }

    /** vui_parameters, Annex E.1.1. */
    private static void writeVui(BitWriter bw, int fps) {
        bw.u1(false);              // aspect_ratio_info_present_flag
        bw.u1(false);              // overscan_info_present_flag
        bw.u1(false);              // video_signal_type_present_flag (defaults: limited range, E.2.1)
        bw.u1(false);              // chroma_loc_info_present_flag
        bw.u1(true);               // timing_info_present_flag
        bw.u(32, 1);               // num_units_in_tick
        bw.u(32, 2 * fps);         // time_scale: a frame is two ticks (E.2.1, eq. E-6 with fixed rate)
        bw.u1(true);               // fixed_frame_rate_flag
        bw.u1(false);              // nal_hrd_parameters_present_flag
        bw.u1(false);              // vcl_hrd_parameters_present_flag
        bw.u1(false);              // pic_struct_present_flag
        bw.u1(true);               // bitstream_restriction_flag
        bw.u1(true);               // motion_vectors_over_pic_boundaries_flag
        bw.ue(0);                  // max_bytes_per_pic_denom (0: no limit)
        bw.ue(0);                  // max_bits_per_mb_denom (0: no limit)
        bw.ue(16);                 // log2_max_mv_length_horizontal
        bw.ue(16);                 // log2_max_mv_length_vertical
        bw.ue(0);                  // max_num_reorder_frames: output order = decoding order
        bw.ue(1);                  // max_dec_frame_buffering: decoders may output at once
    }

    /** pic_parameter_set_rbsp, H.264 §7.3.2.2. */
    static void writePps(BitWriter bw) {
        bw.ue(0);                  // pic_parameter_set_id
        bw.ue(0);                  // seq_parameter_set_id
        bw.u1(false);              // entropy_coding_mode_flag: CAVLC
        bw.u1(false);              // bottom_field_pic_order_in_frame_present_flag
        bw.ue(0);                  // num_slice_groups_minus1
        bw.ue(0);                  // num_ref_idx_l0_default_active_minus1
        bw.ue(0);                  // num_ref_idx_l1_default_active_minus1
        bw.u1(false);              // weighted_pred_flag
        bw.u(2, 0);                // weighted_bipred_idc
        bw.se(0);                  // pic_init_qp_minus26 (slice_qp_delta carries the QP)
        bw.se(0);                  // pic_init_qs_minus26
        bw.se(0);                  // chroma_qp_index_offset
        bw.u1(true);               // deblocking_filter_control_present_flag
        bw.u1(false);              // constrained_intra_pred_flag
        bw.u1(false);              // redundant_pic_cnt_present_flag
        bw.trailingBits();
    }
}
