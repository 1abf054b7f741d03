package org.camstream.rtsp;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The server's single thread: one NIO selector for the RTSP listener, every RTSP connection and the
 * shared RTP/RTCP sockets; frames from the mailbox; timers (session timeouts, RTCP reports).
 *
 * <p>Everything but {@link #wakeUp()} and {@link #shutdown()} runs on the loop thread, so sessions
 * and connections need no locks.
 */
final class EventLoop implements Runnable {
    private static final Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ServerContext context;
    private final RequestHandler handler;
    private final FrameMailbox mailbox;
    private final SenderReports senderReports;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ByteBuffer rtcpIn = ByteBuffer.allocate(2048);
    private volatile boolean running = true;
    private long nextTickNanos;
    /** Bound once: a method reference passed to every select would be allocated per pass. */
    private final Consumer<SelectionKey> keyHandler = this::handleKey;
    /** nanoTime of the current loop pass, 0 until its first ready key. */
    private long passNanos;

    EventLoop(Selector selector, ServerSocketChannel listener, ServerContext context, FrameMailbox mailbox) {
        this.selector = selector;
        this.listener = listener;
        this.context = context;
        this.handler = new RequestHandler(context);
        this.mailbox = mailbox;
        this.senderReports = new SenderReports("camstream@" + context.sdpSessionId);
    }

    /** Any thread: a frame is waiting. Coalesces wake-ups so a fast producer costs one syscall per loop pass. */
    void wakeUp() {
        if (wakeupPending.compareAndSet(false, true)) selector.wakeup();
    }

    /** Any thread: ends the loop; the loop thread then closes everything. */
    void shutdown() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            listener.register(selector, SelectionKey.OP_ACCEPT);
            context.udp.rtp().register(selector, SelectionKey.OP_READ);
            context.udp.rtcp().register(selector, SelectionKey.OP_READ);
            nextTickNanos = System.nanoTime() + TICK_NANOS;
            while (running) {
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTickNanos - System.nanoTime()));
                passNanos = 0;
                selector.select(keyHandler, waitMillis); // ready keys go straight to handleKey: no key set, no iterator
                wakeupPending.set(false);
                long now = System.nanoTime();
                deliverPendingFrames();
                if (now - nextTickNanos >= 0) {
                    tick(now);
                    nextTickNanos = now + TICK_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) LOG.log(Level.ERROR, "RTSP event loop failed", e);
        } finally {
            closeAll();
        }
    }

    /**
     * One ready key, called by {@link Selector#select(Consumer, long)} during the select, so a loop pass
     * allocates no iterator over a selected-key set (measured: ~50 B per frame before). The pass's time
     * is read at its first key.
     */
    private void handleKey(SelectionKey key) {
        if (passNanos == 0) passNanos = System.nanoTime();
        long now = passNanos;
        if (!key.isValid()) return;
        Object attachment = key.attachment();
        try {
            if (attachment instanceof RtspConnection conn) {
                if (key.isReadable()) conn.onReadable(now);
                if (key.isValid() && key.isWritable()) conn.flush();
            } else if (key.isAcceptable()) {
                accept(now);
            } else if (key.isReadable()) {
                receiveDatagrams((DatagramChannel) key.channel(), now);
            }
        } catch (RuntimeException e) {
            // A bug triggered by one client must not take the server down for the others.
            LOG.log(Level.ERROR, "error while serving a client; closing its connection", e);
            if (attachment instanceof RtspConnection conn) context.closeConnection(conn);
        }
    }

    private void accept(long now) {
        SocketChannel ch;
        try {
            while ((ch = listener.accept()) != null) {
                if (context.connections.size() >= context.options.maxConnections()
                        || connectionsFrom(ch) >= context.options.maxConnectionsPerAddress()) {
                    refuse(ch);
                    continue;
                }
                try {
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                    RtspConnection conn = new RtspConnection(ch, key, handler, now);
                    key.attach(conn);
                    context.connections.add(conn);
                    context.counters.connections = context.connections.size();
                    LOG.log(Level.DEBUG, "connection from {0}", conn.remote);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "could not set up accepted connection: {0}", e.getMessage());
                    ch.close();
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "accept failed: {0}", e.getMessage());
        }
    }

    private int connectionsFrom(SocketChannel ch) throws IOException {
        java.net.InetAddress from = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
        int n = 0;
        for (RtspConnection c : context.connections) {
            if (c.remote.getAddress().equals(from)) n++;
        }
        return n;
    }

    /** Over the connection limit: a best-effort 503 Service Unavailable (RFC 2326 §7.1.1) and close. */
    private static void refuse(SocketChannel ch) {
        try (ch) {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(new RtspResponse(RtspStatus.SERVICE_UNAVAILABLE)
                    .header(RtspHeaders.SERVER, RequestHandler.SERVER_NAME).toBytes()));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "refusing connection: {0}", e.getMessage());
        }
        LOG.log(Level.WARNING, "connection refused: limit of open connections reached");
    }

    /** RTCP from UDP clients keeps their sessions alive (RFC 2326 §12.37); anything on the RTP port is discarded. */
    private void receiveDatagrams(DatagramChannel channel, long now) {
        boolean rtcp = channel == context.udp.rtcp();
        try {
            for (int i = 0; i < 64; i++) {
                rtcpIn.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(rtcpIn);
                if (from == null) return;
                if (!rtcp) continue;
                for (Session s : context.sessions.snapshot()) {
                    if (s.transport instanceof UdpTransport u && u.clientRtcp.equals(from)) {
                        s.touch(now);
                        handler.rtcpFromClient(s, rtcpIn.array(), 0, rtcpIn.position());
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "UDP receive failed: {0}", e.getMessage());
        }
    }

    /** Delivers every queued frame, oldest first. */
    private void deliverPendingFrames() {
        Frame frame;
        while ((frame = mailbox.take()) != null) {
            deliver(frame);
        }
    }

    private void deliver(Frame frame) {
        try {
            Session[] sessions = context.sessions.snapshot();
            if (context.counters.playingClients == 0) {
                context.distributor.learnParameterSets(frame);
                context.counters.framesDropped.incrementAndGet();
            } else if (context.distributor.distribute(frame, sessions)) {
                context.counters.framesSent.incrementAndGet();
            } else {
                context.counters.framesDropped.incrementAndGet();
            }
        } finally {
            mailbox.release(frame);
        }
    }

    private void tick(long now) {
        long timeout = TimeUnit.SECONDS.toNanos(context.options.sessionTimeoutSeconds());
        for (Session s : context.sessions.snapshot()) {
            // A TCP-interleaved session lives as long as its connection shows activity.
            long last = Math.max(s.lastActivityNanos, s.transport instanceof TcpInterleavedTransport ? s.owner.lastActivityNanos : s.lastActivityNanos);
            if (now - last > timeout) {
                context.endSession(s, "timeout");
            }
        }
        senderReports.sendDue(context.sessions.snapshot(), context.distributor, now);
        closeMisbehavingConnections(now);
    }

    /** Limits that bound what one client can hold: slowloris, stalled readers, idle connections. */
    private void closeMisbehavingConnections(long now) {
        RtspServerOptions o = context.options;
        long requestTimeout = TimeUnit.SECONDS.toNanos(o.requestTimeoutSeconds());
        long stalledTimeout = TimeUnit.SECONDS.toNanos(o.stalledClientTimeoutSeconds());
        long idleTimeout = TimeUnit.SECONDS.toNanos(o.sessionTimeoutSeconds());
        // Backwards by index: closing removes the connection from the list, and no array is copied per tick.
        for (int i = context.connections.size() - 1; i >= 0; i--) {
            RtspConnection c = context.connections.get(i);
            String why = null;
            if (c.partialRequestSinceNanos != 0 && now - c.partialRequestSinceNanos > requestTimeout) {
                why = "request not completed within " + o.requestTimeoutSeconds() + " s";
            } else if (c.stalledSinceNanos != 0 && now - c.stalledSinceNanos > stalledTimeout) {
                why = "not reading its media for " + o.stalledClientTimeoutSeconds() + " s";
            } else if (c.sessions.isEmpty() && now - c.lastActivityNanos > idleTimeout) {
                why = "idle for " + o.sessionTimeoutSeconds() + " s";
            }
            if (why != null) {
                LOG.log(Level.INFO, "closing connection from {0}: {1}", c.remote, why);
                context.closeConnection(c);
            }
        }
    }

    private void closeAll() {
        for (RtspConnection conn : context.connections.toArray(new RtspConnection[0])) {
            context.closeConnection(conn);
        }
        try { listener.close(); } catch (IOException ignored) { /* stopping */ }
        context.udp.close();
        try { selector.close(); } catch (IOException ignored) { /* stopping */ }
        context.counters.framesDropped.addAndGet(mailbox.discardPending());
        context.counters.playingClients = 0;
        context.counters.connections = 0;
    }
}
