package org.camstream.rtsp.stream;

import java.util.Arrays;
import org.camstream.rtp.AnnexBReader;
import org.camstream.rtp.NalUnitType;
import org.camstream.rtsp.runtime.Log;
import org.camstream.sdp.SpsFormatException;
import org.camstream.sdp.SpsInfo;
import org.camstream.sdp.SpsParser;

/**
 * The newest SPS and PPS seen in the stream (H.264 §7.3.2.1, §7.3.2.2): they feed the SDP's
 * sprop-parameter-sets (RFC 6184 §8.1) and are sent in-band before the first IDR a client gets
 * when that IDR's access unit lacks them. Thread: event loop only. Allocates only when a parameter
 * set changes.
 */
public final class ParameterSetCache {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final int advertisedWidth;
    private final int advertisedHeight;
    private byte[] sps;
    private byte[] pps;
    private SpsInfo spsInfo;
    /** 00 00 00 01 SPS 00 00 00 01 PPS, ready to prepend to an IDR access unit. */
    private byte[] annexBPrefix;

    private final Log log;
    private final InputReport report;

    /** A cache for a producer outside a served stream (the publisher): changes are logged, not counted. */
    public ParameterSetCache(int advertisedWidth, int advertisedHeight, Log log) {
        this(advertisedWidth, advertisedHeight, log, null);
    }

    /** @param report where a served stream counts parameter-set changes and size mismatches, or null */
    ParameterSetCache(int advertisedWidth, int advertisedHeight, Log log, InputReport report) {
        this.log = log;
        this.report = report;
        this.advertisedWidth = advertisedWidth;
        this.advertisedHeight = advertisedHeight;
    }

    /** Records the SPS/PPS NAL the reader is positioned on, if it is one and differs from the cached one. */
    public void observe(AnnexBReader nal, byte[] buf) {
        int type = nal.nalType();
        if (type != NalUnitType.SPS && type != NalUnitType.PPS) return;
        int off = nal.nalOffset();
        int len = nal.nalLength();
        byte[] current = type == NalUnitType.SPS ? sps : pps;
        if (current != null && sameBytes(current, buf, off, len)) return;
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        if (current != null && report != null) report.parameterSetChanged(type == NalUnitType.SPS ? "SPS" : "PPS");
        if (type == NalUnitType.SPS) {
            sps = copy;
            inspectSps(copy);
        } else {
            pps = copy;
        }
        annexBPrefix = null;
    }

    /** Arrays.equals over ranges is Android API 33; this runs only on parameter-set NAL units. */
    private static boolean sameBytes(byte[] a, byte[] buf, int off, int len) {
        if (a.length != len) return false;
        for (int i = 0; i < len; i++) if (a[i] != buf[off + i]) return false;
        return true;
    }

    private void inspectSps(byte[] nal) {
        try {
            spsInfo = SpsParser.parse(nal, 0, nal.length);
            if (report != null && (spsInfo.width() != advertisedWidth || spsInfo.height() != advertisedHeight)) {
                report.sizeMismatch(spsInfo.width(), spsInfo.height(), advertisedWidth, advertisedHeight);
            }
        } catch (SpsFormatException e) {
            spsInfo = null;
            log.warning("unreadable SPS in the stream: {0}", e.getMessage());
        }
    }

    public boolean complete() {
        return sps != null && pps != null;
    }

    public byte[] sps() { return sps; }

    public byte[] pps() { return pps; }

    /** The parsed SPS, or null when none was seen or it could not be read. */
    public SpsInfo spsInfo() { return spsInfo; }

    /** SPS and PPS as Annex-B, or null until both were seen. */
    public byte[] annexBPrefix() {
        if (annexBPrefix == null && complete()) {
            byte[] p = new byte[8 + sps.length + pps.length];
            System.arraycopy(START_CODE, 0, p, 0, 4);
            System.arraycopy(sps, 0, p, 4, sps.length);
            System.arraycopy(START_CODE, 0, p, 4 + sps.length, 4);
            System.arraycopy(pps, 0, p, 8 + sps.length, pps.length);
            annexBPrefix = p;
        }
        return annexBPrefix;
    }
}
