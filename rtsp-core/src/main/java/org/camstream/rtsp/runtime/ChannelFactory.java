package org.camstream.rtsp.runtime;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

/**
 * Where the server's sockets come from, as a seam: the RTSP listening socket, the RTP/RTCP UDP
 * sockets and the selector. The default opens them from the JDK; tests pass one that fails (a port in
 * use, no even/odd pair) or hands out prepared channels.
 */
public interface ChannelFactory {
    ServerSocketChannel openListener() throws IOException;

    DatagramChannel openDatagram() throws IOException;

    Selector openSelector() throws IOException;

    /** The JDK's channels. */
    ChannelFactory JDK = new ChannelFactory() {
        @Override
        public ServerSocketChannel openListener() throws IOException {
            return ServerSocketChannel.open();
        }

        @Override
        public DatagramChannel openDatagram() throws IOException {
            return DatagramChannel.open();
        }

        @Override
        public Selector openSelector() throws IOException {
            return Selector.open();
        }

        @Override
        public String toString() {
            return "ChannelFactory.JDK";
        }
    };
}
