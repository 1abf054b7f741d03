package org.camstream.h264;

/**
 * Encodes one slice, a band of whole macroblock rows of a picture (H.264 §7.3.3), into its own RBSP: the
 * slice loop of x264's encoder. Per macroblock it sets the {@link MacroblockContext}, has it decided and
 * coded ({@link IntraCoder} in I slices, {@link InterAnalysis} in P slices, both costing with
 * {@link RdCost}), fixes the macroblock's QP (temporal QP allocation, Baseline level range) and writes
 * slice_data() (§7.3.4, mb_skip_run in P slices). The {@link FrameEncoder} cuts the picture into slices,
 * runs them (in parallel when it has worker threads), deblocks and updates the reference.
 *
 * <p>A per-slice context: owns every stage's state and scratch, so slices run on different threads
 * without sharing mutable state (the picture-wide arrays are written only at this slice's macroblocks and
 * read only inside it). Nothing is allocated per frame. Not thread-safe.
 */
final class SliceEncoder {
    /**
     * Above this QP no level can leave the Baseline range: the largest, Intra_16x16 DC of a residual of 255
     * everywhere, is 32640 * 13107 / 2^17 ~ 3264 at QP 6 and below 2063 from QP 10 (§8.5.10 scaling).
     */
    private static final int MAX_QP_WITH_BIG_LEVELS = 16;

    private final MacroblockContext c;
    private final IntraCoder intraCoder;
    private final InterAnalysis inter;
    /** This slice's RBSP (slice_layer_without_partitioning_rbsp, §7.3.2.8). */
    final BitWriter bw;

    /**
     * @param src   the picture's source planes (macroblock-aligned, filled by the caller)
     * @param info  the picture's macroblock side information, with its slice layout
     * @param modes the picture's Intra4x4PredMode map ({@link IntraAnalysis#newModeMap})
     * @param persistence the picture's temporal QP history
     * @param maxRows most macroblock rows this slice will hold (sizes the bit writer)
     */
    SliceEncoder(FrameEncoder src, MacroblockInfo info, byte[] modes, Persistence persistence, int maxRows) {
        this.c = new MacroblockContext(src, info, modes, persistence);
        RdCost rd = new RdCost(c);
        this.intraCoder = new IntraCoder(c, rd);
        this.inter = new InterAnalysis(c, rd, intraCoder);
        this.bw = new BitWriter(info.mbWidth * maxRows * 64 + 64);
    }

    /**
     * Encodes macroblock rows [firstRow, endRow) of the picture as one slice RBSP into {@link #bw},
     * reconstructing into {@code cur} (not deblocked: the caller filters once all slices are done).
     *
     * @param qp      slice QP (slice_qp_delta)
     * @param qpFloor lowest QP a macroblock may get (the configured qpMin)
     */
    void encode(Picture cur, Picture ref, Tools tools, int firstRow, int endRow, boolean idr, int frameNum,
            int idrPicId, int qp, int qpFloor, boolean deblock) {
        MacroblockContext c = this.c;
        MacroblockInfo info = c.info;
        CodedMacroblock mb = c.mb;
        int mbWidth = c.mbWidth;
        c.picture(cur, ref, tools);
        bw.reset();
        SliceWriter.writeHeader(bw, firstRow * mbWidth, idr, frameNum, idrPicId, qp, deblock);
        c.coder.strongIntraRounding(idr);
        int skipRun = 0;
        int qpPred = qp; // QP_Y,PRED: the slice QP before the slice's first macroblock (§7.4.5)
        inter.newReference();
        for (int mbY = firstRow; mbY < endRow; mbY++) {
            for (int mbX = 0; mbX < mbWidth; mbX++) {
                int mbAddr = mbY * mbWidth + mbX;
                int mbQp = tools.temporalQp ? Math.max(qpFloor, qp - c.persistence.offset(mbAddr)) : qp;
                boolean skip;
                while (true) {
                    c.at(mbX, mbY, mbQp);
                    if (idr) {
                        intraCoder.code(Integer.MAX_VALUE, false);
                        skip = false;
                    } else {
                        skip = inter.code();
                    }
                    // Baseline codes |level| <= 2063 only (§9.2.2.1); DC levels of saturated content pass it at
                    // QP < 16 (chroma DC below QP'c 4): code such a macroblock at a coarser QP, never clip levels
                    if (skip || mbQp >= MAX_QP_WITH_BIG_LEVELS || mb.levelsFitBaseline()) {
                        break;
                    }
                    mbQp++;
                }
                // mb_qp_delta is sent only with a residual or Intra_16x16 (§7.3.5); otherwise QP_Y = QP_Y,PRED
                if (!skip && (mb.type == CodedMacroblock.I16X16 || mb.cbpLuma != 0 || mb.cbpChroma != 0)) {
                    mb.qpDelta = mbQp - qpPred;
                    qpPred = mbQp;
                }
                info.qp[mbAddr] = qpPred; // QP_Y of the macroblock, which the deblocking filter uses (§8.7.2.2)
                if (!idr) {
                    c.persistence.record(mbAddr, skip);
                }
                if (skip) {
                    skipRun++;
                    continue;
                }
                if (!idr) {
                    bw.ue(skipRun); // mb_skip_run, §7.3.4
                    skipRun = 0;
                }
                MacroblockWriter.write(bw, mb, !idr, info, mbX, mbY, mbWidth);
            }
        }
        if (skipRun > 0) {
            bw.ue(skipRun);
        }
        bw.trailingBits(); // rbsp_slice_trailing_bits, §7.3.2.10
    }
}
