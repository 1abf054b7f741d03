package org.camstream.h264;

/**
 * Encodes one picture as one or more slices of whole macroblock rows (H.264 §7.3.3, first_mb_in_slice)
 * and makes its reconstruction the next reference. With {@code slices > 1} the slices are coded in
 * parallel by {@link SliceThreads}; each slice restarts intra, motion-vector and nC prediction at its top
 * edge (neighbours in another slice are not available, §6.4.4), so the slices are independent while they
 * are coded.
 *
 * <p>Deblocking: disable_deblocking_filter_idc 0 (§7.4.3), so the filter also crosses slice edges, as
 * a decoder does it: once every slice is reconstructed, the whole picture is filtered in macroblock
 * order (§8.7). The stream therefore looks as if it had one slice (no seams), at the cost of a
 * sequential filter pass after the parallel part. Pictures below the preset's {@link Tools#deblockFromQp}
 * are not filtered at all (idc 1, every slice of the picture).
 *
 * <p>Owns the source planes (macroblock-aligned, filled by the caller), the current and reference
 * reconstructions, the macroblock side information and one {@link SliceEncoder} context per slice:
 * nothing is allocated per frame. Not thread-safe (one caller).
 */
final class FrameEncoder implements AutoCloseable {
    final int mbWidth, mbHeight;
    final int strideY, strideC;
    final byte[] srcY, srcU, srcV;
    private Picture cur, ref;
    private final MacroblockInfo info;
    private final boolean deblock;
    private final Deblocker deblocker = new Deblocker();
    private final SliceEncoder[] slices;
    private final Persistence persistence;
    /** First macroblock row of each slice, then mbHeight. */
    private final int[] rows;
    /** null with one slice: then the caller's thread codes it. */
    private final SliceThreads threads;

    // inputs of the picture being coded, published to the workers by SliceThreads.run
    private boolean idr;
    private int frameNum, idrPicId, qp, qpFloor;
    /** Whether this picture is deblocked: the encoder allows it and its QP reaches the preset's threshold. */
    private boolean filter;
    private Tools tools;

    /**
     * @param sliceCount slices per picture, 1..mbHeight (clamped to mbHeight), each coded on its own
     *                   thread
     */
    FrameEncoder(int mbWidth, int mbHeight, boolean deblock, int sliceCount) {
        this.mbWidth = mbWidth;
        this.mbHeight = mbHeight;
        this.deblock = deblock;
        this.strideY = mbWidth * 16;
        this.strideC = mbWidth * 8;
        this.srcY = new byte[strideY * mbHeight * 16];
        this.srcU = new byte[strideC * mbHeight * 8];
        this.srcV = new byte[strideC * mbHeight * 8];
        this.cur = new Picture(mbWidth, mbHeight);
        this.ref = new Picture(mbWidth, mbHeight);
        this.info = new MacroblockInfo(mbWidth, mbHeight);
        int n = Math.max(1, Math.min(sliceCount, mbHeight));
        this.rows = new int[n + 1];
        int maxRows = 0;
        for (int s = 0; s <= n; s++) {
            rows[s] = s * mbHeight / n; // equal bands: the slices take about the same time
            if (s > 0) {
                maxRows = Math.max(maxRows, rows[s] - rows[s - 1]);
            }
        }
        info.setSlices(rows, n);
        byte[] modes = IntraAnalysis.newModeMap(info);
        this.persistence = new Persistence(mbWidth * mbHeight);
        this.slices = new SliceEncoder[n];
        for (int s = 0; s < n; s++) {
            slices[s] = new SliceEncoder(this, info, modes, persistence, maxRows);
        }
        this.threads = n > 1 ? new SliceThreads(n - 1, this::codeSlice, "camstream-h264-slice") : null;
    }

    /** The last reconstructed (deblocked) picture. */
    Picture reconstruction() {
        return ref;
    }

    /** The side information (vectors, types) of the last picture's macroblocks. */
    MacroblockInfo macroblocks() {
        return info;
    }

    /** @return slices per picture */
    int sliceCount() {
        return slices.length;
    }

    /** @return slice s's RBSP after {@link #encode} */
    BitWriter slice(int s) {
        return slices[s].bw;
    }

    /** @return the worker threads' ids, empty with one slice (for allocation tests) */
    long[] workerIds() {
        return threads == null ? new long[0] : threads.workerIds();
    }

    /**
     * Sets the temporal QP allocation of the next picture ({@link Persistence#beginPicture}); without a call
     * the reductions of the last one stay, none before the first.
     *
     * @param referencingPictures pictures that may still reference the next one before the next IDR picture
     */
    void planTemporalQp(int referencingPictures) {
        persistence.beginPicture(referencingPictures);
    }

    /**
     * Encodes the source planes as {@link #sliceCount()} slice RBSPs ({@link #slice(int)}), deblocks, and
     * makes the reconstruction the reference of the next picture.
     */
    void encode(boolean idr, int frameNum, int idrPicId, int qp, int qpFloor, Tools tools) {
        this.idr = idr;
        this.qpFloor = qpFloor;
        this.frameNum = frameNum;
        this.idrPicId = idrPicId;
        this.qp = qp;
        this.tools = tools;
        this.filter = deblock && qp >= tools.deblockFromQp;
        if (threads == null) {
            codeSlice(0);
        } else {
            threads.run();
        }
        if (filter) {
            deblocker.filterPicture(cur, info, mbWidth, mbHeight);
        }
        cur.extendBorders();
        Picture t = ref;
        ref = cur;
        cur = t;
    }

    private void codeSlice(int s) {
        info.reset(rows[s], rows[s + 1]);
        slices[s].encode(cur, ref, tools, rows[s], rows[s + 1], idr, frameNum, idrPicId, qp,
                qpFloor, filter);
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        if (threads != null) {
            threads.close();
        }
    }
}
