package org.camstream.h264;

/**
 * CAVLC residual block writer: H.264 §7.3.5.3.2 residual_block_cavlc with the codes of §9.2.
 *
 * <p>Stateless and allocation-free: all methods are static, walk the caller's coefficient array in
 * place and keep no scratch buffers, so they are safe to call from any thread (each thread with its
 * own {@link BitWriter}).
 *
 * <p>Constrained Baseline note: H.264 §9.2.2.1 limits level_prefix to 15 in Baseline, Main and
 * Extended profile streams. Every level with {@code |level| <= MAX_BASELINE_LEVEL} fits whatever
 * the suffixLength; larger levels are still written correctly with the longer escape codes of
 * §9.2.2.1 (level_prefix >= 16) which FFmpeg decodes, but such a stream is not Baseline conformant,
 * so callers should clip levels (this matters only for the Intra16x16 luma DC at very low QP).
 */
final class Cavlc {

    /** Largest |level| that is always codable with level_prefix <= 15 (levelCode <= 4125 at suffixLength 0). */
    static final int MAX_BASELINE_LEVEL = 2063;

    /** Largest |level| accepted at all (keeps every escape code within int arithmetic). */
    static final int MAX_LEVEL = 1 << 24;

    private Cavlc() {
    }

    /**
     * H.264 §7.3.5.3.2 residual_block_cavlc + §9.2: writes {@code coeffLevel[off .. off+maxNumCoeff)}
     * (already in scan order, i.e. index 0 is the first coefficient of this block's scan, e.g. for
     * Intra16x16 AC / chroma AC the 15 AC coefficients), with nC from §9.2.1 (nC = -1 for chroma DC
     * 4:2:0).
     *
     * @param maxNumCoeff 4 (chroma DC, with nC = -1), 15 (AC blocks) or 16
     * @param nC          -1 or 0..16
     * @return TotalCoeff of the block
     */
    static int writeResidualBlock(BitWriter bw, int[] coeffLevel, int off, int maxNumCoeff, int nC) {
        if (bw == null) {
            throw new NullPointerException("bw");
        }
        return code(bw, coeffLevel, off, maxNumCoeff, nC) & 0xFF;
    }

    /**
     * Bits {@link #writeResidualBlock} would produce for the same arguments, without writing;
     * exact (the same code path counts instead of writing).
     */
    static int bitsResidualBlock(int[] coeffLevel, int off, int maxNumCoeff, int nC) {
        return code(null, coeffLevel, off, maxNumCoeff, nC) >>> 8;
    }

    /**
     * H.264 §9.2.1: nC from the neighbouring blocks A (left) and B (above): the rounded mean when
     * both are available, the available one's total_coeff otherwise, 0 when none is. The caller
     * applies the per-neighbour rules of §9.2.1 (P_Skip / no residual counts as 0, I_PCM as 16,
     * neighbour in another slice as unavailable).
     */
    static int nC(boolean availA, int nA, boolean availB, int nB) {
        if (availA && availB) {
            return (nA + nB + 1) >> 1;
        }
        if (availA) {
            return nA;
        }
        return availB ? nB : 0;
    }

    /** Returns (bits << 8) | TotalCoeff; writes to {@code bw} when it is not null. */
    private static int code(BitWriter bw, int[] c, int off, int maxNumCoeff, int nC) {
        int table = tableFor(nC, maxNumCoeff);
        int end = off + maxNumCoeff;
        if (off < 0 || end > c.length) {
            throw new IndexOutOfBoundsException("coefficients [" + off + ", " + end + ") of " + c.length);
        }

        // Counts: TotalCoeff, TrailingOnes (at most 3 trailing +-1 seen from the high-frequency end),
        // and the scan index of the last non-zero coefficient. §9.2.1 / §7.4.5.3.2.
        int totalCoeff = 0;
        int last = -1;
        int trailingOnes = 0;
        boolean countingOnes = true;
        for (int i = end - 1; i >= off; i--) {
            int v = c[i];
            if (v != 0) {
                if (v > MAX_LEVEL || v < -MAX_LEVEL) { // checked before anything is written
                    throw new IllegalArgumentException("level " + v + " outside +-" + MAX_LEVEL);
                }
                if (last < 0) {
                    last = i;
                }
                totalCoeff++;
                if (countingOnes) {
                    if ((v == 1 || v == -1) && trailingOnes < 3) {
                        trailingOnes++;
                    } else {
                        countingOnes = false;
                    }
                }
            }
        }

        // coeff_token, Table 9-5.
        int k = totalCoeff * 4 + trailingOnes;
        int bits = put(bw, CavlcTables.COEFF_TOKEN_CODE[table][k], CavlcTables.COEFF_TOKEN_LEN[table][k]);
        if (totalCoeff == 0) {
            return bits << 8;
        }

        // Levels in reverse scan order (§7.3.5.3.2: level[0] is the highest-frequency coefficient).
        int suffixLength = (totalCoeff > 10 && trailingOnes < 3) ? 1 : 0;
        int n = 0;
        for (int i = last; i >= off; i--) {
            int v = c[i];
            if (v == 0) {
                continue;
            }
            if (n < trailingOnes) {
                bits += put(bw, v < 0 ? 1 : 0, 1); // trailing_ones_sign_flag: 1 means -1
            } else {
                // §9.2.2.1, inverse of eq. for levelVal: levelCode = 2*level-2 (level > 0), -2*level-1 (< 0).
                int levelCode = v > 0 ? 2 * v - 2 : -2 * v - 1;
                if (n == trailingOnes && trailingOnes < 3) {
                    levelCode -= 2; // |level| > 1 is implied here, so the decoder adds 2 back
                }
                bits += putLevel(bw, levelCode, suffixLength);
                if (suffixLength == 0) {
                    suffixLength = 1;
                }
                int abs = v < 0 ? -v : v;
                if (abs > (3 << (suffixLength - 1)) && suffixLength < 6) {
                    suffixLength++;
                }
            }
            n++;
        }

        // total_zeros: zeros before the last non-zero coefficient; absent when the block is full.
        int zerosLeft = (last - off + 1) - totalCoeff;
        if (totalCoeff < maxNumCoeff) {
            if (table == CavlcTables.NC_CHROMA_DC) { // Table 9-9 (a)
                bits += put(bw, CavlcTables.TOTAL_ZEROS_DC_CODE[totalCoeff][zerosLeft],
                        CavlcTables.TOTAL_ZEROS_DC_LEN[totalCoeff][zerosLeft]);
            } else { // Tables 9-7, 9-8
                bits += put(bw, CavlcTables.TOTAL_ZEROS_CODE[totalCoeff][zerosLeft],
                        CavlcTables.TOTAL_ZEROS_LEN[totalCoeff][zerosLeft]);
            }
        }

        // run_before (Table 9-10) for each coefficient but the lowest-frequency one, while zeros remain.
        int remaining = totalCoeff;
        int i = last;
        while (remaining > 1 && zerosLeft > 0) {
            int run = 0;
            int j = i - 1;
            while (c[j] == 0) {
                run++;
                j--;
            }
            int row = Math.min(zerosLeft, 7);
            bits += put(bw, CavlcTables.RUN_BEFORE_CODE[row][run], CavlcTables.RUN_BEFORE_LEN[row][run]);
            zerosLeft -= run;
            remaining--;
            i = j;
        }
        return (bits << 8) | totalCoeff;
    }

    /**
     * level_prefix (unary: prefix zeros and a one) and level_suffix of §9.2.2.1 for one levelCode.
     * levelSuffixSize is suffixLength, except 4 for prefix 14 at suffixLength 0 and prefix - 3 for
     * prefix >= 15.
     */
    private static int putLevel(BitWriter bw, int levelCode, int suffixLength) {
        int prefix;
        int suffix;
        int suffixSize;
        if (suffixLength == 0 && levelCode < 14) {
            prefix = levelCode;
            suffix = 0;
            suffixSize = 0;
        } else if (suffixLength == 0 && levelCode < 30) {
            prefix = 14;
            suffix = levelCode - 14;
            suffixSize = 4;
        } else if (suffixLength > 0 && levelCode < (15 << suffixLength)) {
            prefix = levelCode >> suffixLength;
            suffix = levelCode & ((1 << suffixLength) - 1);
            suffixSize = suffixLength;
        } else {
            // Escape: levelCode = (15 << suffixLength) + level_suffix [+ 15 when suffixLength == 0]
            //         [+ (1 << (level_prefix - 3)) - 4096 when level_prefix >= 16].
            int esc = levelCode - (15 << suffixLength) - (suffixLength == 0 ? 15 : 0);
            prefix = 15;
            while (esc + 4096 >= (1 << (prefix - 2))) { // suffix of prefix p covers [2^(p-3)-4096, 2^(p-2)-4096)
                prefix++;
            }
            suffixSize = prefix - 3;
            suffix = prefix == 15 ? esc : esc - ((1 << (prefix - 3)) - 4096);
        }
        int bits = prefix + 1 + suffixSize;
        if (bw != null) {
            // prefix zeros then the one; prefix can exceed 31 only for absurd levels, handled in pieces.
            int zeros = prefix;
            while (zeros > 31) {
                bw.u(31, 0);
                zeros -= 31;
            }
            bw.u(zeros + 1, 1);
            bw.u(suffixSize, suffix);
        }
        return bits;
    }

    private static int put(BitWriter bw, int code, int len) {
        if (bw != null) {
            bw.u(len, code);
        }
        return len;
    }

    /** Table 9-5 column for nC (§9.2.1). */
    private static int tableFor(int nC, int maxNumCoeff) {
        if (nC == -1) {
            if (maxNumCoeff != 4) {
                throw new IllegalArgumentException("nC = -1 (chroma DC 4:2:0) needs maxNumCoeff 4, got " + maxNumCoeff);
            }
            return CavlcTables.NC_CHROMA_DC;
        }
        if (maxNumCoeff < 1 || maxNumCoeff > 16) {
            throw new IllegalArgumentException("maxNumCoeff " + maxNumCoeff);
        }
        if (nC < 0 || nC > 16) {
            throw new IllegalArgumentException("nC " + nC + " (only -1 and 0..16 are supported)");
        }
        if (nC < 2) {
            return CavlcTables.NC_0;
        }
        if (nC < 4) {
            return CavlcTables.NC_2;
        }
        return nC < 8 ? CavlcTables.NC_4 : CavlcTables.NC_8;
    }
}
