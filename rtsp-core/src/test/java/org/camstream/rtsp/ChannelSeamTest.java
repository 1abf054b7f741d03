package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.camstream.rtsp.runtime.ChannelFactory;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.Test;

/**
 * The socket seam: every channel the server opens comes from its {@link ChannelFactory}, and the
 * server closes every one of them, on stop and when it fails half-way through starting.
 */
class ChannelSeamTest {

    /** The JDK's channels, remembered; can fail the n-th datagram channel. */
    private static final class RecordingFactory implements ChannelFactory {
        final List<Channel> opened = new ArrayList<>();
        final List<Selector> selectors = new ArrayList<>();
        int failDatagramNumber = -1;
        private int datagrams;

        @Override
        public ServerSocketChannel openListener() throws IOException {
            ServerSocketChannel c = ChannelFactory.JDK.openListener();
            opened.add(c);
            return c;
        }

        @Override
        public DatagramChannel openDatagram() throws IOException {
            if (datagrams++ == failDatagramNumber) throw new IOException("no UDP here (test)");
            DatagramChannel c = ChannelFactory.JDK.openDatagram();
            opened.add(c);
            return c;
        }

        @Override
        public Selector openSelector() throws IOException {
            Selector s = ChannelFactory.JDK.openSelector();
            selectors.add(s);
            return s;
        }
    }

    private static RtspServerOptions.Builder options(RecordingFactory f) {
        return RtspServerOptions.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).channelFactory(f);
    }

    @Test
    void theServerUsesTheFactoryAndClosesWhatItOpened() throws Exception {
        RecordingFactory f = new RecordingFactory();
        RtspServer server = new RtspServer(320, 240, options(f).build());
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("OPTIONS", "*").status()).isEqualTo(200);
        } finally {
            server.stop();
        }
        // A listener and an RTP/RTCP pair at least (odd ports are retried), and one selector.
        assertThat(f.opened).hasSizeGreaterThanOrEqualTo(3);
        assertThat(f.opened.get(0)).isInstanceOf(ServerSocketChannel.class);
        assertThat(f.selectors).hasSize(1);
        assertThat(f.opened).allSatisfy(ch -> assertThat(ch.isOpen()).as("%s closed", ch).isFalse());
        assertThat(f.selectors.get(0).isOpen()).isFalse();
    }

    /** A failure while starting (no UDP) is an UncheckedIOException, and the listener is not leaked. */
    @Test
    void aFailedStartClosesWhatWasOpened() {
        RecordingFactory f = new RecordingFactory();
        f.failDatagramNumber = 0;
        assertThatThrownBy(() -> new RtspServer(320, 240, options(f).build()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no UDP here");
        assertThat(f.opened).hasSize(1);
        assertThat(f.opened.get(0).isOpen()).as("listener closed").isFalse();
        assertThat(f.selectors).isEmpty();
    }

    /** The second socket of the pair failing: the first one is closed too. */
    @Test
    void aFailedSecondUdpSocketClosesTheFirst() {
        RecordingFactory f = new RecordingFactory();
        f.failDatagramNumber = 1;
        assertThatThrownBy(() -> new RtspServer(320, 240, options(f).build())).isInstanceOf(UncheckedIOException.class);
        assertThat(f.opened).allSatisfy(ch -> assertThat(ch.isOpen()).as("%s closed", ch).isFalse());
    }
}
