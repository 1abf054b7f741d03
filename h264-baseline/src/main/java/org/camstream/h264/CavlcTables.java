package org.camstream.h264;

/**
 * Variable-length code tables of H.264 §9.2 (CAVLC), typed as (code, length) pairs.
 *
 * <p>Each pair is {@code code, length}: the code word is the low {@code length} bits of
 * {@code code}, written most significant bit first. Binary literals keep the spec's 4-bit grouping
 * so a row can be compared with the printed table by eye; a length of 0 marks a combination the
 * table does not contain. The whole set is checked by {@code CavlcTablesTest} (prefix-free, Kraft
 * sums) and by decoding with an independently transcribed reader in test code.
 *
 * <p>Read-only after class initialisation (the package-visible arrays must never be written);
 * safe to share between threads.
 */
final class CavlcTables {

    private CavlcTables() {
    }

    /** coeff_token table selector for 0 <= nC < 2 (H.264 Table 9-5, first column). */
    static final int NC_0 = 0;
    /** 2 <= nC < 4. */
    static final int NC_2 = 1;
    /** 4 <= nC < 8. */
    static final int NC_4 = 2;
    /** 8 <= nC: 6-bit fixed-length code. */
    static final int NC_8 = 3;
    /** nC == -1 (chroma DC, ChromaArrayType 1). */
    static final int NC_CHROMA_DC = 4;

    // H.264 Table 9-5, column 0 <= nC < 2. Row = TotalCoeff 0..16, pairs for TrailingOnes 0..3.
    private static final int[] COEFF_TOKEN_NC0 = {
        0b1, 1, 0, 0, 0, 0, 0, 0,
        0b0001_01, 6, 0b01, 2, 0, 0, 0, 0,
        0b0000_0111, 8, 0b0001_00, 6, 0b001, 3, 0, 0,
        0b0000_0011_1, 9, 0b0000_0110, 8, 0b0000_101, 7, 0b0001_1, 5,
        0b0000_0001_11, 10, 0b0000_0011_0, 9, 0b0000_0101, 8, 0b0000_11, 6,
        0b0000_0000_111, 11, 0b0000_0001_10, 10, 0b0000_0010_1, 9, 0b0000_100, 7,
        0b0000_0000_0111_1, 13, 0b0000_0000_110, 11, 0b0000_0001_01, 10, 0b0000_0100, 8,
        0b0000_0000_0101_1, 13, 0b0000_0000_0111_0, 13, 0b0000_0000_101, 11, 0b0000_0010_0, 9,
        0b0000_0000_0100_0, 13, 0b0000_0000_0101_0, 13, 0b0000_0000_0110_1, 13, 0b0000_0001_00, 10,
        0b0000_0000_0011_11, 14, 0b0000_0000_0011_10, 14, 0b0000_0000_0100_1, 13, 0b0000_0000_100, 11,
        0b0000_0000_0010_11, 14, 0b0000_0000_0010_10, 14, 0b0000_0000_0011_01, 14, 0b0000_0000_0110_0, 13,
        0b0000_0000_0001_111, 15, 0b0000_0000_0001_110, 15, 0b0000_0000_0010_01, 14, 0b0000_0000_0011_00, 14,
        0b0000_0000_0001_011, 15, 0b0000_0000_0001_010, 15, 0b0000_0000_0001_101, 15, 0b0000_0000_0010_00, 14,
        0b0000_0000_0000_1111, 16, 0b0000_0000_0000_001, 15, 0b0000_0000_0001_001, 15, 0b0000_0000_0001_100, 15,
        0b0000_0000_0000_1011, 16, 0b0000_0000_0000_1110, 16, 0b0000_0000_0000_1101, 16, 0b0000_0000_0001_000, 15,
        0b0000_0000_0000_0111, 16, 0b0000_0000_0000_1010, 16, 0b0000_0000_0000_1001, 16, 0b0000_0000_0000_1100, 16,
        0b0000_0000_0000_0100, 16, 0b0000_0000_0000_0110, 16, 0b0000_0000_0000_0101, 16, 0b0000_0000_0000_1000, 16,
    };

    // H.264 Table 9-5, column 2 <= nC < 4.
    private static final int[] COEFF_TOKEN_NC2 = {
        0b11, 2, 0, 0, 0, 0, 0, 0,
        0b0010_11, 6, 0b10, 2, 0, 0, 0, 0,
        0b0001_11, 6, 0b0011_1, 5, 0b011, 3, 0, 0,
        0b0000_111, 7, 0b0010_10, 6, 0b0010_01, 6, 0b0101, 4,
        0b0000_0111, 8, 0b0001_10, 6, 0b0001_01, 6, 0b0100, 4,
        0b0000_0100, 8, 0b0000_110, 7, 0b0000_101, 7, 0b0011_0, 5,
        0b0000_0011_1, 9, 0b0000_0110, 8, 0b0000_0101, 8, 0b0010_00, 6,
        0b0000_0001_111, 11, 0b0000_0011_0, 9, 0b0000_0010_1, 9, 0b0001_00, 6,
        0b0000_0001_011, 11, 0b0000_0001_110, 11, 0b0000_0001_101, 11, 0b0000_100, 7,
        0b0000_0000_1111, 12, 0b0000_0001_010, 11, 0b0000_0001_001, 11, 0b0000_0010_0, 9,
        0b0000_0000_1011, 12, 0b0000_0000_1110, 12, 0b0000_0000_1101, 12, 0b0000_0001_100, 11,
        0b0000_0000_1000, 12, 0b0000_0000_1010, 12, 0b0000_0000_1001, 12, 0b0000_0001_000, 11,
        0b0000_0000_0111_1, 13, 0b0000_0000_0111_0, 13, 0b0000_0000_0110_1, 13, 0b0000_0000_1100, 12,
        0b0000_0000_0101_1, 13, 0b0000_0000_0101_0, 13, 0b0000_0000_0100_1, 13, 0b0000_0000_0110_0, 13,
        0b0000_0000_0011_1, 13, 0b0000_0000_0010_11, 14, 0b0000_0000_0011_0, 13, 0b0000_0000_0100_0, 13,
        0b0000_0000_0010_01, 14, 0b0000_0000_0010_00, 14, 0b0000_0000_0010_10, 14, 0b0000_0000_0000_1, 13,
        0b0000_0000_0001_11, 14, 0b0000_0000_0001_10, 14, 0b0000_0000_0001_01, 14, 0b0000_0000_0001_00, 14,
    };

    // H.264 Table 9-5, column 4 <= nC < 8.
    private static final int[] COEFF_TOKEN_NC4 = {
        0b1111, 4, 0, 0, 0, 0, 0, 0,
        0b0011_11, 6, 0b1110, 4, 0, 0, 0, 0,
        0b0010_11, 6, 0b0111_1, 5, 0b1101, 4, 0, 0,
        0b0010_00, 6, 0b0110_0, 5, 0b0111_0, 5, 0b1100, 4,
        0b0001_111, 7, 0b0101_0, 5, 0b0101_1, 5, 0b1011, 4,
        0b0001_011, 7, 0b0100_0, 5, 0b0100_1, 5, 0b1010, 4,
        0b0001_001, 7, 0b0011_10, 6, 0b0011_01, 6, 0b1001, 4,
        0b0001_000, 7, 0b0010_10, 6, 0b0010_01, 6, 0b1000, 4,
        0b0000_1111, 8, 0b0001_110, 7, 0b0001_101, 7, 0b0110_1, 5,
        0b0000_1011, 8, 0b0000_1110, 8, 0b0001_010, 7, 0b0011_00, 6,
        0b0000_0111_1, 9, 0b0000_1010, 8, 0b0000_1101, 8, 0b0001_100, 7,
        0b0000_0101_1, 9, 0b0000_0111_0, 9, 0b0000_1001, 8, 0b0000_1100, 8,
        0b0000_0100_0, 9, 0b0000_0101_0, 9, 0b0000_0110_1, 9, 0b0000_1000, 8,
        0b0000_0011_01, 10, 0b0000_0011_1, 9, 0b0000_0100_1, 9, 0b0000_0110_0, 9,
        0b0000_0010_01, 10, 0b0000_0011_00, 10, 0b0000_0010_11, 10, 0b0000_0010_10, 10,
        0b0000_0001_01, 10, 0b0000_0010_00, 10, 0b0000_0001_11, 10, 0b0000_0001_10, 10,
        0b0000_0000_01, 10, 0b0000_0001_00, 10, 0b0000_0000_11, 10, 0b0000_0000_10, 10,
    };

    // H.264 Table 9-5, column nC == -1 (ChromaArrayType 1): TotalCoeff 0..4.
    private static final int[] COEFF_TOKEN_CHROMA_DC = {
        0b01, 2, 0, 0, 0, 0, 0, 0,
        0b0001_11, 6, 0b1, 1, 0, 0, 0, 0,
        0b0001_00, 6, 0b0001_10, 6, 0b001, 3, 0, 0,
        0b0000_11, 6, 0b0000_011, 7, 0b0000_010, 7, 0b0001_01, 6,
        0b0000_10, 6, 0b0000_0011, 8, 0b0000_0010, 8, 0b0000_000, 7,
    };

    /** [table][TotalCoeff * 4 + TrailingOnes] -> code word bits (low {@link #COEFF_TOKEN_LEN} bits). */
    static final int[][] COEFF_TOKEN_CODE = new int[5][];
    /** [table][TotalCoeff * 4 + TrailingOnes] -> length; 0 where the combination does not exist. */
    static final int[][] COEFF_TOKEN_LEN = new int[5][];

    // H.264 Tables 9-7 and 9-8: total_zeros for 4x4 blocks. Row = tzVlcIndex (= TotalCoeff) 1..15,
    // pairs for total_zeros 0 .. 16 - tzVlcIndex.
    private static final int[][] TOTAL_ZEROS_4x4 = {
        null,
        {0b1, 1, 0b011, 3, 0b010, 3, 0b0011, 4, 0b0010, 4, 0b0001_1, 5, 0b0001_0, 5, 0b0000_11, 6,
            0b0000_10, 6, 0b0000_011, 7, 0b0000_010, 7, 0b0000_0011, 8, 0b0000_0010, 8,
            0b0000_0001_1, 9, 0b0000_0001_0, 9, 0b0000_0000_1, 9},
        {0b111, 3, 0b110, 3, 0b101, 3, 0b100, 3, 0b011, 3, 0b0101, 4, 0b0100, 4, 0b0011, 4,
            0b0010, 4, 0b0001_1, 5, 0b0001_0, 5, 0b0000_11, 6, 0b0000_10, 6, 0b0000_01, 6, 0b0000_00, 6},
        {0b0101, 4, 0b111, 3, 0b110, 3, 0b101, 3, 0b0100, 4, 0b0011, 4, 0b100, 3, 0b011, 3,
            0b0010, 4, 0b0001_1, 5, 0b0001_0, 5, 0b0000_01, 6, 0b0000_1, 5, 0b0000_00, 6},
        {0b0001_1, 5, 0b111, 3, 0b0101, 4, 0b0100, 4, 0b110, 3, 0b101, 3, 0b100, 3, 0b0011, 4,
            0b011, 3, 0b0010, 4, 0b0001_0, 5, 0b0000_1, 5, 0b0000_0, 5},
        {0b0101, 4, 0b0100, 4, 0b0011, 4, 0b111, 3, 0b110, 3, 0b101, 3, 0b100, 3, 0b011, 3,
            0b0010, 4, 0b0000_1, 5, 0b0001, 4, 0b0000_0, 5},
        {0b0000_01, 6, 0b0000_1, 5, 0b111, 3, 0b110, 3, 0b101, 3, 0b100, 3, 0b011, 3, 0b010, 3,
            0b0001, 4, 0b001, 3, 0b0000_00, 6},
        {0b0000_01, 6, 0b0000_1, 5, 0b101, 3, 0b100, 3, 0b011, 3, 0b11, 2, 0b010, 3, 0b0001, 4,
            0b001, 3, 0b0000_00, 6},
        {0b0000_01, 6, 0b0001, 4, 0b0000_1, 5, 0b011, 3, 0b11, 2, 0b10, 2, 0b010, 3, 0b001, 3,
            0b0000_00, 6},
        {0b0000_01, 6, 0b0000_00, 6, 0b0001, 4, 0b11, 2, 0b10, 2, 0b001, 3, 0b01, 2, 0b0000_1, 5},
        {0b0000_1, 5, 0b0000_0, 5, 0b001, 3, 0b11, 2, 0b10, 2, 0b01, 2, 0b0001, 4},
        {0b0000, 4, 0b0001, 4, 0b001, 3, 0b010, 3, 0b1, 1, 0b011, 3},
        {0b0000, 4, 0b0001, 4, 0b01, 2, 0b1, 1, 0b001, 3},
        {0b000, 3, 0b001, 3, 0b1, 1, 0b01, 2},
        {0b00, 2, 0b01, 2, 0b1, 1},
        {0b0, 1, 0b1, 1},
    };

    // H.264 Table 9-9 (a): total_zeros for chroma DC 2x2 (ChromaArrayType 1), tzVlcIndex 1..3.
    private static final int[][] TOTAL_ZEROS_2x2 = {
        null,
        {0b1, 1, 0b01, 2, 0b001, 3, 0b000, 3},
        {0b1, 1, 0b01, 2, 0b00, 2},
        {0b1, 1, 0b0, 1},
    };

    // H.264 Table 9-10: run_before. Row = zerosLeft 1..6 and row 7 for zerosLeft > 6;
    // pairs for run_before 0 .. min(zerosLeft, 14).
    private static final int[][] RUN_BEFORE = {
        null,
        {0b1, 1, 0b0, 1},
        {0b1, 1, 0b01, 2, 0b00, 2},
        {0b11, 2, 0b10, 2, 0b01, 2, 0b00, 2},
        {0b11, 2, 0b10, 2, 0b01, 2, 0b001, 3, 0b000, 3},
        {0b11, 2, 0b10, 2, 0b011, 3, 0b010, 3, 0b001, 3, 0b000, 3},
        {0b11, 2, 0b000, 3, 0b001, 3, 0b011, 3, 0b010, 3, 0b101, 3, 0b100, 3},
        {0b111, 3, 0b110, 3, 0b101, 3, 0b100, 3, 0b011, 3, 0b010, 3, 0b001, 3, 0b0001, 4,
            0b0000_1, 5, 0b0000_01, 6, 0b0000_001, 7, 0b0000_0001, 8, 0b0000_0000_1, 9,
            0b0000_0000_01, 10, 0b0000_0000_001, 11},
    };

    /** [tzVlcIndex][total_zeros] code / length, 4x4 blocks (Tables 9-7, 9-8). Row 0 unused. */
    static final int[][] TOTAL_ZEROS_CODE = new int[16][];
    static final int[][] TOTAL_ZEROS_LEN = new int[16][];
    /** [tzVlcIndex][total_zeros] code / length, chroma DC 2x2 (Table 9-9 (a)). Row 0 unused. */
    static final int[][] TOTAL_ZEROS_DC_CODE = new int[4][];
    static final int[][] TOTAL_ZEROS_DC_LEN = new int[4][];
    /** [min(zerosLeft, 7)][run_before] code / length (Table 9-10). Row 0 unused. */
    static final int[][] RUN_BEFORE_CODE = new int[8][];
    static final int[][] RUN_BEFORE_LEN = new int[8][];

    static {
        int[][] tokenPairs = {COEFF_TOKEN_NC0, COEFF_TOKEN_NC2, COEFF_TOKEN_NC4, flcCoeffTokens(),
            COEFF_TOKEN_CHROMA_DC};
        for (int t = 0; t < tokenPairs.length; t++) {
            COEFF_TOKEN_CODE[t] = codes(tokenPairs[t]);
            COEFF_TOKEN_LEN[t] = lengths(tokenPairs[t]);
        }
        split(TOTAL_ZEROS_4x4, TOTAL_ZEROS_CODE, TOTAL_ZEROS_LEN);
        split(TOTAL_ZEROS_2x2, TOTAL_ZEROS_DC_CODE, TOTAL_ZEROS_DC_LEN);
        split(RUN_BEFORE, RUN_BEFORE_CODE, RUN_BEFORE_LEN);
    }

    /**
     * H.264 Table 9-5, column 8 <= nC: a 6-bit fixed-length code whose first four bits are
     * TotalCoeff - 1 and last two bits TrailingOnes, except TotalCoeff 0 which is 0000 11.
     */
    private static int[] flcCoeffTokens() {
        int[] pairs = new int[17 * 4 * 2];
        pairs[0] = 0b0000_11;
        pairs[1] = 6;
        for (int tc = 1; tc <= 16; tc++) {
            for (int t1 = 0; t1 <= Math.min(3, tc); t1++) {
                int k = (tc * 4 + t1) * 2;
                pairs[k] = ((tc - 1) << 2) | t1;
                pairs[k + 1] = 6;
            }
        }
        return pairs;
    }

    private static void split(int[][] pairs, int[][] code, int[][] len) {
        for (int i = 1; i < pairs.length; i++) {
            code[i] = codes(pairs[i]);
            len[i] = lengths(pairs[i]);
        }
    }

    private static int[] codes(int[] pairs) {
        int[] c = new int[pairs.length / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = pairs[2 * i];
        }
        return c;
    }

    private static int[] lengths(int[] pairs) {
        int[] l = new int[pairs.length / 2];
        for (int i = 0; i < l.length; i++) {
            l[i] = pairs[2 * i + 1];
        }
        return l;
    }
}
