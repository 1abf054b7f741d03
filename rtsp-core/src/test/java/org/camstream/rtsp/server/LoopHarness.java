package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.camstream.rtsp.auth.Authenticator;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.stream.Stream;
import org.camstream.rtsp.testing.FakeClock;

/**
 * A real event loop on its own thread, with real loopback sockets, on a {@link FakeClock}: time moves
 * only when the test advances it, and {@link #sync()} waits (on a latch, not a timer) until the loop has
 * handled everything queued and every clock reading made before the call, timers included. Records the
 * server's ERROR log lines; {@link #close()} asserts there were none.
 */
final class LoopHarness implements AutoCloseable {
    final FakeClock clock = new FakeClock();
    final AtomicInteger keyframeRequests = new AtomicInteger();
    /** Also run by the keyframe callback, after counting it (e.g. a real encoder's requestKeyframe). */
    volatile Runnable onKeyframeRequest = () -> { };
    final Stream stream;
    final EventLoop loop;
    private final Thread thread;
    private final List<String> errors = new ArrayList<>();

    LoopHarness(Consumer<ServerConfig.Builder> settings) throws Exception {
        this(settings, null, 320, 240);
    }

    LoopHarness(Consumer<ServerConfig.Builder> settings, Authenticator authenticator, int width, int height)
            throws Exception {
        Log.Sink sink = new Log.Sink() {
            @Override
            public boolean isEnabled(int level, String source) {
                return level == Log.ERROR;
            }

            @Override
            public void write(int level, String source, String message, Throwable thrown) {
                synchronized (errors) {
                    errors.add(source + ": " + message + " " + thrown);
                }
            }
        };
        ServerConfig.Builder b = new ServerConfig.Builder();
        b.bindAddress = InetAddress.getLoopbackAddress();
        b.port = 0;
        b.maxFrameLength = width * height;
        b.maxClients = 8;
        b.maxConnections = 64;
        b.maxConnectionsPerAddress = 16;
        b.sessionTimeoutSeconds = 60;
        b.requestTimeoutSeconds = 10;
        b.stalledClientTimeoutSeconds = 10;
        b.tcpBacklogBytes = 1 << 20;
        b.clock = clock;
        b.logSink = sink;
        settings.accept(b);
        ServerConfig config = b.build();
        stream = new Stream("/", width, height, 30, config.maxFrameLength, 1, 1400,
                () -> {
                    keyframeRequests.incrementAndGet();
                    onKeyframeRequest.run();
                }, "test@1", clock, new Log(sink, "test"));
        loop = EventLoop.open(config, stream, authenticator, 1);
        thread = new Thread(loop, "camstream-rtsp-" + loop.port());
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return loop.port();
    }

    String url() {
        return "rtsp://127.0.0.1:" + port() + "/";
    }

    /** What {@code RtspServer.send} does: queue, then wake the loop if it is blocked. */
    boolean send(byte[] accessUnit) {
        boolean queued = stream.send(accessUnit, 0, accessUnit.length);
        if (queued) loop.frameQueued();
        return queued;
    }

    /** Returns once the loop handled what was queued (frames, clock moves) before this call. */
    void sync() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).as("loop answered within 10 s").isTrue();
    }

    /** Runs {@code query} on the loop thread and returns its result. */
    <T> T onLoop(Function<ServerContext, T> query) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            result.set(query.apply(loop.context()));
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).as("loop answered within 10 s").isTrue();
        return result.get();
    }

    /**
     * Asks the loop until {@code condition} holds: for input a client wrote to be read by the server.
     * Each try is a round trip to the loop (no timer); fails after 10 s of real time.
     */
    void awaitOnLoop(String what, Predicate<ServerContext> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!onLoop(condition::test)) {
            assertThat(System.nanoTime() - deadline).as(what + " within 10 s").isNegative();
            Thread.onSpinWait();
        }
    }

    /** The ERROR records so far, cleared: for tests that cause one on purpose. */
    List<String> takeErrors() {
        synchronized (errors) {
            List<String> taken = new ArrayList<>(errors);
            errors.clear();
            return taken;
        }
    }

    ServerCounters counters() {
        return loop.counters();
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdown();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread.isAlive()).as("loop thread ended").isFalse();
        synchronized (errors) {
            assertThat(errors).as("ERROR records (an exception escaped a handler)").isEmpty();
        }
    }
}
