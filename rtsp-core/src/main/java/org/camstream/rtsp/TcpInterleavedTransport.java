package org.camstream.rtsp;

import java.util.OptionalInt;

/**
 * RTP/AVP/TCP: packets interleaved in the RTSP connection, each framed as '$', channel, 16-bit length
 * (RFC 2326 §10.12). The frame is written straight from the shared {@link WirePackets}; only what the
 * socket does not take at once is copied into the connection's bounded {@link OutboundBuffer}, the
 * per-client backlog: a frame that does not fit whole is dropped for this client only, and it resumes
 * at the next IDR.
 */
final class TcpInterleavedTransport implements MediaTransport {
    private final RtspConnection connection;
    final int rtpChannel;
    final int rtcpChannel;
    private final int backlogLimit;

    TcpInterleavedTransport(RtspConnection connection, int rtpChannel, int rtcpChannel, int backlogLimit) {
        this.connection = connection;
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
        this.backlogLimit = backlogLimit;
    }

    @Override
    public boolean sendFrame(WirePackets packets, Session session, int rtpTimestamp) {
        int needed = packets.interleavedLength();
        if (connection.outbound().size() + needed > backlogLimit) {
            connection.markStalled(System.nanoTime());
            return false;
        }
        for (int i = 0, n = packets.size(); i < n; i++) {
            packets.stamp(i, (session.nextSequence + i) & 0xFFFF, rtpTimestamp, session.ssrc);
            packets.prefix(i, rtpChannel);
        }
        session.nextSequence = (session.nextSequence + packets.size()) & 0xFFFF;
        session.packetsSent += packets.size();
        session.octetsSent += packets.payloadBytes();
        connection.sendMedia(packets.interleaved(0));
        return true;
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        OutboundBuffer out = connection.outbound();
        if (out.free() < len + 4 || off < 4) return; // best effort: never displace media or responses
        writeFramingPrefix(buf, off - 4, rtcpChannel, len);
        out.put(buf, off - 4, len + 4);
        connection.requestFlush();
    }

    /** RFC 2326 §10.12: '$' (0x24), one-byte channel id, two-byte big-endian length. */
    private static void writeFramingPrefix(byte[] dst, int at, int channel, int length) {
        dst[at] = '$';
        dst[at + 1] = (byte) channel;
        dst[at + 2] = (byte) (length >>> 8);
        dst[at + 3] = (byte) length;
    }

    @Override
    public String describe(Session session) {
        return TransportHeader.Spec.tcpInterleaved(new TransportHeader.PortRange(rtpChannel, rtcpChannel),
                OptionalInt.of(session.ssrc)).format();
    }
}
