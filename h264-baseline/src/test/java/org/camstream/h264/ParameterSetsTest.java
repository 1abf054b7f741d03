package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SPS/PPS fields read back with the test {@link BitReader} in the order of §7.3.2.1.1, §7.3.2.2 and E.1.1. */
class ParameterSetsTest {
    @Test
    void spsSignalsConstrainedBaselineCroppingTimingAndNoReordering() {
        BitWriter bw = new BitWriter(64);
        // 330x250 -> 21x16 MBs = 336x256 coded, crop 6 right / 6 bottom luma samples = 3 / 3 crop units
        ParameterSets.writeSps(bw, 21, 16, 330, 250, 13, 25);
        BitReader r = new BitReader(bw.buffer(), bw.byteLength());
        assertThat(r.u(8)).as("profile_idc").isEqualTo(66);
        assertThat(r.u(1)).as("constraint_set0_flag").isEqualTo(1);
        assertThat(r.u(1)).as("constraint_set1_flag").isEqualTo(1);
        assertThat(r.u(6)).as("constraint_set2..5 + reserved").isZero();
        assertThat(r.u(8)).as("level_idc").isEqualTo(13);
        assertThat(r.ue()).as("sps id").isZero();
        int log2MaxFrameNum = r.ue() + 4;
        assertThat(log2MaxFrameNum).isEqualTo(ParameterSets.LOG2_MAX_FRAME_NUM);
        assertThat(r.ue()).as("pic_order_cnt_type").isEqualTo(2);
        assertThat(r.ue()).as("max_num_ref_frames").isEqualTo(1);
        assertThat(r.u(1)).as("gaps").isZero();
        assertThat(r.ue() + 1).as("width in MBs").isEqualTo(21);
        assertThat(r.ue() + 1).as("height in map units").isEqualTo(16);
        assertThat(r.u(1)).as("frame_mbs_only_flag").isEqualTo(1);
        r.u(1); // direct_8x8_inference_flag
        assertThat(r.u(1)).as("frame_cropping_flag").isEqualTo(1);
        int left = r.ue(), right = r.ue(), top = r.ue(), bottom = r.ue();
        assertThat(21 * 16 - 2 * (left + right)).as("cropped width").isEqualTo(330);
        assertThat(16 * 16 - 2 * (top + bottom)).as("cropped height").isEqualTo(250);
        assertThat(r.u(1)).as("vui_parameters_present_flag").isEqualTo(1);
        assertThat(r.u(4)).as("aspect, overscan, video signal, chroma loc").isZero();
        assertThat(r.u(1)).as("timing_info_present_flag").isEqualTo(1);
        long numUnits = ((long) r.u(16) << 16) | r.u(16);
        long timeScale = ((long) r.u(16) << 16) | r.u(16);
        assertThat(numUnits).isEqualTo(1);
        assertThat(timeScale).isEqualTo(50);
        assertThat(timeScale / (2.0 * numUnits)).as("frame rate, E.2.1").isEqualTo(25.0);
        assertThat(r.u(1)).as("fixed_frame_rate_flag").isEqualTo(1);
        assertThat(r.u(3)).as("hrd flags, pic_struct").isZero();
        assertThat(r.u(1)).as("bitstream_restriction_flag").isEqualTo(1);
        r.u(1);
        r.ue();
        r.ue();
        r.ue();
        r.ue();
        assertThat(r.ue()).as("max_num_reorder_frames").isZero();
        assertThat(r.ue()).as("max_dec_frame_buffering").isEqualTo(1);
        assertThat(r.u(1)).as("rbsp_stop_one_bit").isEqualTo(1);
        assertThat(r.bitsLeft()).isLessThan(8);
    }

    @Test
    void noCroppingWhenMultipleOf16() {
        BitWriter bw = new BitWriter(64);
        ParameterSets.writeSps(bw, 20, 15, 320, 240, 20, 30);
        BitReader r = new BitReader(bw.buffer(), bw.byteLength());
        r.u(24);
        for (int i = 0; i < 4; i++) {
            r.ue();
        }
        r.u(1);
        r.ue();
        r.ue();
        r.u(2);
        assertThat(r.u(1)).as("frame_cropping_flag").isZero();
    }

    @Test
    void ppsIsCavlcWithDeblockingControlAndOneReference() {
        BitWriter bw = new BitWriter(16);
        ParameterSets.writePps(bw);
        BitReader r = new BitReader(bw.buffer(), bw.byteLength());
        assertThat(r.ue()).isZero();            // pps id
        assertThat(r.ue()).isZero();            // sps id
        assertThat(r.u(1)).as("entropy_coding_mode_flag").isZero();
        assertThat(r.u(1)).isZero();
        assertThat(r.ue()).as("num_slice_groups_minus1").isZero();
        assertThat(r.ue()).as("num_ref_idx_l0_default_active_minus1").isZero();
        assertThat(r.ue()).isZero();
        assertThat(r.u(3)).as("weighted prediction").isZero();
        assertThat(r.se()).as("pic_init_qp_minus26").isZero();
        assertThat(r.se()).isZero();
        assertThat(r.se()).as("chroma_qp_index_offset").isZero();
        assertThat(r.u(1)).as("deblocking_filter_control_present_flag").isEqualTo(1);
        assertThat(r.u(1)).as("constrained_intra_pred_flag").isZero();
        assertThat(r.u(1)).as("redundant_pic_cnt_present_flag").isZero();
        assertThat(r.u(1)).as("rbsp_stop_one_bit").isEqualTo(1);
    }
}
