package org.camstream.h264;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-only CAVLC residual block <em>decoder</em> (H.264 §7.3.5.3.2 and §9.2, decoding side), kept
 * independent of {@link Cavlc} / {@link CavlcTables}: its code tables are a separate transcription
 * of the printed tables in their own layout (rows and columns as in the Recommendation, code words
 * as '0'/'1' strings), looked up by reading one bit at a time, and the levels are rebuilt with the
 * decoder's formulas of §9.2.2.1 rather than the writer's inverse ones. Not thread-safe (holds the
 * last decode's statistics).
 */
final class CavlcReader {

    /** What one residual_block_cavlc decoded to. */
    record Block(int[] coeffLevel, int totalCoeff, int trailingOnes, int maxLevelPrefix) {
    }

    // ---- H.264 Table 9-5: coeff_token. Columns: 0<=nC<2 | 2<=nC<4 | 4<=nC<8 | 8<=nC | nC==-1 ----
    static final String TABLE_9_5 = """
            0 0  | 1                   | 11                 | 1111         | 0000 11 | 01
            0 1  | 0001 01             | 0010 11            | 0011 11      | 0000 00 | 0001 11
            1 1  | 01                  | 10                 | 1110         | 0000 01 | 1
            0 2  | 0000 0111           | 0001 11            | 0010 11      | 0001 00 | 0001 00
            1 2  | 0001 00             | 0011 1             | 0111 1       | 0001 01 | 0001 10
            2 2  | 001                 | 011                | 1101         | 0001 10 | 001
            0 3  | 0000 0011 1         | 0000 111           | 0010 00      | 0010 00 | 0000 11
            1 3  | 0000 0110           | 0010 10            | 0110 0       | 0010 01 | 0000 011
            2 3  | 0000 101            | 0010 01            | 0111 0       | 0010 10 | 0000 010
            3 3  | 0001 1              | 0101               | 1100         | 0010 11 | 0001 01
            0 4  | 0000 0001 11        | 0000 0111          | 0001 111     | 0011 00 | 0000 10
            1 4  | 0000 0011 0         | 0001 10            | 0101 0       | 0011 01 | 0000 0011
            2 4  | 0000 0101           | 0001 01            | 0101 1       | 0011 10 | 0000 0010
            3 4  | 0000 11             | 0100               | 1011         | 0011 11 | 0000 000
            0 5  | 0000 0000 111       | 0000 0100          | 0001 011     | 0100 00 | -
            1 5  | 0000 0001 10        | 0000 110           | 0100 0       | 0100 01 | -
            2 5  | 0000 0010 1         | 0000 101           | 0100 1       | 0100 10 | -
            3 5  | 0000 100            | 0011 0             | 1010         | 0100 11 | -
            0 6  | 0000 0000 0111 1    | 0000 0011 1        | 0001 001     | 0101 00 | -
            1 6  | 0000 0000 110       | 0000 0110          | 0011 10      | 0101 01 | -
            2 6  | 0000 0001 01        | 0000 0101          | 0011 01      | 0101 10 | -
            3 6  | 0000 0100           | 0010 00            | 1001         | 0101 11 | -
            0 7  | 0000 0000 0101 1    | 0000 0001 111      | 0001 000     | 0110 00 | -
            1 7  | 0000 0000 0111 0    | 0000 0011 0        | 0010 10      | 0110 01 | -
            2 7  | 0000 0000 101       | 0000 0010 1        | 0010 01      | 0110 10 | -
            3 7  | 0000 0010 0         | 0001 00            | 1000         | 0110 11 | -
            0 8  | 0000 0000 0100 0    | 0000 0001 011      | 0000 1111    | 0111 00 | -
            1 8  | 0000 0000 0101 0    | 0000 0001 110      | 0001 110     | 0111 01 | -
            2 8  | 0000 0000 0110 1    | 0000 0001 101      | 0001 101     | 0111 10 | -
            3 8  | 0000 0001 00        | 0000 100           | 0110 1       | 0111 11 | -
            0 9  | 0000 0000 0011 11   | 0000 0000 1111     | 0000 1011    | 1000 00 | -
            1 9  | 0000 0000 0011 10   | 0000 0001 010      | 0000 1110    | 1000 01 | -
            2 9  | 0000 0000 0100 1    | 0000 0001 001      | 0001 010     | 1000 10 | -
            3 9  | 0000 0000 100       | 0000 0010 0        | 0011 00      | 1000 11 | -
            0 10 | 0000 0000 0010 11   | 0000 0000 1011     | 0000 0111 1  | 1001 00 | -
            1 10 | 0000 0000 0010 10   | 0000 0000 1110     | 0000 1010    | 1001 01 | -
            2 10 | 0000 0000 0011 01   | 0000 0000 1101     | 0000 1101    | 1001 10 | -
            3 10 | 0000 0000 0110 0    | 0000 0001 100      | 0001 100     | 1001 11 | -
            0 11 | 0000 0000 0001 111  | 0000 0000 1000     | 0000 0101 1  | 1010 00 | -
            1 11 | 0000 0000 0001 110  | 0000 0000 1010     | 0000 0111 0  | 1010 01 | -
            2 11 | 0000 0000 0010 01   | 0000 0000 1001     | 0000 1001    | 1010 10 | -
            3 11 | 0000 0000 0011 00   | 0000 0001 000      | 0000 1100    | 1010 11 | -
            0 12 | 0000 0000 0001 011  | 0000 0000 0111 1   | 0000 0100 0  | 1011 00 | -
            1 12 | 0000 0000 0001 010  | 0000 0000 0111 0   | 0000 0101 0  | 1011 01 | -
            2 12 | 0000 0000 0001 101  | 0000 0000 0110 1   | 0000 0110 1  | 1011 10 | -
            3 12 | 0000 0000 0010 00   | 0000 0000 1100     | 0000 1000    | 1011 11 | -
            0 13 | 0000 0000 0000 1111 | 0000 0000 0101 1   | 0000 0011 01 | 1100 00 | -
            1 13 | 0000 0000 0000 001  | 0000 0000 0101 0   | 0000 0011 1  | 1100 01 | -
            2 13 | 0000 0000 0001 001  | 0000 0000 0100 1   | 0000 0100 1  | 1100 10 | -
            3 13 | 0000 0000 0001 100  | 0000 0000 0110 0   | 0000 0110 0  | 1100 11 | -
            0 14 | 0000 0000 0000 1011 | 0000 0000 0011 1   | 0000 0010 01 | 1101 00 | -
            1 14 | 0000 0000 0000 1110 | 0000 0000 0010 11  | 0000 0011 00 | 1101 01 | -
            2 14 | 0000 0000 0000 1101 | 0000 0000 0011 0   | 0000 0010 11 | 1101 10 | -
            3 14 | 0000 0000 0001 000  | 0000 0000 0100 0   | 0000 0010 10 | 1101 11 | -
            0 15 | 0000 0000 0000 0111 | 0000 0000 0010 01  | 0000 0001 01 | 1110 00 | -
            1 15 | 0000 0000 0000 1010 | 0000 0000 0010 00  | 0000 0010 00 | 1110 01 | -
            2 15 | 0000 0000 0000 1001 | 0000 0000 0010 10  | 0000 0001 11 | 1110 10 | -
            3 15 | 0000 0000 0000 1100 | 0000 0000 0000 1   | 0000 0001 10 | 1110 11 | -
            0 16 | 0000 0000 0000 0100 | 0000 0000 0001 11  | 0000 0000 01 | 1111 00 | -
            1 16 | 0000 0000 0000 0110 | 0000 0000 0001 10  | 0000 0001 00 | 1111 01 | -
            2 16 | 0000 0000 0000 0101 | 0000 0000 0001 01  | 0000 0000 11 | 1111 10 | -
            3 16 | 0000 0000 0000 1000 | 0000 0000 0001 00  | 0000 0000 10 | 1111 11 | -
            """;

    // ---- H.264 Table 9-7: total_zeros, 4x4 blocks, tzVlcIndex 1..7 (rows: total_zeros) ----
    static final String TABLE_9_7 = """
            0  | 1          | 111     | 0101    | 0001 1 | 0101   | 0000 01 | 0000 01
            1  | 011        | 110     | 111     | 111    | 0100   | 0000 1  | 0000 1
            2  | 010        | 101     | 110     | 0101   | 0011   | 111     | 101
            3  | 0011       | 100     | 101     | 0100   | 111    | 110     | 100
            4  | 0010       | 011     | 0100    | 110    | 110    | 101     | 011
            5  | 0001 1     | 0101    | 0011    | 101    | 101    | 100     | 11
            6  | 0001 0     | 0100    | 100     | 100    | 100    | 011     | 010
            7  | 0000 11    | 0011    | 011     | 0011   | 011    | 010     | 0001
            8  | 0000 10    | 0010    | 0010    | 011    | 0010   | 0001    | 001
            9  | 0000 011   | 0001 1  | 0001 1  | 0010   | 0000 1 | 001     | 0000 00
            10 | 0000 010   | 0001 0  | 0001 0  | 0001 0 | 0001   | 0000 00 | -
            11 | 0000 0011  | 0000 11 | 0000 01 | 0000 1 | 0000 0 | -       | -
            12 | 0000 0010  | 0000 10 | 0000 1  | 0000 0 | -      | -       | -
            13 | 0000 0001 1| 0000 01 | 0000 00 | -      | -      | -       | -
            14 | 0000 0001 0| 0000 00 | -       | -      | -      | -       | -
            15 | 0000 0000 1| -       | -       | -      | -      | -       | -
            """;

    // ---- H.264 Table 9-8: total_zeros, 4x4 blocks, tzVlcIndex 8..15 ----
    static final String TABLE_9_8 = """
            0 | 0000 01 | 0000 01 | 0000 1 | 0000 | 0000 | 000 | 00 | 0
            1 | 0001    | 0000 00 | 0000 0 | 0001 | 0001 | 001 | 01 | 1
            2 | 0000 1  | 0001    | 001    | 001  | 01   | 1   | 1  | -
            3 | 011     | 11      | 11     | 010  | 1    | 01  | -  | -
            4 | 11      | 10      | 10     | 1    | 001  | -   | -  | -
            5 | 10      | 001     | 01     | 011  | -    | -   | -  | -
            6 | 010     | 01      | 0001   | -    | -    | -   | -  | -
            7 | 001     | 0000 1  | -      | -    | -    | -   | -  | -
            8 | 0000 00 | -       | -      | -    | -    | -   | -  | -
            """;

    // ---- H.264 Table 9-9 (a): total_zeros, chroma DC 2x2 (ChromaArrayType 1), tzVlcIndex 1..3 ----
    static final String TABLE_9_9A = """
            0 | 1   | 1  | 1
            1 | 01  | 01 | 0
            2 | 001 | 00 | -
            3 | 000 | -  | -
            """;

    // ---- H.264 Table 9-10: run_before. Columns zerosLeft 1, 2, 3, 4, 5, 6, >6 ----
    static final String TABLE_9_10 = """
            0  | 1 | 1  | 11 | 11  | 11  | 11  | 111
            1  | 0 | 01 | 10 | 10  | 10  | 000 | 110
            2  | - | 00 | 01 | 01  | 011 | 001 | 101
            3  | - | -  | 00 | 001 | 010 | 011 | 100
            4  | - | -  | -  | 000 | 001 | 010 | 011
            5  | - | -  | -  | -   | 000 | 101 | 010
            6  | - | -  | -  | -   | -   | 100 | 001
            7  | - | -  | -  | -   | -   | -   | 0001
            8  | - | -  | -  | -   | -   | -   | 0000 1
            9  | - | -  | -  | -   | -   | -   | 0000 01
            10 | - | -  | -  | -   | -   | -   | 0000 001
            11 | - | -  | -  | -   | -   | -   | 0000 0001
            12 | - | -  | -  | -   | -   | -   | 0000 0000 1
            13 | - | -  | -  | -   | -   | -   | 0000 0000 01
            14 | - | -  | -  | -   | -   | -   | 0000 0000 001
            """;

    /** coeff_token code word -> TotalCoeff * 4 + TrailingOnes, per column 0..4 of Table 9-5. */
    static final Map<String, Integer>[] COEFF_TOKEN = columns(TABLE_9_5, 5, true);
    /** total_zeros code word -> total_zeros, index tzVlcIndex 1..15 (0 unused). */
    static final Map<String, Integer>[] TOTAL_ZEROS = totalZeros4x4();
    /** total_zeros code word -> total_zeros for chroma DC, index tzVlcIndex 1..3 (0 unused). */
    static final Map<String, Integer>[] TOTAL_ZEROS_DC = shift(columns(TABLE_9_9A, 3, false));
    /** run_before code word -> run_before, index min(zerosLeft, 7) (0 unused). */
    static final Map<String, Integer>[] RUN_BEFORE = shift(columns(TABLE_9_10, 7, false));

    private final BitReader br;

    CavlcReader(BitReader br) {
        this.br = br;
    }

    /** Decodes one residual_block_cavlc(coeffLevel, 0, maxNumCoeff - 1, maxNumCoeff) (§7.3.5.3.2). */
    Block read(int maxNumCoeff, int nC) {
        int column;
        if (nC == -1) {
            column = 4;
        } else if (nC >= 0 && nC < 2) {
            column = 0;
        } else if (nC >= 2 && nC < 4) {
            column = 1;
        } else if (nC >= 4 && nC < 8) {
            column = 2;
        } else {
            column = 3;
        }
        int token = vlc(COEFF_TOKEN[column]);
        int totalCoeff = token / 4;
        int trailingOnes = token % 4;
        int[] coeffLevel = new int[maxNumCoeff];
        int maxPrefix = -1;
        if (totalCoeff > maxNumCoeff) {
            throw new IllegalStateException("TotalCoeff " + totalCoeff + " > maxNumCoeff " + maxNumCoeff);
        }
        if (totalCoeff == 0) {
            return new Block(coeffLevel, 0, 0, maxPrefix);
        }
        int[] levelVal = new int[totalCoeff];
        int suffixLength = totalCoeff > 10 && trailingOnes < 3 ? 1 : 0;
        for (int i = 0; i < totalCoeff; i++) {
            if (i < trailingOnes) {
                int trailingOnesSignFlag = br.bit();
                levelVal[i] = 1 - 2 * trailingOnesSignFlag;
                continue;
            }
            int levelPrefix = 0; // §9.2.2.1: leadingZeroBits before the first 1
            while (br.bit() == 0) {
                levelPrefix++;
            }
            maxPrefix = Math.max(maxPrefix, levelPrefix);
            int levelSuffixSize;
            if (levelPrefix == 14 && suffixLength == 0) {
                levelSuffixSize = 4;
            } else if (levelPrefix >= 15) {
                levelSuffixSize = levelPrefix - 3;
            } else {
                levelSuffixSize = suffixLength;
            }
            int levelSuffix = levelSuffixSize > 0 ? br.u(levelSuffixSize) : 0;
            int levelCode = (Math.min(15, levelPrefix) << suffixLength) + levelSuffix;
            if (levelPrefix >= 15 && suffixLength == 0) {
                levelCode += 15;
            }
            if (levelPrefix >= 16) {
                levelCode += (1 << (levelPrefix - 3)) - 4096;
            }
            if (i == trailingOnes && trailingOnes < 3) {
                levelCode += 2;
            }
            if (levelCode % 2 == 0) {
                levelVal[i] = (levelCode + 2) >> 1;
            } else {
                levelVal[i] = (-levelCode - 1) >> 1;
            }
            if (suffixLength == 0) {
                suffixLength = 1;
            }
            if (Math.abs(levelVal[i]) > (3 << (suffixLength - 1)) && suffixLength < 6) {
                suffixLength++;
            }
        }
        int zerosLeft;
        if (totalCoeff < maxNumCoeff) {
            zerosLeft = vlc(nC == -1 ? TOTAL_ZEROS_DC[totalCoeff] : TOTAL_ZEROS[totalCoeff]);
        } else {
            zerosLeft = 0;
        }
        int[] run = new int[totalCoeff];
        for (int i = 0; i < totalCoeff - 1; i++) {
            if (zerosLeft > 0) {
                run[i] = vlc(RUN_BEFORE[Math.min(zerosLeft, 7)]);
            } else {
                run[i] = 0;
            }
            zerosLeft -= run[i];
            if (zerosLeft < 0) {
                throw new IllegalStateException("run_before exceeds zerosLeft");
            }
        }
        run[totalCoeff - 1] = zerosLeft;
        int coeffNum = -1;
        for (int i = totalCoeff - 1; i >= 0; i--) {
            coeffNum += run[i] + 1;
            coeffLevel[coeffNum] = levelVal[i];
        }
        return new Block(coeffLevel, totalCoeff, trailingOnes, maxPrefix);
    }

    private int vlc(Map<String, Integer> table) {
        StringBuilder s = new StringBuilder();
        while (s.length() <= 16) {
            s.append(br.bit());
            Integer v = table.get(s.toString());
            if (v != null) {
                return v;
            }
        }
        throw new IllegalStateException("no code word matches " + s);
    }

    // ---------------------------------------------------------------- table text parsing

    /**
     * Parses a table whose rows are "label | code | code | ..."; each column becomes a map from code
     * word to value. For Table 9-5 the label is "TrailingOnes TotalCoeff" and the value
     * TotalCoeff * 4 + TrailingOnes; otherwise the label is the value itself.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Integer>[] columns(String text, int n, boolean coeffToken) {
        Map<String, Integer>[] maps = new Map[n];
        for (int c = 0; c < n; c++) {
            maps[c] = new LinkedHashMap<>();
        }
        for (String line : text.strip().split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length != n + 1) {
                throw new IllegalArgumentException("bad row: " + line);
            }
            String[] label = cells[0].trim().split("\\s+");
            int value = coeffToken
                    ? Integer.parseInt(label[1]) * 4 + Integer.parseInt(label[0])
                    : Integer.parseInt(label[0]);
            for (int c = 0; c < n; c++) {
                String code = cells[c + 1].replace(" ", "");
                if (code.equals("-")) {
                    continue;
                }
                if (!code.matches("[01]+")) {
                    throw new IllegalArgumentException("bad code word '" + code + "' in " + line);
                }
                if (maps[c].put(code, value) != null) {
                    throw new IllegalArgumentException("duplicate code word " + code + " in column " + c);
                }
            }
        }
        return maps;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer>[] shift(Map<String, Integer>[] cols) {
        Map<String, Integer>[] m = new Map[cols.length + 1];
        m[0] = new HashMap<>();
        System.arraycopy(cols, 0, m, 1, cols.length);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer>[] totalZeros4x4() {
        Map<String, Integer>[] a = columns(TABLE_9_7, 7, false);
        Map<String, Integer>[] b = columns(TABLE_9_8, 8, false);
        Map<String, Integer>[] m = new Map[16];
        m[0] = new HashMap<>();
        System.arraycopy(a, 0, m, 1, 7);
        System.arraycopy(b, 0, m, 8, 8);
        return m;
    }
}
