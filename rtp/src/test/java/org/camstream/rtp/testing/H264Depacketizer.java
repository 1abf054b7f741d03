package org.camstream.rtp.testing;

import org.camstream.rtp.NalUnitType;
import org.camstream.rtp.RtpFormatException;
import org.camstream.rtp.RtpHeader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reassembles H.264 NAL units from RTP packets (RFC 6184, non-interleaved mode): single NAL unit
 * packets (§5.6), STAP-A (§5.7.1) and FU-A (§5.8).
 *
 * <p>Access units are completed on the marker bit (§5.1) or when the RTP timestamp changes (lost
 * marker). Sequence gaps (RFC 3550 §5.1, modulo 2^16; reordering is treated as loss) damage the FU-A
 * in progress: it is dropped, its remaining fragments are ignored, and it counts once in
 * {@link #droppedNals()}. Complete NAL units in the same access unit are kept.
 *
 * <p>Rejected with {@link RtpFormatException} (state unchanged): malformed RTP header or padding,
 * empty payload, STAP-A with no unit, a zero-size unit or a size running past the payload, FU-A
 * shorter than 2 bytes or with both S and E set (§5.8), and STAP-B/MTAP16/MTAP24/FU-B (types
 * 25/26/27/29), which are not allowed in non-interleaved mode (§6.3, Table 3). Types 0, 30 and 31 are
 * reserved/unspecified (§5.2, Table 1): such packets are ignored and counted as dropped.
 *
 * <p>NAL units larger than {@value #MAX_NAL_SIZE} bytes are dropped, so memory per NAL is bounded.
 * Completed access units queue until {@link #poll()}; the caller must poll.
 *
 * <p>Allocation is fine here (receive path for tests and RECORD). Thread-safety: not thread-safe.
 */
public final class H264Depacketizer {
    /** Largest NAL unit reassembled from FU-A fragments. */
    static final int MAX_NAL_SIZE = 8 << 20;

    private final ArrayDeque<List<byte[]>> completed = new ArrayDeque<>();
    private List<byte[]> current = new ArrayList<>();
    private boolean haveTimestamp;
    private int currentTimestamp;
    private int expectedSeq = -1;
    private byte[] fu = new byte[2048];
    private int fuLen;
    private boolean fuActive;
    private boolean fuDiscarding;
    private long dropped;

    /** An empty depacketizer expecting any first sequence number. */
    public H264Depacketizer() {
    }

    /**
     * Feeds one RTP packet.
     *
     * @throws RtpFormatException if the packet or its H.264 payload is malformed (see class doc)
     */
    public void push(byte[] pkt, int off, int len) {
        int payLen = RtpHeader.payloadLength(pkt, off, len);
        int p = off + RtpHeader.headerLength(pkt, off, len);
        if (payLen < 1) {
            throw new RtpFormatException("empty RTP payload");
        }
        int type = pkt[p] & 0x1f;
        switch (type) {
            case NalUnitType.STAP_A -> validateStapA(pkt, p, payLen);
            case NalUnitType.FU_A -> {
                if (payLen < 2) {
                    throw new RtpFormatException("FU-A without FU header (RFC 6184 §5.8)");
                }
                if ((pkt[p + 1] & 0xc0) == 0xc0) {
                    throw new RtpFormatException("FU-A with both S and E set (RFC 6184 §5.8)");
                }
            }
            case 25, 26, 27, 29 -> throw new RtpFormatException(
                    "NAL type " + type + " not allowed in non-interleaved mode (RFC 6184 §6.3)");
            default -> { }
        }

        int seq = RtpHeader.sequence(pkt, off);
        int ts = RtpHeader.timestamp(pkt, off);
        boolean gap = expectedSeq >= 0 && seq != expectedSeq;
        expectedSeq = (seq + 1) & 0xffff;
        if (haveTimestamp && ts != currentTimestamp) {
            completeAccessUnit(); // marker lost: a new timestamp starts a new access unit (RFC 6184 §5.1)
        }
        if (gap && fuActive) {
            dropFu();
        }
        haveTimestamp = true;
        currentTimestamp = ts;

        if (type == NalUnitType.FU_A) {
            fragment(pkt, p, payLen);
        } else if (type == NalUnitType.STAP_A) {
            abandonFu();
            int q = p + 1;
            int end = p + payLen;
            while (q < end) {
                int size = ((pkt[q] & 0xff) << 8) | (pkt[q + 1] & 0xff);
                current.add(Arrays.copyOfRange(pkt, q + 2, q + 2 + size));
                q += 2 + size;
            }
        } else if (type == 0 || type >= 30) {
            dropped++; // RFC 6184 §5.2 Table 1: reserved, ignored
        } else {
            abandonFu();
            current.add(Arrays.copyOfRange(pkt, p, p + payLen)); // RFC 6184 §5.6
        }
        if (RtpHeader.marker(pkt, off)) {
            completeAccessUnit();
        }
    }

    /**
     * Returns the NAL units (no start codes, header included) of the oldest completed access unit,
     * or {@code null} if none is complete.
     */
    public List<byte[]> poll() {
        return completed.poll();
    }

    /** Completes the pending access unit (end of stream); an unfinished FU-A is dropped. */
    public void flush() {
        completeAccessUnit();
    }

    /** NAL units dropped so far: damaged or unfinished FU-A, oversize, reserved types. */
    public long droppedNals() {
        return dropped;
    }

    private static void validateStapA(byte[] pkt, int p, int payLen) {
        int q = p + 1;
        int end = p + payLen;
        if (q >= end) {
            throw new RtpFormatException("STAP-A without aggregation units (RFC 6184 §5.7.1)");
        }
        while (q < end) {
            if (end - q < 2) {
                throw new RtpFormatException("STAP-A truncated NAL unit size (RFC 6184 §5.7.1)");
            }
            int size = ((pkt[q] & 0xff) << 8) | (pkt[q + 1] & 0xff);
            if (size == 0) {
                throw new RtpFormatException("STAP-A zero-size NAL unit (RFC 6184 §5.7.1)");
            }
            if (size > end - q - 2) {
                throw new RtpFormatException("STAP-A NAL unit size " + size + " overruns payload (RFC 6184 §5.7.1)");
            }
            q += 2 + size;
        }
    }

    private void fragment(byte[] pkt, int p, int payLen) {
        int indicator = pkt[p] & 0xff;
        int header = pkt[p + 1] & 0xff;
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        int dataOff = p + 2;
        int n = payLen - 2;
        if (start) {
            abandonFu();
            fuDiscarding = false;
            fuLen = 0;
            // RFC 6184 §5.8: NAL header = F and NRI from the FU indicator, type from the FU header
            ensureFu(1);
            fu[fuLen++] = (byte) ((indicator & 0xe0) | (header & 0x1f));
            append(pkt, dataOff, n);
            fuActive = true;
        } else if (fuActive) {
            if (fuLen + n > MAX_NAL_SIZE) {
                dropFu();
            } else {
                append(pkt, dataOff, n);
            }
        } else if (!fuDiscarding) {
            dropped++; // continuation without its start: the start was lost
            fuDiscarding = true;
        }
        if (end) {
            if (fuActive) {
                current.add(Arrays.copyOf(fu, fuLen));
                fuActive = false;
            }
            fuDiscarding = false;
        }
    }

    private void append(byte[] src, int off, int n) {
        ensureFu(n);
        System.arraycopy(src, off, fu, fuLen, n);
        fuLen += n;
    }

    private void ensureFu(int extra) {
        int need = fuLen + extra;
        if (need > fu.length) {
            fu = Arrays.copyOf(fu, Math.max(need, fu.length * 2));
        }
    }

    /** A new NAL unit starts while an FU-A is unfinished: its end was lost. */
    private void abandonFu() {
        if (fuActive) {
            dropFu();
        }
        fuDiscarding = false;
    }

    private void dropFu() {
        fuActive = false;
        fuDiscarding = true;
        fuLen = 0;
        dropped++;
    }

    private void completeAccessUnit() {
        if (fuActive) {
            dropFu();
        }
        fuDiscarding = false;
        if (!current.isEmpty()) {
            completed.add(current);
            current = new ArrayList<>();
        }
        haveTimestamp = false;
    }
}
