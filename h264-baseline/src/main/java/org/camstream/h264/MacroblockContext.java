package org.camstream.h264;

import java.util.Arrays;

/**
 * What the analysis and coding of one macroblock share, per slice (in the way of x264's per-thread
 * {@code x264_t} / {@code x264_mb_analysis_t}): the picture's planes and side information, the current
 * macroblock's position, offsets, QP and lambda, the macroblock being built, the residual coder and the
 * prediction buffers. {@link #at} sets the macroblock once, so the stages ({@link InterAnalysis},
 * {@link IntraCoder}, {@link RdCost}) take no positional parameters. One per slice, reused for every
 * macroblock; allocation-free; not thread-safe.
 */
final class MacroblockContext {
    // ---- the picture (fixed for the encoder's life, except cur / ref / tools per picture)
    final int mbWidth;
    final int strideY, strideC;
    final byte[] srcY, srcU, srcV;
    final MacroblockInfo info;
    final Persistence persistence;
    /** The picture being reconstructed, its reference, and the preset's tools, for this picture. */
    Picture cur, ref;
    Tools tools;

    // ---- the macroblock being coded, set by at()
    int mbX, mbY, mbAddr;
    /** Offsets of its top-left sample in the source planes and in the reconstruction. */
    int srcOff, srcOffC, recOff, recOffC;
    /** QP_Y it is coded with, its chroma QP (Table 8-15) and the SAD-domain lambda. */
    int qp, qpc, lambda;

    // ---- coding state and predictions (rasters: 16x16 luma, 8x8 chroma)
    final CodedMacroblock mb = new CodedMacroblock();
    final ResidualCoder coder = new ResidualCoder();
    final IntraAnalysis intra;
    final int[] predIntra = new int[256], predInter = new int[256];
    /** Intra chroma prediction, and the inter one. */
    final int[] predU = new int[64], predV = new int[64], interU = new int[64], interV = new int[64];

    MacroblockContext(FrameEncoder src, MacroblockInfo info, byte[] modes, Persistence persistence) {
        this.mbWidth = info.mbWidth;
        this.strideY = src.strideY;
        this.strideC = src.strideC;
        this.srcY = src.srcY;
        this.srcU = src.srcU;
        this.srcV = src.srcV;
        this.info = info;
        this.persistence = persistence;
        this.intra = new IntraAnalysis(info, modes);
    }

    /** Sets the picture the next macroblocks belong to. */
    void picture(Picture cur, Picture ref, Tools tools) {
        this.cur = cur;
        this.ref = ref;
        this.tools = tools;
    }

    /** Sets the macroblock to code next and its QP. */
    void at(int mbX, int mbY, int qp) {
        this.mbX = mbX;
        this.mbY = mbY;
        this.mbAddr = mbY * mbWidth + mbX;
        this.srcOff = mbY * 16 * strideY + mbX * 16;
        this.srcOffC = mbY * 8 * strideC + mbX * 8;
        this.recOff = cur.originY + mbY * 16 * cur.strideY + mbX * 16;
        this.recOffC = cur.originC + mbY * 8 * cur.strideC + mbX * 8;
        this.qp = qp;
        this.qpc = Quant.chromaQp(qp);
        this.lambda = RdCost.lambda(qp);
        mb.qpDelta = 0;
    }

    /** Every 4x4 block of the macroblock gets this vector (0 for intra macroblocks). */
    void setMv(int mvx, int mvy) {
        Arrays.fill(info.mvX, mbAddr * 16, mbAddr * 16 + 16, (short) mvx);
        Arrays.fill(info.mvY, mbAddr * 16, mbAddr * 16 + 16, (short) mvy);
    }

    /** Records the macroblock as P_Skip with this vector: no coefficients (§7.4.4, nC of neighbours). */
    void markSkip(int mvx, int mvy) {
        setMv(mvx, mvy);
        Arrays.fill(info.totalCoeffLuma, mbAddr * 16, mbAddr * 16 + 16, (byte) 0);
        Arrays.fill(info.totalCoeffCb, mbAddr * 4, mbAddr * 4 + 4, (byte) 0);
        Arrays.fill(info.totalCoeffCr, mbAddr * 4, mbAddr * 4 + 4, (byte) 0);
    }
}
