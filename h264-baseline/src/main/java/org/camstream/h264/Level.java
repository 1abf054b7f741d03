package org.camstream.h264;

/**
 * Chooses level_idc from picture size, frame rate and bitrate per H.264 Annex A, Table A-1.
 *
 * <p>The lowest level is chosen whose MaxMBPS, MaxFS and MaxDpbMbs (with one reference frame,
 * max_dec_frame_buffering = 1) admit the stream, whose frame width and height in macroblocks
 * satisfy {@code <= sqrt(8 * MaxFS)} (A.3.1 items f, g) and whose MaxBR (times cpbBrNalFactor
 * 1200 for Baseline, Table A-2) admits the target bitrate. Level 1b is never chosen. Stateless.
 */
final class Level {
    // H.264 Table A-1: level_idc, MaxMBPS, MaxFS, MaxDpbMbs, MaxBR (1000 b/s units)
    private static final int[][] TABLE = {
        {10, 1_485, 99, 396, 64},
        {11, 3_000, 396, 900, 192},
        {12, 6_000, 396, 2_376, 384},
        {13, 11_880, 396, 2_376, 768},
        {20, 11_880, 396, 2_376, 2_000},
        {21, 19_800, 792, 4_752, 4_000},
        {22, 20_250, 1_620, 8_100, 4_000},
        {30, 40_500, 1_620, 8_100, 10_000},
        {31, 108_000, 3_600, 18_000, 14_000},
        {32, 216_000, 5_120, 20_480, 20_000},
        {40, 245_760, 8_192, 32_768, 20_000},
        {41, 245_760, 8_192, 32_768, 50_000},
        {42, 522_240, 8_704, 34_816, 50_000},
        {50, 589_824, 22_080, 110_400, 135_000},
        {51, 983_040, 36_864, 184_320, 240_000},
        {52, 2_073_600, 36_864, 184_320, 240_000},
    };

    private Level() {
    }

    /**
     * @return level_idc (10 = level 1, 31 = level 3.1, ...)
     * @throws IllegalArgumentException if even level 5.2 cannot carry the stream
     */
    static int choose(int mbWidth, int mbHeight, int fps, int bitrate) {
        long fs = (long) mbWidth * mbHeight;
        long mbps = fs * fps;
        for (int[] row : TABLE) {
            int maxFs = row[2];
            long maxDim = (long) Math.floor(Math.sqrt(8.0 * maxFs)); // A.3.1 f), g)
            if (mbps <= row[1] && fs <= maxFs && fs <= row[3] && mbWidth <= maxDim && mbHeight <= maxDim
                    && (long) bitrate <= row[4] * 1200L) { // Table A-2 cpbBrNalFactor (Baseline) = 1200
                return row[0];
            }
        }
        throw new IllegalArgumentException("no H.264 level (Table A-1) fits " + mbWidth * 16 + "x" + mbHeight * 16
                + " at " + fps + " fps, " + bitrate + " b/s");
    }
}
