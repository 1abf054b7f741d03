package org.camstream.rtsp.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.OptionalInt;
import org.camstream.rtsp.headers.TransportHeader;
import org.camstream.rtsp.runtime.Log;

/**
 * RTP/AVP over UDP unicast to the client's ports (RFC 2326 §12.39), sent from the server's shared RTP
 * and RTCP sockets. Non-blocking: a datagram the kernel cannot take at once is a lost frame for this
 * client only, never a stall of the loop.
 */
public final class UdpTransport implements MediaSink {
    private final UdpSockets sockets;
    private final InetSocketAddress clientRtp;
    private final InetSocketAddress clientRtcp;
    private final Log log;

    public UdpTransport(UdpSockets sockets, InetSocketAddress clientRtp, InetSocketAddress clientRtcp, Log log) {
        this.sockets = sockets;
        this.clientRtp = clientRtp;
        this.clientRtcp = clientRtcp;
        this.log = log;
    }

    /** Where the client receives RTCP, and so where its receiver reports come from (RFC 3550 §11). */
    public InetSocketAddress clientRtcp() {
        return clientRtcp;
    }

    @Override
    public int sendFrame(WirePackets packets, int firstSequence, int rtpTimestamp, int ssrc) {
        DatagramChannel channel = sockets.rtp();
        for (int i = 0, n = packets.size(); i < n; i++) {
            packets.stamp(i, (firstSequence + i) & 0xFFFF, rtpTimestamp, ssrc);
            int sent;
            try {
                sent = channel.send(packets.packet(i), clientRtp);
            } catch (IOException e) {
                log.debug("UDP send to {0} failed: {1}", clientRtp, e.getMessage());
                return i;
            }
            if (sent == 0) {
                return i; // socket buffer full: lose the rest of this frame
            }
        }
        return packets.size();
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        try {
            sockets.sendRtcp(buf, off, len, clientRtcp);
        } catch (IOException e) {
            log.debug("RTCP send to {0} failed: {1}", clientRtcp, e.getMessage());
        }
    }

    @Override
    public String transportHeader(int ssrc) {
        return TransportHeader.Spec.udpUnicast(
                new TransportHeader.PortRange(clientRtp.getPort(), clientRtcp.getPort()),
                new TransportHeader.PortRange(sockets.rtpPort(), sockets.rtcpPort()),
                OptionalInt.of(ssrc)).format();
    }

    @Override
    public boolean interleaved() {
        return false;
    }
}
