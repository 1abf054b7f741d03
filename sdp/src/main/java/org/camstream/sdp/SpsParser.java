package org.camstream.sdp;

/**
 * Reads an H.264 sequence parameter set NAL unit (H.264 §7.3.2.1.1) far enough to know the picture
 * size, profile/level and, from VUI timing (Annex E.1.1), the frame rate. Parsing stops after
 * {@code timing_info}; later VUI fields are not needed.
 *
 * <p>Stateless and thread-safe. Any malformed, truncated or out-of-range input raises
 * {@link SpsFormatException} and nothing else.
 */
public final class SpsParser {
    /** NAL unit type of an SPS (H.264 Table 7-1). */
    static final int NAL_TYPE_SPS = 7;
    /** Extended_SAR aspect_ratio_idc (H.264 Table E-1). */
    private static final int EXTENDED_SAR = 255;
    /** Generous bound on pic_width_in_mbs / pic_height_in_map_units (level 6.2 allows up to 8192 px). */
    private static final int MAX_MBS = 4096;

    private SpsParser() {
    }

    /**
     * Parses {@code nal[off, off+len)}: one SPS NAL unit including its 1-byte header, without start
     * code, possibly containing emulation prevention bytes.
     *
     * @throws SpsFormatException if it is not a well-formed SPS
     */
    public static SpsInfo parse(byte[] nal, int off, int len) {
        if (nal == null || off < 0 || len < 0 || off > nal.length - len) {
            throw new SpsFormatException("range outside buffer");
        }
        if (len < 4) {
            throw new SpsFormatException("SPS shorter than 4 bytes");
        }
        int header = nal[off] & 0xff;
        if ((header & 0x80) != 0) {
            throw new SpsFormatException("forbidden_zero_bit set (H.264 §7.4.1)");
        }
        if ((header & 0x1f) != NAL_TYPE_SPS) {
            throw new SpsFormatException("NAL type " + (header & 0x1f) + " is not an SPS (7)");
        }
        RbspReader r = new RbspReader(nal, off, len);
        int profileIdc = r.u8();
        int constraintFlags = r.u8();
        int levelIdc = r.u8();
        int spsId = r.ue("seq_parameter_set_id", 31);

        int chromaFormatIdc = 1; // inferred 4:2:0 when not present (§7.4.2.1.1)
        boolean separateColourPlane = false;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.ue("chroma_format_idc", 3);
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.flag();
            }
            r.ue("bit_depth_luma_minus8", 6);
            r.ue("bit_depth_chroma_minus8", 6);
            r.flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) { // seq_scaling_list_present_flag[i]
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue("log2_max_frame_num_minus4", 12);
        int pocType = r.ue("pic_order_cnt_type", 2);
        if (pocType == 0) {
            r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
        } else if (pocType == 1) {
            r.flag(); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
            for (int i = 0; i < cycle; i++) {
                r.se(); // offset_for_ref_frame[i]
            }
        }
        r.ue("max_num_ref_frames", 16);
        r.flag(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue("pic_width_in_mbs_minus1", MAX_MBS - 1) + 1;
        int heightMapUnits = r.ue("pic_height_in_map_units_minus1", MAX_MBS - 1) + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.flag(); // mb_adaptive_frame_field_flag
        }
        r.flag(); // direct_8x8_inference_flag

        // §7.4.2.1.1, equations 7-18..7-21 and Table 6-1 (SubWidthC/SubHeightC)
        int frameHeightMbs = (frameMbsOnly ? 1 : 2) * heightMapUnits;
        int width = widthMbs * 16;
        int height = frameHeightMbs * 16;
        if (r.flag()) { // frame_cropping_flag
            long left = r.ue();
            long right = r.ue();
            long top = r.ue();
            long bottom = r.ue();
            int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
            int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
            int cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
            long cropX = cropUnitX * (left + right);
            long cropY = cropUnitY * (top + bottom);
            if (cropX >= width || cropY >= height) {
                throw new SpsFormatException("frame cropping leaves no picture (H.264 §7.4.2.1.1)");
            }
            width -= (int) cropX;
            height -= (int) cropY;
        }
        double fps = 0;
        if (r.flag()) { // vui_parameters_present_flag
            fps = readVuiFrameRate(r);
        }
        return new SpsInfo(profileIdc, constraintFlags, levelIdc, spsId, chromaFormatIdc, width, height,
                frameMbsOnly, fps);
    }

    /** Profiles whose SPS carries chroma_format_idc etc. (§7.3.2.1.1 condition on profile_idc). */
    private static boolean hasChromaInfo(int profileIdc) {
        switch (profileIdc) {
            case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128:
            case 138: case 139: case 134: case 135:
                return true;
            default:
                return false;
        }
    }

    /** scaling_list() syntax, §7.3.2.1.1.1: only consumes the bits. */
    private static void skipScalingList(RbspReader r, int size) {
        long lastScale = 8;
        long nextScale = 8;
        for (int j = 0; j < size; j++) {
            if (nextScale != 0) {
                long delta = r.se();
                if (delta < -128 || delta > 127) {
                    throw new SpsFormatException("delta_scale out of range -128..127 (§7.4.2.1.1.1)");
                }
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /** vui_parameters() up to timing_info (Annex E.1.1); returns the frame rate or 0. */
    private static double readVuiFrameRate(RbspReader r) {
        if (r.flag()) { // aspect_ratio_info_present_flag
            if (r.u8() == EXTENDED_SAR) {
                r.u(16); // sar_width
                r.u(16); // sar_height
            }
        }
        if (r.flag()) { // overscan_info_present_flag
            r.flag(); // overscan_appropriate_flag
        }
        if (r.flag()) { // video_signal_type_present_flag
            r.u(3); // video_format
            r.flag(); // video_full_range_flag
            if (r.flag()) { // colour_description_present_flag
                r.u(24); // colour_primaries, transfer_characteristics, matrix_coefficients
            }
        }
        if (r.flag()) { // chroma_loc_info_present_flag
            r.ue("chroma_sample_loc_type_top_field", 5);
            r.ue("chroma_sample_loc_type_bottom_field", 5);
        }
        if (!r.flag()) { // timing_info_present_flag
            return 0;
        }
        long unitsInTick = r.u(32);
        long timeScale = r.u(32);
        r.flag(); // fixed_frame_rate_flag
        if (unitsInTick == 0 || timeScale == 0) {
            return 0; // E.2.1: both shall be > 0; treat as "unknown" rather than reject the stream
        }
        return timeScale / (2.0 * unitsInTick); // E.2.1: a frame is two field ticks
    }
}
