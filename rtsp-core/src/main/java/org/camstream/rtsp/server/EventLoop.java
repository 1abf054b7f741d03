package org.camstream.rtsp.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.camstream.rtsp.auth.Authenticator;
import org.camstream.rtsp.runtime.SelectorDriver;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.stream.FrameCadence;
import org.camstream.rtsp.stream.Stream;
import org.camstream.rtsp.stream.StreamTable;
import org.camstream.rtsp.transport.UdpSockets;
import org.camstream.rtsp.transport.UdpTransport;
import org.camstream.rtsp.wire.RtspHeaders;
import org.camstream.rtsp.wire.RtspResponse;
import org.camstream.rtsp.wire.RtspStatus;

/**
 * The server's single thread: one NIO selector for the RTSP listener, every RTSP connection and the
 * shared RTP/RTCP sockets; frames from the stream's mailbox; timers (session timeouts, RTCP reports,
 * connection limits); tasks handed in with {@link #execute}.
 *
 * <p>Everything but {@link #frameQueued()}, {@link #execute} and {@link #shutdown()} runs on the loop
 * thread, so sessions and connections need no locks. All time comes from the configured {@link Clock}.
 *
 * <p>Hand-over of frames: when the {@link FrameCadence} says the next frame is due, the loop polls the
 * mailbox every {@link #POLL_NANOS} on its own timer, and the sender does not wake it; otherwise the
 * loop blocks in the selector and the sender's {@link #frameQueued()} wakes it. The price of polling
 * is at most {@link #POLL_NANOS} of added latency, and a few short wake-ups per frame on the loop.
 */
public final class EventLoop implements Runnable {
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Poll interval while a frame is due: bounds the latency polling adds. */
    static final long POLL_NANOS = 200_000;
    /** A blocking select's timeout is in whole milliseconds. */
    private static final long SELECT_GRANULARITY_NANOS = 1_000_000;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ServerContext context;
    private final Clock clock;
    private final Log log;
    private final RequestHandler handler;
    private final Stream[] streams;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /**
     * True while the loop is (about to be) blocked in the selector and so must be woken for a frame.
     * Written by the loop before it checks the mailbox, read by senders after they queued: both this
     * flag and the mailbox's pending count are volatile, so either the loop sees the frame or the
     * sender sees the flag (the classic Dekker pairing), and no frame waits for a timeout.
     */
    private volatile boolean blocked = true;
    private final ByteBuffer rtcpIn = ByteBuffer.allocate(2048);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks taken at the start of a pass, run at its end (loop thread only; reused). */
    private final ArrayDeque<Runnable> passTasks = new ArrayDeque<>();
    private volatile boolean running = true;
    /** Why the loop died (it serves nobody then), or null: {@code send()} and the stats report it. */
    private volatile String failure;
    private long nextTickNanos;
    private SelectionKey listenerKey;
    /** Accepting failed (file descriptors exhausted?): the listener waits for the next tick. */
    private boolean acceptPaused;
    /** Bound once: a method reference passed to every select would be allocated per pass. */
    private final SelectorDriver keys = SelectorDriver.create(this::handleKey);
    /** Clock reading of the current loop pass, taken at its first ready key. */
    private long passNanos;
    private boolean passTimed;

    private EventLoop(Selector selector, ServerSocketChannel listener, ServerContext context) {
        this.selector = selector;
        this.listener = listener;
        this.context = context;
        this.clock = context.clock;
        this.log = context.log.forClass(EventLoop.class);
        this.streams = context.streams.all();
        this.handler = new RequestHandler(context);
    }

    /**
     * Opens the listener (bound to the configured address and port), the RTP/RTCP socket pair and the
     * selector, all from the configured {@link org.camstream.rtsp.runtime.ChannelFactory}; on failure
     * closes what was opened.
     *
     * @param authenticator null when no credentials are needed
     * @throws BindException naming the port when it is not available
     */
    public static EventLoop open(ServerConfig config, Stream stream, Authenticator authenticator, long sdpSessionId)
            throws IOException {
        return open(config, StreamTable.single(stream), authenticator, sdpSessionId);
    }

    /** As {@link #open(ServerConfig, Stream, Authenticator, long)} for several streams at their paths. */
    public static EventLoop open(ServerConfig config, StreamTable streams, Authenticator authenticator,
                                 long sdpSessionId) throws IOException {
        ServerSocketChannel listener = null;
        UdpSockets udp = null;
        Selector selector = null;
        try {
            listener = config.channels.openListener();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            try {
                listener.bind(new InetSocketAddress(config.bindAddress, config.port), 64);
            } catch (BindException e) {
                BindException named = new BindException("RTSP port " + config.port + " on "
                        + (config.bindAddress == null ? "all interfaces" : config.bindAddress.getHostAddress())
                        + " is not available: " + e.getMessage());
                named.initCause(e);
                throw named;
            }
            listener.configureBlocking(false);
            udp = UdpSockets.open(config.channels, config.bindAddress);
            selector = config.channels.openSelector();
            ServerContext context = new ServerContext(config, streams, authenticator, udp, sdpSessionId);
            return new EventLoop(selector, listener, context);
        } catch (IOException | RuntimeException e) {
            closeQuietly(listener);
            if (udp != null) udp.close();
            closeQuietly(selector);
            throw e;
        }
    }

    /** The TCP port the listener is bound to. */
    public int port() {
        return listener.socket().getLocalPort();
    }

    public int rtpPort() {
        return context.udp.rtpPort();
    }

    /** The streams this loop serves. */
    public StreamTable streams() {
        return context.streams;
    }

    /** Why the loop died, or null while it runs. Any thread. */
    public String failure() {
        return failure;
    }

    public ServerCounters counters() {
        return context.counters;
    }

    ServerContext context() {
        return context;
    }

    /**
     * Any thread, after queuing a frame: wakes the loop if it is blocked. Coalesced, so a fast producer
     * costs one wake-up syscall per loop pass; none while the loop polls for a due frame.
     */
    public void frameQueued() {
        frameQueued(streams[0]);
    }

    /** As {@link #frameQueued()}, counting the wake-up on {@code stream}. */
    public void frameQueued(Stream stream) {
        if (blocked && wakeupPending.compareAndSet(false, true)) {
            stream.counters().senderWakeups.incrementAndGet();
            selector.wakeup();
        }
    }

    /**
     * Any thread: runs {@code task} on the loop thread at the end of its next pass, after the frames
     * queued and the clock readings made before this call were handled (timers included).
     */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Any thread: ends the loop; the loop thread then closes everything. */
    public void shutdown() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
            context.udp.rtp().register(selector, SelectionKey.OP_READ);
            context.udp.rtcp().register(selector, SelectionKey.OP_READ);
            nextTickNanos = clock.nanoTime() + TICK_NANOS;
            while (running) {
                pass();
            }
        } catch (Throwable e) {
            // Not one connection's fault (those are caught per key): the loop cannot go on. Say so.
            failure = e.toString();
            log.error(e, "RTSP event loop failed; the server serves nobody until restarted");
        } finally {
            closeAll();
        }
    }

    /** One loop pass: wait for work, then frames, timers and handed-in tasks. */
    private void pass() throws IOException {
        waitForWork(clock.nanoTime());
        // Tasks are taken first: what their callers did before handing them in is handled in this pass.
        Runnable task;
        while ((task = tasks.poll()) != null) passTasks.add(task);
        for (Stream s : streams) s.deliverPending();
        long now = clock.nanoTime();
        handler.answerHeld(now); // a frame just delivered may have brought the parameter sets a DESCRIBE waits for
        if (now - nextTickNanos >= 0) {
            tick(now);
            nextTickNanos = now + TICK_NANOS;
        }
        while ((task = passTasks.poll()) != null) task.run();
    }

    /**
     * One pass's wait: a short poll when a frame is due (the sender then skips the wake-up), else a
     * blocking select until the next timer or the start of the cadence window.
     */
    private void waitForWork(long now) throws IOException {
        passTimed = false;
        long plan = waitPlan(streams, now, nextTickNanos);
        if (plan < 0) {
            // A selector sleeps whole milliseconds: sleep to the window's start, then poll in it.
            LockSupport.parkNanos(-plan);
            keys.selectNow(selector);
            return;
        }
        blocked = true;
        if (allIdle() && tasks.isEmpty()) {
            // Ready keys go straight to handleKey: no selected-key set, no iterator.
            keys.select(selector, Math.max(1, TimeUnit.NANOSECONDS.toMillis(plan)));
        } else {
            keys.selectNow(selector);
        }
        blocked = false;
        wakeupPending.set(false);
    }

    /**
     * The wait decision of one pass. Inside the predicted window of the next frame, or less than a
     * select granule before it: poll, returned as the negated nanoseconds to park first. Else block in
     * the selector, returned as the nanoseconds until the next tick or the window's start, whichever
     * comes first (select rounds down to whole milliseconds, so it wakes before the window).
     */
    private boolean allIdle() {
        for (Stream s : streams) if (!s.idle()) return false;
        return true;
    }

    /** The wait of several streams: the soonest of their plans (a poll if that one polls). */
    private static long waitPlan(Stream[] streams, long now, long nextTickNanos) {
        long plan = waitPlan(streams[0].cadence(), now, nextTickNanos);
        for (int i = 1; i < streams.length; i++) {
            long p = waitPlan(streams[i].cadence(), now, nextTickNanos);
            if (Math.abs(p) < Math.abs(plan)) plan = p;
        }
        return plan;
    }

    static long waitPlan(FrameCadence cadence, long now, long nextTickNanos) {
        long wait = nextTickNanos - now;
        if (cadence.predicting() && now - cadence.windowEnd() < 0) {
            long toWindow = cadence.windowStart() - now;
            if (toWindow < SELECT_GRANULARITY_NANOS) return -Math.max(POLL_NANOS, toWindow);
            wait = Math.min(wait, toWindow);
        }
        return wait;
    }

    /**
     * One ready key, called by the {@link SelectorDriver} during the select, so a loop pass
     * allocates no iterator over a selected-key set (measured: ~50 B per frame before). The pass's time
     * is read at its first key.
     */
    private void handleKey(SelectionKey key) {
        if (!passTimed) {
            passNanos = clock.nanoTime();
            passTimed = true;
        }
        long now = passNanos;
        if (!key.isValid()) return;
        Object attachment = key.attachment();
        try {
            if (attachment instanceof RtspConnection) {
                RtspConnection conn = (RtspConnection) attachment;
                if (key.isReadable()) conn.onReadable(now);
                if (key.isValid() && key.isWritable()) conn.flush();
            } else if (key.isAcceptable()) {
                accept(now);
            } else if (key.isReadable()) {
                receiveDatagrams((DatagramChannel) key.channel(), now);
            }
        } catch (Throwable e) {
            // Whatever one client triggers (a bug, an Error such as OutOfMemoryError) closes only its
            // connection, logged once as it closes; the loop goes on for the others.
            if (attachment instanceof RtspConnection) {
                RtspConnection conn = (RtspConnection) attachment;
                log.error(e, "error while serving {0}; closing its connection", conn.remote());
                closeAfterFault(conn);
            } else {
                log.error(e, "error while serving a shared socket");
            }
        }
    }

    /** Closes a connection whose handling threw; a second fault while closing it must not escape either. */
    private void closeAfterFault(RtspConnection conn) {
        try {
            conn.close("internal error");
        } catch (Throwable again) {
            log.error(again, "closing {0} after an error failed too", conn.remote());
        }
    }

    private void accept(long now) {
        SocketChannel ch;
        for (int accepted = 0; ; accepted++) {
            try {
                ch = listener.accept();
            } catch (IOException e) {
                // Linux takes the descriptor before it looks at the queue: once one was accepted, a
                // failure says nothing about a waiting connection (the selector tells again if one is).
                if (accepted == 0) acceptFailed(e);
                return;
            }
            if (ch == null) return;
            try {
                if (!makeRoom(((InetSocketAddress) ch.getRemoteAddress()).getAddress())) {
                    refuse(ch);
                    continue;
                }
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                RtspConnection conn = new RtspConnection(ch, key, handler, clock,
                        context.log.forClass(RtspConnection.class), now, context.readBuffer, context.pool);
                key.attach(conn);
                context.connectionOpened(conn);
                log.debug("connection from {0}", conn.remote());
            } catch (IOException e) {
                log.debug("could not set up accepted connection: {0}", e.getMessage());
                closeQuietly(ch);
            }
        }
    }

    /**
     * Room for one more connection from {@code from} under both connection limits (issue 10 Medium 7):
     * at a limit, the connection without a session that has been idle longest (of that address, for
     * the per-address limit) is closed for the new one, so idle sockets cannot lock anybody out. A
     * connection without a session holds no state a client could lose (RFC 2326 §12.37: state lives in
     * sessions; RFC 7230 §6.5, which RTSP's connection handling follows: either side may close a
     * connection at any time). False only when every candidate holds a session: then 503.
     */
    private boolean makeRoom(InetAddress from) {
        ServerConfig c = context.config;
        if (context.connectionsFrom(from) >= c.maxConnectionsPerAddress) {
            RtspConnection victim = idleLongestWithoutSession(from);
            if (victim == null) return false;
            evict(victim, "its address is at its connection limit");
        }
        if (context.connections.size() >= c.maxConnections) {
            RtspConnection victim = idleLongestWithoutSession(null);
            if (victim == null) return false;
            evict(victim, "the server is at its connection limit");
        }
        return true;
    }

    /** Of the connections without a session (from {@code from}, or any when null): the one idle longest. */
    private RtspConnection idleLongestWithoutSession(InetAddress from) {
        RtspConnection victim = null;
        for (int i = 0; i < context.connections.size(); i++) {
            RtspConnection conn = context.connections.get(i);
            if (conn.sessionCount() > 0) continue;
            if (from != null && !conn.remote().getAddress().equals(from)) continue;
            if (victim == null || conn.lastActivityNanos() - victim.lastActivityNanos() < 0) victim = conn;
        }
        return victim;
    }

    private void evict(RtspConnection conn, String why) {
        log.info("closing idle connection from {0} for a new one: {1}", conn.remote(), why);
        conn.close("evicted for a new connection");
    }

    /**
     * The listener could not accept: most likely out of file descriptors (EMFILE, ENFILE), when the
     * process limit is below {@code maxConnections}. The connection stays queued and the listener ready,
     * so accepting again at once would spin the loop: an idle connection without a session is closed to
     * free a descriptor if there is one, else accepting pauses until the next timer tick.
     */
    private void acceptFailed(IOException e) {
        RtspConnection victim = idleLongestWithoutSession(null);
        if (victim != null) {
            log.warning("accept failed: {0}; closing the connection idle longest", e.getMessage());
            evict(victim, "accept failed");
        } else {
            log.warning("accept failed: {0}; accepting again at the next timer tick", e.getMessage());
        }
        // Either way not again in this pass: the freed descriptor is reused at the next tick at the latest.
        if (listenerKey != null && listenerKey.isValid()) listenerKey.interestOps(0);
        acceptPaused = true;
    }


    /** Over the connection limit: a best-effort 503 Service Unavailable (RFC 2326 §7.1.1) and close. */
    private void refuse(SocketChannel ch) {
        try (SocketChannel refused = ch) {
            refused.configureBlocking(false);
            refused.write(ByteBuffer.wrap(new RtspResponse(RtspStatus.SERVICE_UNAVAILABLE)
                    .header(RtspHeaders.SERVER, RequestHandler.SERVER_NAME).toBytes()));
        } catch (IOException e) {
            log.debug("refusing connection: {0}", e.getMessage());
        }
        log.warning("connection refused: limit of open connections reached");
    }

    /** RTCP from UDP clients keeps their sessions alive (RFC 2326 §12.37); anything on the RTP port is discarded. */
    private void receiveDatagrams(DatagramChannel channel, long now) {
        boolean rtcp = channel == context.udp.rtcp();
        try {
            for (int i = 0; i < 64; i++) {
                ((Buffer) rtcpIn).clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(rtcpIn);
                if (from == null) return;
                if (!rtcp) continue;
                for (Session s : context.sessions.snapshot()) {
                    if (s.sink() instanceof UdpTransport && ((UdpTransport) s.sink()).clientRtcp().equals(from)) {
                        s.touch(now);
                        handler.rtcpFromClient(s, rtcpIn.array(), 0, rtcpIn.position());
                    }
                }
            }
        } catch (IOException e) {
            log.debug("UDP receive failed: {0}", e.getMessage());
        }
    }

    private void tick(long now) {
        long timeout = TimeUnit.SECONDS.toNanos(context.config.sessionTimeoutSeconds);
        long setupTimeout = TimeUnit.SECONDS.toNanos(context.config.setupTimeoutSeconds);
        for (Session s : context.sessions.snapshot()) {
            if (s.expired(now, timeout)) {
                context.endSession(s, "timeout");
            } else if (s.neverPlayed(now, setupTimeout)) {
                context.endSession(s, "set up and never played");
            }
        }
        for (Stream s : streams) {
            s.sendSenderReports(now);
            s.pollKeyframeRequests(now);
        }
        closeMisbehavingConnections(now);
        if (acceptPaused) {
            acceptPaused = false;
            if (listenerKey.isValid()) listenerKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        context.logLimiter.flush();
    }

    /** Limits that bound what one client can hold: slowloris, stalled readers, idle connections. */
    private void closeMisbehavingConnections(long now) {
        ServerConfig c = context.config;
        long requestTimeout = TimeUnit.SECONDS.toNanos(c.requestTimeoutSeconds);
        long stalledTimeout = TimeUnit.SECONDS.toNanos(c.stalledClientTimeoutSeconds);
        long idleTimeout = TimeUnit.SECONDS.toNanos(c.sessionTimeoutSeconds);
        // Backwards by index: closing removes the connection from the list, and no array is copied per tick.
        for (int i = context.connections.size() - 1; i >= 0; i--) {
            RtspConnection conn = context.connections.get(i);
            String why = conn.misbehaviour(now, requestTimeout, stalledTimeout, idleTimeout);
            if (why != null) {
                log.info("closing connection from {0}: {1}", conn.remote(), why);
                conn.close(why);
            }
        }
    }

    private void closeAll() {
        for (RtspConnection conn : context.connections.toArray(new RtspConnection[0])) {
            conn.close("server stopping");
        }
        closeQuietly(listener);
        context.udp.close();
        closeQuietly(selector);
        for (Stream s : streams) s.discardPending();
        context.counters.playingClients(0);
        context.counters.connections(0);
        Runnable task;
        while ((task = tasks.poll()) != null) task.run(); // a caller waiting on a task is not left hanging
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // stopping or already failing; the original problem is reported
        }
    }
}
