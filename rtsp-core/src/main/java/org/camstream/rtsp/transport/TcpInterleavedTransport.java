package org.camstream.rtsp.transport;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import org.camstream.rtsp.headers.TransportHeader;
import org.camstream.rtsp.wire.InterleavedFrame;

/**
 * RTP/AVP/TCP: packets interleaved in the RTSP connection, each framed as '$', channel, 16-bit length
 * (RFC 2326 §10.12). The frame is written straight from the shared {@link WirePackets}; only what the
 * socket does not take at once is copied into the connection's bounded outbound ring, the per-client
 * backlog: a frame that does not fit whole is not sent at all (the session then waits for the next IDR).
 */
public final class TcpInterleavedTransport implements MediaSink {
    private final InterleavedOutput output;
    private final int rtpChannel;
    private final int rtcpChannel;
    private final int backlogLimit;

    public TcpInterleavedTransport(InterleavedOutput output, int rtpChannel, int rtcpChannel, int backlogLimit) {
        this.output = output;
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
        this.backlogLimit = backlogLimit;
    }

    public int rtpChannel() {
        return rtpChannel;
    }

    public int rtcpChannel() {
        return rtcpChannel;
    }

    /**
     * Writes the frame straight to the socket; what it does not take is queued in whole packets as far
     * as the budget allows, always finishing a packet the socket cut (the framing must stay intact).
     * Returns the packets sent or queued: fewer than the frame's when the budget ran out.
     */
    @Override
    public int sendFrame(WirePackets packets, int firstSequence, int rtpTimestamp, int ssrc) {
        int needed = packets.interleavedLength();
        int n = packets.size();
        if (output.queuedBytes() + needed > backlogLimit) {
            output.mediaStalled();
            return 0;
        }
        for (int i = 0; i < n; i++) {
            packets.stamp(i, (firstSequence + i) & 0xFFFF, rtpTimestamp, ssrc);
            packets.prefix(i, rtpChannel);
        }
        ByteBuffer media = packets.interleaved(0);
        int from = output.writeDirect(media);
        if (from == needed) return n;
        int room = output.mediaRoom();
        int first = packets.packetAt(from);
        int whole = first;
        if (whole < n && packets.start(whole) < from) whole++; // cut by the socket: must be finished
        while (whole < n && packets.end(whole) - from <= room) whole++;
        int end = whole == 0 ? from : packets.end(whole - 1);
        if (end > from) {
            ByteBuffer rest = packets.interleaved(from);
            ((Buffer) rest).limit(end);
            output.queueMedia(rest);
        }
        if (whole < n) output.mediaStalled();
        return whole;
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        // Best effort: never displaces media or responses.
        if (off < InterleavedFrame.HEADER_BYTES) return;
        int at = off - InterleavedFrame.HEADER_BYTES;
        InterleavedFrame.writePrefix(buf, at, rtcpChannel, len);
        output.queueIfRoom(buf, at, InterleavedFrame.HEADER_BYTES + len);
    }

    @Override
    public String transportHeader(int ssrc) {
        return TransportHeader.Spec.tcpInterleaved(new TransportHeader.PortRange(rtpChannel, rtcpChannel),
                OptionalInt.of(ssrc)).format();
    }

    @Override
    public boolean interleaved() {
        return true;
    }
}
