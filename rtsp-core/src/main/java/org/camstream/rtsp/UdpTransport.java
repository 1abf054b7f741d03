package org.camstream.rtsp;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.OptionalInt;
import org.camstream.rtp.RtpHeader;

/**
 * RTP/AVP over UDP unicast to the client's ports (RFC 2326 §12.39), sent from the server's shared RTP
 * and RTCP sockets. Non-blocking: a datagram the kernel cannot take at once is a lost frame for this
 * client only, never a stall of the loop.
 */
final class UdpTransport implements MediaTransport {
    private static final Logger LOG = System.getLogger(UdpTransport.class.getName());

    private final UdpSockets sockets;
    final InetSocketAddress clientRtp;
    final InetSocketAddress clientRtcp;

    UdpTransport(UdpSockets sockets, InetSocketAddress clientRtp, InetSocketAddress clientRtcp) {
        this.sockets = sockets;
        this.clientRtp = clientRtp;
        this.clientRtcp = clientRtcp;
    }

    @Override
    public boolean sendFrame(WirePackets packets, Session session, int rtpTimestamp) {
        DatagramChannel channel = sockets.rtp();
        for (int i = 0, n = packets.size(); i < n; i++) {
            packets.stamp(i, session.nextSequence, rtpTimestamp, session.ssrc);
            int sent;
            try {
                sent = channel.send(packets.packet(i), clientRtp);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "UDP send to {0} failed: {1}", clientRtp, e.getMessage());
                return false;
            }
            if (sent == 0) {
                return false; // socket buffer full: lose the rest of this frame, resume at an IDR
            }
            session.nextSequence = (session.nextSequence + 1) & 0xFFFF;
            session.packetsSent++;
            session.octetsSent += packets.length(i) - RtpHeader.SIZE;
        }
        return true;
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        try {
            sockets.sendRtcp(buf, off, len, clientRtcp);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "RTCP send to {0} failed: {1}", clientRtcp, e.getMessage());
        }
    }

    @Override
    public String describe(Session session) {
        return TransportHeader.Spec.udpUnicast(
                new TransportHeader.PortRange(clientRtp.getPort(), clientRtcp.getPort()),
                new TransportHeader.PortRange(sockets.rtpPort(), sockets.rtcpPort()),
                OptionalInt.of(session.ssrc)).format();
    }
}
