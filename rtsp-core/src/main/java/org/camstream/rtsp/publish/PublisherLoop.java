package org.camstream.rtsp.publish;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Random;
import org.camstream.rtsp.stream.Frame;
import org.camstream.rtsp.stream.FrameMailbox;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.SelectorDriver;
import org.camstream.rtsp.stream.ParameterSetCache;
import org.camstream.sdp.SessionDescription;
import org.camstream.sdp.SpsInfo;

/**
 * One publisher's thread: an NIO selector over its RTSP connection (and UDP sockets), driving the
 * {@link PublisherMachine}, taking frames from the {@link FrameMailbox} that {@code send()} fills and
 * handing them to the {@link MediaSender}. It is the machine's {@link PublisherMachine.Io} and the
 * sender's {@link MediaSender.Sink}; callbacks from the network reach the machine only from the loop
 * body, never from inside an Io call, so the machine is never re-entered.
 *
 * <p>Buffers, each with one owner and a fixed size: the inbound buffer (responses, interleaved RTCP
 * from the receiver), the outbound direct buffer (requests and, over TCP, RTP; its media budget is what
 * the uplink may lag behind before frames are dropped), one direct datagram buffer for UDP.
 */
public final class PublisherLoop implements Runnable, PublisherMachine.Io, MediaSender.Sink, PublisherMachine.StreamDescription {
    /** Opens the sockets: a seam for tests; {@link #JDK} by default. */
    public interface Channels {
        SocketChannel openSocket() throws IOException;

        DatagramChannel openDatagram() throws IOException;
    }

    public static final Channels JDK = new Channels() {
        @Override
        public SocketChannel openSocket() throws IOException {
            return SocketChannel.open();
        }

        @Override
        public DatagramChannel openDatagram() throws IOException {
            return DatagramChannel.open();
        }
    };

    /** Room kept beyond the media budget for requests and RTCP, so a keepalive is never stuck behind video. */
    private static final int CONTROL_RESERVE = 64 * 1024;
    private static final int UDP_PORT_TRIES = 16;

    private final PublisherMachine machine;
    private final MediaSender media;
    private final FrameMailbox mailbox;
    /** Sequence of the last frame taken from the mailbox (-1: none yet); a skip means one was replaced. */
    private long lastSequence = -1;
    private final ParameterSetCache parameterSets;
    private final PublisherCounters counters;
    private final Clock clock;
    private final Channels channels;
    private final Selector selector;
    private final ResponseReader reader = new ResponseReader();
    private final ByteBuffer in = ByteBuffer.allocate(ResponseReader.MAX_HEAD + ResponseReader.MAX_BODY + 4096);
    private final ByteBuffer out;
    private final int mediaBudget;
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(65_536);
    private final ByteBuffer discard = ByteBuffer.allocateDirect(2048);
    private final SelectorDriver keys = SelectorDriver.create(this::onKey);
    private final double fps;
    private final long sdpSessionId;

    private SocketChannel tcp;
    private SelectionKey tcpKey;
    private DatagramChannel udpRtp;
    private DatagramChannel udpRtcp;
    private boolean mediaTcp;
    private int rtpChannel;
    private int rtcpChannel;
    private boolean connectedPending;
    private String deferredError;
    private volatile boolean stopRequested;
    private boolean stopIssued;
    private String sdp;
    private byte[] sdpSps;
    private byte[] sdpPps;

    /**
     * @param mediaBudget outbound bytes of RTP that may wait for the uplink before frames are dropped
     */
    public PublisherLoop(PublishTarget target, PublisherMachine.Config config, FrameMailbox mailbox,
            ParameterSetCache parameterSets, PublisherCounters counters, Runnable keyframeRequest,
            int maxPayloadSize, int mediaBudget, double fps, Clock clock, Channels channels, Random random)
            throws IOException {
        this.mailbox = mailbox;
        this.parameterSets = parameterSets;
        this.counters = counters;
        this.clock = clock;
        this.channels = channels;
        this.fps = fps;
        this.mediaBudget = mediaBudget;
        this.out = ByteBuffer.allocateDirect(mediaBudget + CONTROL_RESERVE);
        this.sdpSessionId = random.nextLong() >>> 1;
        this.selector = Selector.open();
        this.media = new MediaSender(maxPayloadSize, parameterSets, keyframeRequest, counters, random,
                "camstream-publisher@" + target.host());
        this.machine = new PublisherMachine(target, config, this, this, counters, random);
    }

    /** Any thread: a frame was queued (or stop was asked); the loop looks now. */
    public void wakeup() {
        selector.wakeup();
    }

    /** Any thread: ask the loop to TEARDOWN and end; the caller then joins the thread. */
    public void requestStop() {
        stopRequested = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (true) {
                long now = clock.nanoTime();
                if (stopRequested && !stopIssued) {
                    stopIssued = true;
                    machine.stop(now);
                }
                deliverNetworkEvents(now);
                machine.tick(now);
                deliverNetworkEvents(now);
                drainFrames(now);
                if (media.active()) {
                    try {
                        media.reportIfDue(now, clock.currentTimeMillis() * 1_000_000L);
                    } catch (IOException e) {
                        deferredError = PublisherMachine.describe(e);
                    }
                }
                deliverNetworkEvents(now);
                if (machine.stopped()) break;
                long until = Math.min(machine.nextDeadline(), media.active() ? media.nextReportNanos() : Long.MAX_VALUE);
                long waitMillis = until == Long.MAX_VALUE ? 1000 : Math.max(1, Math.min(1000, (until - now) / 1_000_000 + 1));
                if (connectedPending || deferredError != null) waitMillis = 0;
                if (!mailbox.isEmpty() || stopRequested && !stopIssued) {
                    keys.selectNow(selector);
                } else if (waitMillis == 0) {
                    keys.selectNow(selector);
                } else {
                    keys.select(selector, waitMillis);
                }
            }
        } catch (IOException | RuntimeException e) {
            counters.lastError = "publisher loop failed: " + e;
            PublishLog.warn("publisher loop ended by " + e);
        } finally {
            closeConnection();
            counters.framesDropped.addAndGet(mailbox.discardPending());
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
            counters.phase = PublishPhase.STOPPED;
        }
    }

    /** Connect completions and I/O errors found inside Io calls or key handling, handed to the machine here. */
    private void deliverNetworkEvents(long now) {
        if (deferredError != null) {
            String e = deferredError;
            deferredError = null;
            connectedPending = false;
            machine.onIoError(now, e);
        }
        if (connectedPending) {
            connectedPending = false;
            machine.onConnected(now);
        }
    }

    private void drainFrames(long now) {
        Frame f;
        while ((f = mailbox.take()) != null) {
            try {
                if (f.followsALoss(lastSequence)) media.frameLostBefore(now);
                lastSequence = f.sequence();
                media.scan(f.data, f.length);
                boolean sent = false;
                if (machine.publishing() && deferredError == null) {
                    try {
                        sent = media.send(f.data, f.length, f.captureNanos, now);
                        if (sent) flush();
                    } catch (IOException e) {
                        deferredError = PublisherMachine.describe(e);
                    }
                }
                if (sent) {
                    counters.framesSent.incrementAndGet();
                } else {
                    counters.framesDropped.incrementAndGet();
                }
            } finally {
                mailbox.release(f);
            }
        }
    }

    private void onKey(SelectionKey key) {
        if (!key.isValid()) return;
        try {
            if (key.channel() == tcp) {
                if (key.isConnectable()) {
                    if (tcp.finishConnect()) {
                        key.interestOps(SelectionKey.OP_READ | (out.position() > 0 ? SelectionKey.OP_WRITE : 0));
                        connectedPending = true;
                    }
                    return;
                }
                if (key.isReadable()) read();
                if (key.isValid() && key.isWritable()) flush();
            } else if (key.isReadable()) {
                DatagramChannel ch = (DatagramChannel) key.channel();
                ((Buffer) discard).clear();
                while (ch.read(discard) > 0) ((Buffer) discard).clear(); // receiver reports: not needed to publish (read(): no address object per packet)
            }
        } catch (IOException e) {
            if (deferredError == null) deferredError = PublisherMachine.describe(e);
        }
    }

    private void read() throws IOException {
        int n = tcp.read(in);
        if (n < 0) {
            deferredError = "connection closed by the server";
            return;
        }
        SocketChannel connection = tcp;
        ((Buffer) in).flip();
        try {
            ClientResponse r;
            while (deferredError == null && tcp == connection && (r = reader.next(in)) != null) {
                machine.onResponse(clock.nanoTime(), r); // may close this connection or open another
            }
        } catch (ResponseReader.ProtocolException e) {
            deferredError = "unreadable answer from the server: " + e.getMessage();
        } finally {
            if (tcp == connection) {
                in.compact();
            } else {
                ((Buffer) in).clear(); // the bytes belonged to the connection that was just closed
            }
        }
    }

    private void flush() throws IOException {
        if (tcp == null || !tcp.isConnected()) return;
        ((Buffer) out).flip();
        int n = tcp.write(out);
        out.compact();
        if (tcpKey != null && tcpKey.isValid()) {
            tcpKey.interestOps(SelectionKey.OP_READ | (out.position() > 0 ? SelectionKey.OP_WRITE : 0));
        }
    }

    // --- PublisherMachine.Io ---

    @Override
    public void connect(String host, int port) throws IOException {
        closeConnection();
        tcp = channels.openSocket();
        try {
            tcp.configureBlocking(false);
            tcp.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SocketAddress address = new InetSocketAddress(host, port);
            boolean done = tcp.connect(address);
            tcpKey = tcp.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            connectedPending = done;
        } catch (UnresolvedAddressException e) {
            closeConnection();
            throw new IOException("cannot resolve host " + host);
        } catch (IOException e) {
            closeConnection();
            throw e;
        }
    }

    @Override
    public void send(byte[] request) {
        if (out.remaining() < request.length) {
            deferredError = "request of " + request.length + " bytes does not fit the outbound buffer";
            return;
        }
        out.put(request);
        try {
            flush();
        } catch (IOException e) {
            deferredError = PublisherMachine.describe(e);
        }
    }

    @Override
    public int openUdp() throws IOException {
        InetAddress local = ((InetSocketAddress) tcp.getLocalAddress()).getAddress();
        for (int i = 0; i < UDP_PORT_TRIES; i++) {
            DatagramChannel rtp = channels.openDatagram();
            DatagramChannel rtcp = null;
            try {
                rtp.bind(new InetSocketAddress(local, 0));
                int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
                if (port % 2 != 0 || port == 65535) { // RFC 3550 §11: RTP on an even port, RTCP on the next
                    rtp.close();
                    continue;
                }
                rtcp = channels.openDatagram();
                rtcp.bind(new InetSocketAddress(local, port + 1));
                udpRtp = rtp;
                udpRtcp = rtcp;
                return port;
            } catch (IOException e) {
                rtp.close();
                if (rtcp != null) rtcp.close();
            }
        }
        throw new IOException("no free even/odd UDP port pair on " + local.getHostAddress());
    }

    @Override
    public void startMedia(boolean overTcp, int rtpChannelOrPort, int rtcpChannelOrPort) throws IOException {
        mediaTcp = overTcp;
        if (overTcp) {
            rtpChannel = rtpChannelOrPort;
            rtcpChannel = rtcpChannelOrPort;
        } else {
            InetAddress server = ((InetSocketAddress) tcp.getRemoteAddress()).getAddress();
            udpRtp.configureBlocking(false);
            udpRtcp.configureBlocking(false);
            // Connected sockets: packets go only to the server, and an ICMP port-unreachable (receiver
            // gone) comes back as PortUnreachableException instead of silence.
            udpRtp.connect(new InetSocketAddress(server, rtpChannelOrPort));
            udpRtcp.connect(new InetSocketAddress(server, rtcpChannelOrPort));
            udpRtp.register(selector, SelectionKey.OP_READ);
            udpRtcp.register(selector, SelectionKey.OP_READ);
        }
        media.start(this, clock.nanoTime());
    }

    @Override
    public void closeConnection() {
        media.stop();
        tcp = close(tcp);
        tcpKey = null;
        udpRtp = close(udpRtp);
        udpRtcp = close(udpRtcp);
        ((Buffer) in).clear();
        ((Buffer) out).clear();
        connectedPending = false;
        reader.reset();
    }

    private static <C extends java.nio.channels.Channel> C close(C c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the connection is being dropped anyway
            }
        }
        return null;
    }

    // --- MediaSender.Sink ---

    @Override
    public boolean room(int bytes) {
        return mediaTcp ? out.position() + bytes <= mediaBudget : true;
    }

    @Override
    public int framing() {
        return mediaTcp ? 4 : 0;
    }

    @Override
    public boolean rtp(byte[] buf, int off, int len) throws IOException {
        if (mediaTcp) {
            interleave(buf, off, len, rtpChannel);
            return true;
        }
        ((Buffer) datagram).clear();
        datagram.put(buf, off, len);
        ((Buffer) datagram).flip();
        return udpRtp.write(datagram) > 0;
    }

    @Override
    public void rtcp(byte[] buf, int off, int len) throws IOException {
        if (mediaTcp) {
            if (out.remaining() < len + 4) return; // the uplink is that far behind: this report can wait
            interleave(buf, off, len, rtcpChannel);
            flush();
            return;
        }
        ((Buffer) datagram).clear();
        datagram.put(buf, off, len);
        ((Buffer) datagram).flip();
        udpRtcp.write(datagram);
    }

    /** RFC 2326 §10.12: '$', channel, 16-bit length, then the packet, written in the packet's headroom. */
    private void interleave(byte[] buf, int off, int len, int channel) {
        buf[off - 4] = '$';
        buf[off - 3] = (byte) channel;
        buf[off - 2] = (byte) (len >>> 8);
        buf[off - 1] = (byte) len;
        out.put(buf, off - 4, len + 4);
    }

    // --- PublisherMachine.StreamDescription ---

    @Override
    public String sdp() {
        if (!parameterSets.complete()) return null;
        byte[] sps = parameterSets.sps();
        byte[] pps = parameterSets.pps();
        if (sdp == null || sps != sdpSps || pps != sdpPps) { // the cache replaces its arrays on change
            SpsInfo info = parameterSets.spsInfo();
            String origin = "127.0.0.1";
            if (tcp != null) {
                try {
                    SocketAddress local = tcp.getLocalAddress();
                    if (local instanceof InetSocketAddress) origin = ((InetSocketAddress) local).getAddress().getHostAddress();
                } catch (IOException | RuntimeException ignored) {
                    // keep the placeholder origin
                }
            }
            sdp = SessionDescription.builder().origin(sdpSessionId, 0, origin).sessionName("camstream")
                    .h264Track(MediaSender.PAYLOAD_TYPE, PublisherMachine.TRACK_CONTROL, sps, pps, fps,
                            info == null ? 0 : info.width(), info == null ? 0 : info.height())
                    .build();
            sdpSps = sps;
            sdpPps = pps;
        }
        return sdp;
    }

    /** The machine's phase, for tests and the API's snapshot. */
    PublishPhase phase() {
        return machine.phase();
    }
}
