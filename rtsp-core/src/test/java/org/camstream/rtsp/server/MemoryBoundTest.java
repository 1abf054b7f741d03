package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 High 1 / issue 14 item 4: off-heap memory is bounded by construction and does not grow
 * with connection churn. Before, every connection got a 64 KiB direct buffer and every TCP SETUP
 * another ~1.06 MiB, freed only by a GC: 1,000 cycles here took ~1.1 GB of direct memory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoryBoundTest {

    private static long directBytes() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) return b.getMemoryUsed();
        }
        throw new AssertionError("no direct buffer pool bean");
    }

    /** 1,000 connect / SETUP TCP / TEARDOWN or close cycles: direct memory stays where it was. */
    @Test
    void churnOfTcpSetupsLeavesDirectMemoryFlat() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { })) {
            try (RawRtspClient warm = new RawRtspClient(h.port())) {
                assertThat(warm.request("OPTIONS", "*").status()).isEqualTo(200);
            }
            h.sync();
            long before = directBytes();
            for (int i = 0; i < 1000; i++) {
                try (RawRtspClient c = new RawRtspClient(h.port())) {
                    RawRtspClient.Response setup = c.request("SETUP", h.url() + "trackID=0",
                            "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                    assertThat(setup.status()).isEqualTo(200);
                    if (i % 2 == 0) {
                        String session = setup.header("Session").split(";")[0];
                        assertThat(c.request("TEARDOWN", h.url(), "Session: " + session).status()).isEqualTo(200);
                    }
                }
            }
            h.awaitOnLoop("every churned connection closed", ctx -> ctx.connections.isEmpty());
            long grown = directBytes() - before;
            assertThat(grown).as("direct memory grown by 1,000 TCP SETUPs").isLessThan(1 << 20);
            assertThat(count(h, ctx -> ctx.pool.inUse())).as("pool chunks still out").isZero();
            assertThat(count(h, ctx -> ctx.pool.spare())).as("promises given back")
                    .isEqualTo(count(h, ctx -> ctx.pool.maxChunks()));
        }
    }

    /**
     * A healthy TCP viewer holds no chunk; a stalled one takes from the pool only up to the pool's
     * budget, and gives everything back when it is cut off; the budget is never exceeded.
     */
    @Test
    void backlogComesFromThePoolOnlyWhenTheSocketIsFullAndGoesBack() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> {
            c.maxFrameLength = 200_000;
            c.tcpBacklogBytes = 1 << 20;
            c.tcpBacklogPoolBytes = 512 * 1024;
        }, null, 640, 480);
             Socket stalledSocket = new Socket(InetAddress.getLoopbackAddress(), h.port());
             RawRtspClient good = new RawRtspClient(h.port())) {
            stalledSocket.setReceiveBufferSize(4096);
            int stalledPort = stalledSocket.getLocalPort();
            RawRtspClient stalled = new RawRtspClient(stalledSocket);
            playTcp(h, stalled);
            playTcp(h, good);
            int maxChunks = h.onLoop(ctx -> ctx.pool.maxChunks());
            for (int n = 0; n < 40; n++) {
                assertThat(h.send(n % 10 == 0 ? TestStreams.idr(100_000, true) : TestStreams.p(100_000))).isTrue();
                h.sync();
                drain(good);
                int held = h.onLoop(ctx -> {
                    for (RtspConnection conn : ctx.connections) {
                        if (conn.remote().getPort() != stalledPort && conn.chunksHeld() != 0) return -1;
                    }
                    return ctx.pool.allocated();
                });
                assertThat(held).as("the reading viewer holds no chunk, the pool stays in budget")
                        .isBetween(0, maxChunks);
            }
            assertThat(count(h, ctx -> ctx.pool.inUse())).as("the stalled viewer's backlog is in the pool")
                    .isPositive();
            stalled.close();
            h.awaitOnLoop("the stalled viewer closed", ctx -> ctx.connections.size() == 1);
            assertThat(count(h, ctx -> ctx.pool.inUse())).as("its chunks went back").isZero();
        }
    }

    private static int count(LoopHarness h, java.util.function.Function<ServerContext, Integer> query)
            throws InterruptedException {
        Integer n = h.onLoop(query);
        return n;
    }

    private static void playTcp(LoopHarness h, RawRtspClient c) throws Exception {
        RawRtspClient.Response setup = c.request("SETUP", h.url() + "trackID=0",
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(c.request("PLAY", h.url(), "Session: " + session).status()).isEqualTo(200);
    }

    /** Reads the interleaved RTP of one 100 kB frame (its last packet has the marker bit). */
    private static void drain(RawRtspClient c) throws Exception {
        while (true) {
            RawRtspClient.Interleaved f = c.readInterleaved();
            if (f.channel() == 0 && (f.data()[1] & 0x80) != 0) return;
        }
    }
}
