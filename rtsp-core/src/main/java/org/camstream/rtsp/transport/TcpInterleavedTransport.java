package org.camstream.rtsp.transport;

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

    @Override
    public int sendFrame(WirePackets packets, int firstSequence, int rtpTimestamp, int ssrc) {
        int needed = packets.interleavedLength();
        if (output.queuedBytes() + needed > backlogLimit) {
            output.mediaStalled();
            return 0;
        }
        for (int i = 0, n = packets.size(); i < n; i++) {
            packets.stamp(i, (firstSequence + i) & 0xFFFF, rtpTimestamp, ssrc);
            packets.prefix(i, rtpChannel);
        }
        output.writeMedia(packets.interleaved(0));
        return packets.size();
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        int framed = InterleavedFrame.HEADER_BYTES + len;
        // Best effort: never displace media or responses.
        if (output.freeBytes() < framed || off < InterleavedFrame.HEADER_BYTES) return;
        int at = off - InterleavedFrame.HEADER_BYTES;
        InterleavedFrame.writePrefix(buf, at, rtcpChannel, len);
        output.queue(buf, at, framed);
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
