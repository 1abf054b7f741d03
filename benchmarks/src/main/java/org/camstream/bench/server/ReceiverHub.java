package org.camstream.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Lightweight RTP receivers for many clients on one selector thread: UDP (an RTP and an RTCP
 * DatagramChannel per client; RTCP is read and discarded) and TCP interleaved (RFC 2326 §10.12
 * '$' framing, channel 0 = RTP). Each client's packets go to its {@link FrameLog}.
 *
 * <p>Thread: one receiving thread started by the constructor; {@link #addUdp}/{@link #addTcp} from any
 * thread; {@link #close()} joins the thread, after which the logs may be read.
 */
final class ReceiverHub implements AutoCloseable {
    private static final int RCVBUF = 1 << 20;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> registrations = new ConcurrentLinkedQueue<>();
    private final List<DatagramChannel> udpChannels = new ArrayList<>();
    private final ByteBuffer datagram = ByteBuffer.allocate(65536);
    private volatile boolean running = true;

    /** A TCP client's read state. */
    private static final class Tcp {
        final FrameLog log;
        final ByteBuffer in = ByteBuffer.allocate(512 * 1024);
        Tcp(FrameLog log) { this.log = log; }
    }

    ReceiverHub(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** An even/odd pair of bound UDP ports (RFC 3550 §11) for one client; returns the RTP channel. */
    DatagramChannel[] openUdpPair() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            DatagramChannel rtp = DatagramChannel.open();
            rtp.setOption(StandardSocketOptions.SO_RCVBUF, RCVBUF);
            rtp.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            if ((port & 1) != 0 || port > 65000) {
                rtp.close();
                continue;
            }
            DatagramChannel rtcp = DatagramChannel.open();
            try {
                rtcp.bind(new InetSocketAddress("127.0.0.1", port + 1));
            } catch (IOException e) {
                rtcp.close();
                rtp.close();
                continue;
            }
            return new DatagramChannel[] {rtp, rtcp};
        }
        throw new IOException("no free UDP port pair");
    }

    /**
     * One receiver: connects to {@code server}, sets up {@code url} over UDP (a fresh port pair) or TCP
     * interleaved, plays it and reads its RTP into {@code log}. The caller owns the returned connection
     * (keep-alives, TEARDOWN, close).
     */
    RtspHandshake play(InetSocketAddress server, String url, boolean udp, FrameLog log) throws IOException {
        RtspHandshake h = new RtspHandshake(server);
        if (udp) {
            DatagramChannel[] pair = openUdpPair();
            int p = ((InetSocketAddress) pair[0].getLocalAddress()).getPort();
            addUdp(pair, log);
            h.play(url, "RTP/AVP;unicast;client_port=" + p + "-" + (p + 1));
        } else {
            h.play(url, "RTP/AVP/TCP;unicast;interleaved=0-1");
            addTcp(h.channel, h.leftover, log);
        }
        return h;
    }

    void addUdp(DatagramChannel[] pair, FrameLog log) throws IOException {
        for (DatagramChannel ch : pair) {
            ch.configureBlocking(false);
            synchronized (udpChannels) {
                udpChannels.add(ch);
            }
        }
        registrations.add(() -> {
            try {
                pair[0].register(selector, SelectionKey.OP_READ, log);
                pair[1].register(selector, SelectionKey.OP_READ, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        selector.wakeup();
    }

    void addTcp(SocketChannel channel, byte[] leftover, FrameLog log) throws IOException {
        channel.configureBlocking(false);
        Tcp t = new Tcp(log);
        t.in.put(leftover);
        registrations.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, t);
                parse(t, System.nanoTime());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        selector.wakeup();
    }

    private void run() {
        try {
            while (running) {
                selector.select(100);
                Runnable r;
                while ((r = registrations.poll()) != null) r.run();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) continue;
                    if (key.channel() instanceof DatagramChannel ch) {
                        receiveUdp(ch, (FrameLog) key.attachment());
                    } else if (key.attachment() instanceof Tcp t) {
                        receiveTcp(key, (SocketChannel) key.channel(), t);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) throw new IllegalStateException(e);
        }
    }

    private void receiveUdp(DatagramChannel ch, FrameLog log) throws IOException {
        for (int i = 0; i < 256; i++) {
            datagram.clear();
            if (ch.receive(datagram) == null) return;
            if (log != null) log.packet(datagram.array(), 0, datagram.position(), System.nanoTime());
        }
    }

    private void receiveTcp(SelectionKey key, SocketChannel ch, Tcp t) throws IOException {
        int n = ch.read(t.in);
        if (n < 0) {
            key.cancel();
            return;
        }
        parse(t, System.nanoTime());
    }

    /** RFC 2326 §10.12: '$', channel, 16-bit length, packet. Anything else (an RTSP message) is skipped to its end. */
    private static void parse(Tcp t, long now) {
        ByteBuffer b = t.in;
        byte[] a = b.array();
        int end = b.position();
        int p = 0;
        while (p < end) {
            if (a[p] == '$') {
                if (p + 4 > end) break;
                int len = ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
                if (p + 4 + len > end) break;
                if (a[p + 1] == 0) t.log.packet(a, p + 4, len, now);
                p += 4 + len;
            } else {
                int stop = -1;
                for (int i = p; i + 3 < end; i++) {
                    if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                        stop = i + 4;
                        break;
                    }
                }
                if (stop < 0) break;
                p = stop; // a server request/response without body; the harness sends nothing that needs one
            }
        }
        System.arraycopy(a, p, a, 0, end - p);
        b.position(end - p);
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
        synchronized (udpChannels) {
            for (DatagramChannel ch : udpChannels) ch.close();
        }
    }
}
