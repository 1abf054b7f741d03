package org.camstream.rtsp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The server's RTP/RTCP socket pair shared by all UDP sessions. RFC 3550 §11: RTP on an even port,
 * RTCP on the next (odd) one. Owned by the event loop; closed by it on stop.
 */
final class UdpSockets implements AutoCloseable {
    private static final int SEND_BUFFER_BYTES = 4 << 20;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final int rtpPort;
    /** Outgoing RTCP is copied here: sending from a heap buffer makes the JDK copy into a temporary direct one. */
    private final ByteBuffer rtcpOut = ByteBuffer.allocateDirect(1500);

    private UdpSockets(DatagramChannel rtp, DatagramChannel rtcp, int rtpPort) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.rtpPort = rtpPort;
    }

    /** Binds an even/odd pair of free ports on {@code address} (null = wildcard). */
    static UdpSockets open(InetAddress address) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramChannel first = DatagramChannel.open();
            try {
                first.bind(new InetSocketAddress(address, 0));
                int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
                if ((port & 1) != 0 || port == 65534) {
                    first.close();
                    continue;
                }
                DatagramChannel second = DatagramChannel.open();
                try {
                    second.bind(new InetSocketAddress(address, port + 1));
                } catch (SocketException e) {
                    second.close();
                    first.close();
                    last = e;
                    continue;
                }
                configure(first);
                configure(second);
                return new UdpSockets(first, second, port);
            } catch (IOException e) {
                first.close();
                throw e;
            }
        }
        throw new IOException("no free even/odd UDP port pair for RTP/RTCP", last);
    }

    private static void configure(DatagramChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
    }

    DatagramChannel rtp() { return rtp; }

    DatagramChannel rtcp() { return rtcp; }

    /** Sends one RTCP compound packet from the RTCP socket (loop thread). */
    void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to) throws IOException {
        rtcpOut.clear();
        rtcpOut.put(buf, off, len).flip();
        rtcp.send(rtcpOut, to);
    }

    int rtpPort() {
        return rtpPort;
    }

    int rtcpPort() {
        return rtpPort + 1;
    }

    @Override
    public void close() {
        try { rtp.close(); } catch (IOException ignored) { /* closing anyway */ }
        try { rtcp.close(); } catch (IOException ignored) { /* closing anyway */ }
    }
}
