package org.camstream.rtsp.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.camstream.rtsp.runtime.ChannelFactory;

/**
 * The server's RTP/RTCP socket pair shared by all UDP sessions. RFC 3550 §11: RTP on an even port,
 * RTCP on the next (odd) one. Owned by the event loop; closed by it on stop.
 */
public final class UdpSockets implements AutoCloseable {
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

    /** Binds an even/odd pair of free ports on {@code address} (null = wildcard), from {@code channels}. */
    public static UdpSockets open(ChannelFactory channels, InetAddress address) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramChannel first = channels.openDatagram();
            try {
                first.bind(new InetSocketAddress(address, 0));
                int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
                if ((port & 1) != 0 || port == 65534) {
                    first.close();
                    continue;
                }
                DatagramChannel second = channels.openDatagram();
                try {
                    second.bind(new InetSocketAddress(address, port + 1));
                    configure(first);
                    configure(second);
                } catch (SocketException e) {
                    second.close();
                    first.close();
                    last = e;
                    continue;
                } catch (IOException e) {
                    second.close();
                    throw e;
                }
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
        ch.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
    }

    public DatagramChannel rtp() { return rtp; }

    public DatagramChannel rtcp() { return rtcp; }

    /** Sends one RTCP compound packet from the RTCP socket (loop thread). */
    public void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to) throws IOException {
        ((Buffer) rtcpOut).clear();
        rtcpOut.put(buf, off, len);
        ((Buffer) rtcpOut).flip();
        rtcp.send(rtcpOut, to);
    }

    public int rtpPort() {
        return rtpPort;
    }

    public int rtcpPort() {
        return rtpPort + 1;
    }

    @Override
    public void close() {
        try { rtp.close(); } catch (IOException ignored) { /* closing anyway */ }
        try { rtcp.close(); } catch (IOException ignored) { /* closing anyway */ }
    }
}
