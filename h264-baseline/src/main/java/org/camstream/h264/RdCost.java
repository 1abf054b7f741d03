package org.camstream.h264;

/**
 * Rate-distortion costs of the macroblock in a {@link MacroblockContext} (an encoder's choice; the
 * standard leaves decisions open): the lambdas per QP, SSD of a prediction or reconstruction, exact bits
 * from a dry run of the macroblock writer, and the chroma residual check. One per slice; allocation-free.
 */
final class RdCost {
    /** SAD-domain lambda per QP, ~0.85 * 2^((QP-12)/6) (a choice of this encoder). */
    private static final int[] LAMBDA = new int[52];
    /**
     * SSD-domain lambda per QP for rate-distortion decisions: the H.264 reference encoder's
     * 0.85 * 2^((QP-12)/3). Scaled by 0.5 / 0.7 / 0.85 / 1.4 / 2 instead, the noise clip at 3 Mb/s lost
     * Y-PSNR, and 1.4 and 2 bought testsrc2's luma with its chroma.
     */
    private static final double[] LAMBDA_SSD = new double[52];

    static {
        for (int qp = 0; qp < 52; qp++) {
            LAMBDA[qp] = Math.max(1, (int) (0.85 * Math.pow(2.0, (qp - 12) / 6.0)));
            LAMBDA_SSD[qp] = 0.85 * Math.pow(2.0, (qp - 12) / 3.0);
        }
    }

    /**
     * Inter macroblocks with more nonzero levels than this skip the chroma and P_Skip RD checks and keep their
     * residual (for speed: such macroblocks cost some 300 bits and more, where the checks measured almost
     * never changing the decision; 320x240 testsrc2 ~4 % faster, quality within 0.05 dB).
     */
    static final int RD_MAX_COEFFS = 80;

    private final MacroblockContext c;
    /** Scratch writer for the dry runs that count a macroblock's bits. */
    private final BitWriter rdBits = new BitWriter(4096);
    /** Where the chroma residual started in the last {@link #bits} dry run. */
    private long chromaStart;
    /** Bits of the inter coding made last, if counted (else -1). */
    private long codedBits = -1;
    /** Luma SAD left by {@link #ssdPrediction}. */
    private int predSadLuma;

    RdCost(MacroblockContext c) {
        this.c = c;
    }

    static int lambda(int qp) {
        return LAMBDA[qp];
    }

    static double lambdaSsd(int qp) {
        return LAMBDA_SSD[qp];
    }

    /** Forgets the bit count of the last coding (a new coding of the macroblock follows). */
    void newCoding() {
        codedBits = -1;
    }

    /** {@link #bits} of the inter coding just made, counted once. */
    long codedBits() {
        if (codedBits < 0) {
            codedBits = bits(true);
        }
        return codedBits;
    }

    /** Exact size in bits of macroblock_layer() for the coding now in the context's macroblock (a dry run). */
    long bits(boolean pSlice) {
        rdBits.reset();
        // also records this macroblock's TotalCoeff in info: harmless, the final write records them again
        chromaStart = MacroblockWriter.write(rdBits, c.mb, pSlice, c.info, c.mbX, c.mbY, c.mbWidth);
        return rdBits.bitCount();
    }

    /** Sum of squared differences between source and reconstruction of the macroblock, luma and chroma. */
    long ssdMacroblock() {
        Picture cur = c.cur;
        long ssd = 0;
        for (int j = 0; j < 16; j++) {
            int s = c.srcOff + j * c.strideY, r = c.recOff + j * cur.strideY;
            for (int i = 0; i < 16; i++) {
                int d = (c.srcY[s + i] & 0xFF) - (cur.y[r + i] & 0xFF);
                ssd += d * d;
            }
        }
        for (int j = 0; j < 8; j++) {
            int s = c.srcOffC + j * c.strideC, r = c.recOffC + j * cur.strideC;
            for (int i = 0; i < 8; i++) {
                int du = (c.srcU[s + i] & 0xFF) - (cur.u[r + i] & 0xFF);
                int dv = (c.srcV[s + i] & 0xFF) - (cur.v[r + i] & 0xFF);
                ssd += du * du + dv * dv;
            }
        }
        return ssd;
    }

    /**
     * SSD of the source against the inter prediction now in predInter / interU / interV, luma and chroma;
     * leaves the luma SAD for {@link #predictionSadLuma()} (one pass for both).
     */
    long ssdPrediction() {
        long ssd = 0;
        int sad = 0;
        int[] predInter = c.predInter, interU = c.interU, interV = c.interV;
        for (int j = 0; j < 16; j++) {
            int s = c.srcOff + j * c.strideY;
            for (int i = 0; i < 16; i++) {
                int d = (c.srcY[s + i] & 0xFF) - predInter[j * 16 + i];
                ssd += d * d;
                sad += Math.abs(d);
            }
        }
        predSadLuma = sad;
        for (int j = 0; j < 8; j++) {
            int s = c.srcOffC + j * c.strideC;
            for (int i = 0; i < 8; i++) {
                int du = (c.srcU[s + i] & 0xFF) - interU[j * 8 + i];
                int dv = (c.srcV[s + i] & 0xFF) - interV[j * 8 + i];
                ssd += du * du + dv * dv;
            }
        }
        return ssd;
    }

    /** Luma SAD of the source against the inter prediction in predInter (what {@link #ssdPrediction} leaves). */
    int predictionSadLumaOnly() {
        int sad = 0;
        int[] predInter = c.predInter;
        byte[] srcY = c.srcY;
        for (int j = 0; j < 16; j++) {
            int s = c.srcOff + j * c.strideY, p = j * 16;
            for (int i = 0; i < 16; i++) {
                sad += Math.abs((srcY[s + i] & 0xFF) - predInter[p + i]);
            }
        }
        return sad;
    }

    /** @return the luma SAD of the last {@link #ssdPrediction} */
    int predictionSadLuma() {
        return predSadLuma;
    }

    /**
     * Rate-distortion check of the macroblock's chroma residual: if J = SSD + lambda * bits is lower without
     * it, sets CodedBlockPatternChroma to 0 (§7.4.5) and reconstructs chroma as the prediction
     * ({@code predU} / {@code predV}, inter or intra).
     *
     * @return true if the chroma residual stays
     */
    boolean keepChroma(boolean pSlice, int[] predU, int[] predV) {
        CodedMacroblock mb = c.mb;
        Picture cur = c.cur;
        double lambdaSsd = LAMBDA_SSD[c.qp];
        boolean intraMb = mb.type == CodedMacroblock.I4X4 || mb.type == CodedMacroblock.I16X16;
        long bitsWith = bits(pSlice);
        long ssdWith = 0, ssdWithout = 0;
        for (int j = 0; j < 8; j++) {
            int s = c.srcOffC + j * c.strideC, r = c.recOffC + j * cur.strideC;
            for (int i = 0; i < 8; i++) {
                int su = c.srcU[s + i] & 0xFF, sv = c.srcV[s + i] & 0xFF;
                int du = su - (cur.u[r + i] & 0xFF), dv = sv - (cur.v[r + i] & 0xFF);
                int pu = su - predU[j * 8 + i], pv = sv - predV[j * 8 + i];
                ssdWith += du * du + dv * dv;
                ssdWithout += pu * pu + pv * pv;
            }
        }
        int cbpChroma = mb.cbpChroma;
        long bitsWithout = intraMb ? -1 : MacroblockWriter.bitsWithoutChroma(mb, bitsWith, chromaStart);
        mb.cbpChroma = 0;
        if (intraMb) {
            bitsWithout = bits(pSlice); // the pattern sits in mb_type (I_16x16) or uses the intra column
        }
        if (ssdWith + lambdaSsd * bitsWith <= ssdWithout + lambdaSsd * bitsWithout) {
            mb.cbpChroma = cbpChroma;
            codedBits = bitsWith;
            return true;
        }
        codedBits = bitsWithout;
        ResidualCoder.copyPred(predU, 0, 8, 8, 8, cur.u, c.recOffC, cur.strideC);
        ResidualCoder.copyPred(predV, 0, 8, 8, 8, cur.v, c.recOffC, cur.strideC);
        return false;
    }
}
