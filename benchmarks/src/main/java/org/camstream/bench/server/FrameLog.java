package org.camstream.bench.server;

import java.util.Arrays;

/**
 * What one receiver saw, frame by frame: RTP timestamp, arrival time of the frame's last packet,
 * bytes and whether the frame arrived whole. Also the packet-sequence bookkeeping (RFC 3550 §5.1,
 * 16-bit sequence numbers; a forward jump below 2^15 is counted as lost packets, anything else as
 * reordering/duplication). A frame ends at its marker packet (RFC 6184 §5.1) or when a packet with
 * another timestamp arrives first (then the frame is incomplete).
 *
 * <p>Thread: written by one receiving thread; read by the harness after that thread has been joined.
 */
final class FrameLog {
    private int[] timestamps = new int[1024];
    private long[] arrivals = new long[1024];
    private int[] bytes = new int[1024];
    private boolean[] complete = new boolean[1024];
    private int count;

    private boolean anyPacket;
    private int expectedSeq;
    private long lostPackets;
    private long packets;
    private boolean inFrame;
    private int frameTs;
    private int frameBytes;
    private boolean frameGap;

    /** One RTP packet: {@code len} bytes (header included) starting at {@code buf[off]}. */
    void packet(byte[] buf, int off, int len, long arrivalNanos) {
        if (len < 12 || (buf[off] & 0xC0) != 0x80) return; // not RTP version 2 (RFC 3550 §5.1)
        packets++;
        int seq = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        boolean marker = (buf[off + 1] & 0x80) != 0;
        int ts = ((buf[off + 4] & 0xff) << 24) | ((buf[off + 5] & 0xff) << 16) | ((buf[off + 6] & 0xff) << 8) | (buf[off + 7] & 0xff);
        boolean gap = false;
        if (anyPacket) {
            int d = (seq - expectedSeq) & 0xFFFF;
            if (d != 0 && d < 0x8000) {
                lostPackets += d;
                gap = true;
            } else if (d != 0) {
                return; // late or duplicate: ignore
            }
        }
        anyPacket = true;
        expectedSeq = (seq + 1) & 0xFFFF;
        if (inFrame && ts != frameTs) {
            end(arrivalNanos, false); // the previous frame's marker never came
        }
        if (!inFrame) {
            inFrame = true;
            frameTs = ts;
            frameBytes = 0;
            frameGap = false;
        }
        frameGap |= gap;
        frameBytes += len;
        if (marker) end(arrivalNanos, !frameGap);
    }

    private void end(long arrivalNanos, boolean whole) {
        if (count == timestamps.length) {
            int n = count * 2;
            timestamps = Arrays.copyOf(timestamps, n);
            arrivals = Arrays.copyOf(arrivals, n);
            bytes = Arrays.copyOf(bytes, n);
            complete = Arrays.copyOf(complete, n);
        }
        timestamps[count] = frameTs;
        arrivals[count] = arrivalNanos;
        bytes[count] = frameBytes;
        complete[count] = whole;
        count++;
        inFrame = false;
    }

    int frames() { return count; }

    int timestamp(int i) { return timestamps[i]; }

    long arrival(int i) { return arrivals[i]; }

    int bytes(int i) { return bytes[i]; }

    boolean complete(int i) { return complete[i]; }

    long lostPackets() { return lostPackets; }

    long packets() { return packets; }
}
