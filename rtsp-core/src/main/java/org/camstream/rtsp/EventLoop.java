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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The server's single thread: one NIO selector for the RTSP listener, every RTSP connection and the
 * shared RTP/RTCP sockets; frames from the mailbox; timers (session timeouts, RTCP reports).
 *
 * <p>Everything but {@link #frameQueued()} and {@link #shutdown()} runs on the loop thread, so sessions
 * and connections need no locks.
 *
 * <p>Hand-over of frames: when the {@link FrameCadence} says the next frame is due, the loop polls the
 * mailbox every {@link #POLL_NANOS} on its own timer, and the sender does not wake it; otherwise the
 * loop blocks in the selector and the sender's {@link #frameQueued()} wakes it. The price of polling
 * is at most {@link #POLL_NANOS} of added latency, and a few short wake-ups per frame on the loop.
 */
final class EventLoop implements Runnable {
    private static final Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Poll interval while a frame is due: bounds the latency polling adds. */
    static final long POLL_NANOS = 200_000;
    /** A blocking select's timeout is in whole milliseconds. */
    private static final long SELECT_GRANULARITY_NANOS = 1_000_000;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ServerContext context;
    private final RequestHandler handler;
    private final FrameMailbox mailbox;
    private final SenderReports senderReports;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /**
     * True while the loop is (about to be) blocked in the selector and so must be woken for a frame.
     * Written by the loop before it checks the mailbox, read by senders after they queued: both this
     * flag and the mailbox's pending count are volatile, so either the loop sees the frame or the
     * sender sees the flag (the classic Dekker pairing), and no frame waits for a timeout.
     */
    private volatile boolean blocked = true;
    private final FrameCadence cadence = new FrameCadence();
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

    /**
     * Any thread, after queuing a frame: wakes the loop if it is blocked. Coalesced, so a fast producer
     * costs one wake-up syscall per loop pass; none while the loop polls for a due frame.
     */
    void frameQueued() {
        if (blocked && wakeupPending.compareAndSet(false, true)) {
            context.counters.senderWakeups.incrementAndGet();
            selector.wakeup();
        }
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
                waitForWork(System.nanoTime());
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
     * One pass's wait: a short poll when a frame is due (the sender then skips the wake-up), else a
     * blocking select until the next timer or the start of the cadence window.
     */
    private void waitForWork(long now) throws IOException {
        passNanos = 0;
        long wait = nextTickNanos - now;
        if (cadence.predicting() && now - cadence.windowEnd() < 0) {
            long toWindow = cadence.windowStart() - now;
            if (toWindow < SELECT_GRANULARITY_NANOS) {
                // A selector sleeps whole milliseconds: sleep to the window's start, then poll in it.
                LockSupport.parkNanos(Math.max(POLL_NANOS, toWindow));
                selector.selectNow(keyHandler);
                return;
            }
            wait = Math.min(wait, toWindow); // select rounds down to whole milliseconds: wakes before the window
        }
        blocked = true;
        if (mailbox.isEmpty()) {
            // Ready keys go straight to handleKey: no selected-key set, no iterator.
            selector.select(keyHandler, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        } else {
            selector.selectNow(keyHandler);
        }
        blocked = false;
        wakeupPending.set(false);
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
            cadence.arrived(frame.captureNanos);
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
