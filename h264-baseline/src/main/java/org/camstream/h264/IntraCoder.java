package org.camstream.h264;

/**
 * Codes the macroblock of a {@link MacroblockContext} as intra: Intra_16x16 against Intra_4x4 on SATD
 * (Intra_4x4 only where the preset has it), the chroma mode, the residuals and the reconstruction
 * (§8.3, §8.5); the caller writes it. One per slice; allocation-free.
 */
final class IntraCoder {
    private final MacroblockContext c;
    private final RdCost rd;

    IntraCoder(MacroblockContext c, RdCost rd) {
        this.c = c;
        this.rd = rd;
    }

    /**
     * @param i16Cost the Intra_16x16 cost if the caller already decided it (prediction in predIntra), else
     *                Integer.MAX_VALUE
     * @param pSlice  the macroblock sits in a P slice (inter dead-zone, Intra_4x4 per the preset, chroma RD)
     */
    void code(int i16Cost, boolean pSlice) {
        codeBelow(i16Cost, pSlice, Integer.MAX_VALUE);
    }

    /**
     * As {@link #code} if the better intra coding costs less than {@code bound} on SATD; else codes nothing
     * that stays (the Intra_4x4 mode map is reset; the caller codes the macroblock another way).
     *
     * @param bound the cost of the alternative (the inter macroblock), or Integer.MAX_VALUE for none
     * @return true if the macroblock was coded as intra
     */
    boolean codeBelow(int i16Cost, boolean pSlice, int bound) {
        MacroblockContext c = this.c;
        CodedMacroblock mb = c.mb;
        Picture cur = c.cur;
        Tools tools = c.tools;
        int costI16 = i16Cost != Integer.MAX_VALUE ? i16Cost
                : c.intra.decide16x16(c.srcY, c.srcOff, c.strideY, cur, c.mbX, c.mbY, c.lambda, c.predIntra, mb,
                        Integer.MAX_VALUE);
        int costI4 = (pSlice ? tools.intra4x4P : tools.intra4x4Idr)
                ? c.intra.code4x4(c.srcY, c.srcOff, c.strideY, cur, c.mbX, c.mbY, c.qp, c.lambda, c.coder, mb,
                        Math.min(costI16, bound))
                : Integer.MAX_VALUE;
        if (costI4 < costI16 && costI4 < bound) {
            mb.type = CodedMacroblock.I4X4;
        } else if (costI16 >= bound) {
            c.intra.markNotI4(c.mbAddr);
            return false;
        } else {
            mb.type = CodedMacroblock.I16X16;
            c.intra.markNotI4(c.mbAddr);
            mb.cbpLuma = c.coder.codeLuma16x16(c.srcY, c.srcOff, c.strideY, c.predIntra, c.qp, mb, cur.y, c.recOff,
                    cur.strideY);
        }
        c.intra.decideChroma(c.srcU, c.srcV, c.srcOffC, c.strideC, cur, c.mbX, c.mbY, c.lambda, c.predU, c.predV, mb);
        mb.cbpChroma = c.coder.codeChroma(c.srcU, c.srcV, c.srcOffC, c.strideC, c.predU, c.predV, c.qpc, true, mb,
                cur.u, cur.v, c.recOffC, cur.strideC);
        // intra macroblocks of P slices: the same chroma RD check as inter ones (in IDR pictures it measured no gain)
        if (mb.cbpChroma != 0 && pSlice && tools.rdChroma) {
            rd.keepChroma(true, c.predU, c.predV);
        }
        c.info.intra[c.mbAddr] = true;
        c.setMv(0, 0);
        return true;
    }
}
