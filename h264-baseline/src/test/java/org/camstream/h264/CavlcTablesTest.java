package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CAVLC code tables of {@link CavlcTables} (H.264 Tables 9-5, 9-7, 9-8, 9-9 (a), 9-10):
 * prefix-free, Kraft sums, every gap in a code tree only on the all-zero path (the Recommendation
 * leaves long all-zero words unused), and equal entry by entry to the independent transcription in
 * {@link CavlcReader}.
 */
class CavlcTablesTest {

    static String bits(int code, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = len - 1; i >= 0; i--) {
            s.append((code >>> i) & 1);
        }
        return s.toString();
    }

    /** Code words of one writer table row: symbol -> bit string (symbols with length 0 left out). */
    static Map<Integer, String> writerTable(int[] code, int[] len) {
        Map<Integer, String> m = new HashMap<>();
        for (int s = 0; s < code.length; s++) {
            if (len[s] > 0) {
                assertThat(code[s] >>> len[s]).as("code wider than its length").isZero();
                m.put(s, bits(code[s], len[s]));
            }
        }
        return m;
    }

    static Map<Integer, String> inverse(Map<String, Integer> readerTable) {
        Map<Integer, String> m = new HashMap<>();
        readerTable.forEach((word, symbol) -> m.put(symbol, word));
        return m;
    }

    /** All (name, writer table, reader table) triples. */
    static List<Object[]> allTables() {
        List<Object[]> t = new ArrayList<>();
        String[] names = {"9-5 0<=nC<2", "9-5 2<=nC<4", "9-5 4<=nC<8", "9-5 8<=nC", "9-5 nC=-1"};
        for (int i = 0; i < 5; i++) {
            t.add(new Object[] {names[i], writerTable(CavlcTables.COEFF_TOKEN_CODE[i], CavlcTables.COEFF_TOKEN_LEN[i]),
                CavlcReader.COEFF_TOKEN[i]});
        }
        for (int i = 1; i <= 15; i++) {
            t.add(new Object[] {"total_zeros tzVlcIndex " + i,
                writerTable(CavlcTables.TOTAL_ZEROS_CODE[i], CavlcTables.TOTAL_ZEROS_LEN[i]), CavlcReader.TOTAL_ZEROS[i]});
        }
        for (int i = 1; i <= 3; i++) {
            t.add(new Object[] {"9-9a tzVlcIndex " + i,
                writerTable(CavlcTables.TOTAL_ZEROS_DC_CODE[i], CavlcTables.TOTAL_ZEROS_DC_LEN[i]),
                CavlcReader.TOTAL_ZEROS_DC[i]});
        }
        for (int i = 1; i <= 7; i++) {
            t.add(new Object[] {"9-10 zerosLeft " + (i == 7 ? ">6" : i),
                writerTable(CavlcTables.RUN_BEFORE_CODE[i], CavlcTables.RUN_BEFORE_LEN[i]), CavlcReader.RUN_BEFORE[i]});
        }
        return t;
    }

    @Test
    @SuppressWarnings("unchecked")
    void writerTablesEqualTheIndependentTranscription() {
        for (Object[] t : allTables()) {
            assertThat((Map<Integer, String>) t[1]).as((String) t[0])
                    .isEqualTo(inverse((Map<String, Integer>) t[2]));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTableIsPrefixFreeWithKraftSumAtMostOne() {
        for (Object[] t : allTables()) {
            List<String> words = new ArrayList<>(((Map<Integer, String>) t[1]).values());
            assertPrefixFree((String) t[0], words);
            assertThat(kraft(words)).as((String) t[0]).isLessThanOrEqualTo(1.0);
            List<String> readerWords = new ArrayList<>(((Map<String, Integer>) t[2]).keySet());
            assertPrefixFree((String) t[0] + " (reader)", readerWords);
        }
    }

    /**
     * Variable-length tables waste no code space except along the all-zero path (e.g. the 15-zero
     * word of the first coeff_token column); the fixed-length column 8<=nC uses 62 of the 64
     * six-bit words (TotalCoeff 1 with TrailingOnes 2, 3 and TotalCoeff 2 with TrailingOnes 3 do
     * not exist, one word is TotalCoeff 0).
     */
    @Test
    @SuppressWarnings("unchecked")
    void codeTreesAreCompleteExceptOnTheAllZeroPath() {
        for (Object[] t : allTables()) {
            String name = (String) t[0];
            List<String> words = new ArrayList<>(((Map<Integer, String>) t[1]).values());
            if (name.equals("9-5 8<=nC")) {
                assertThat(words).hasSize(62).allMatch(w -> w.length() == 6);
                continue;
            }
            List<String> gaps = new ArrayList<>();
            collectGaps("", words, gaps);
            assertThat(gaps).as(name).allMatch(g -> g.matches("0+"));
            double withGaps = kraft(words) + kraft(gaps);
            assertThat(withGaps).as(name).isEqualTo(1.0);
        }
    }

    @Test
    void tableSizesFollowTheSyntax() {
        // coeff_token: TotalCoeff 0..16 with TrailingOnes 0..min(3, TotalCoeff): 1 + 2 + 3 + 14 * 4 = 62
        for (int i = 0; i < 4; i++) {
            assertThat(CavlcReader.COEFF_TOKEN[i]).hasSize(62);
        }
        assertThat(CavlcReader.COEFF_TOKEN[4]).hasSize(1 + 2 + 3 + 4 + 4);
        for (int tc = 1; tc <= 15; tc++) {
            assertThat(CavlcReader.TOTAL_ZEROS[tc]).hasSize(16 - tc + 1); // total_zeros 0..16-TotalCoeff
        }
        for (int tc = 1; tc <= 3; tc++) {
            assertThat(CavlcReader.TOTAL_ZEROS_DC[tc]).hasSize(4 - tc + 1);
        }
        for (int zl = 1; zl <= 6; zl++) {
            assertThat(CavlcReader.RUN_BEFORE[zl]).hasSize(zl + 1);
        }
        assertThat(CavlcReader.RUN_BEFORE[7]).hasSize(15); // run_before 0..14
    }

    static void assertPrefixFree(String name, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            for (int j = 0; j < words.size(); j++) {
                String a = words.get(i);
                String b = words.get(j);
                if (i != j) {
                    assertThat(b.startsWith(a)).as(name + ": " + a + " is a prefix of " + b).isFalse();
                }
            }
        }
    }

    static double kraft(List<String> words) {
        double s = 0;
        for (String w : words) {
            s += Math.scalb(1.0, -w.length());
        }
        return s;
    }

    private static void collectGaps(String node, List<String> words, List<String> gaps) {
        if (words.contains(node)) {
            return;
        }
        boolean below = words.stream().anyMatch(w -> w.startsWith(node));
        if (!below) {
            gaps.add(node);
            return;
        }
        collectGaps(node + "0", words, gaps);
        collectGaps(node + "1", words, gaps);
    }
}
