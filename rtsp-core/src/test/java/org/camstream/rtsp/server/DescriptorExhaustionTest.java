package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code maxConnections} at 1024 the process may run out of file descriptors first (a small
 * ulimit, Android). Then {@code accept} fails, the connection stays queued and the listener stays
 * ready: the old loop logged a warning and selected again at once, a busy loop that served nobody new
 * until a descriptor came free by itself. Now the connection without a session idle longest is closed
 * to free one, accepting pauses to the next tick, and the queued client is served.
 *
 * <p>The test really exhausts the descriptors of its JVM (so it runs only where the limit is at most
 * 65,536) and frees them in {@code finally}; everything it runs while they are exhausted is loaded first.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DescriptorExhaustionTest {

    @Test
    void anAcceptThatFindsNoDescriptorClosesAnIdleConnectionInsteadOfSpinning() throws Exception {
        long limit = descriptorLimit();
        assumeTrue(limit > 0 && limit <= 65_536, "a Linux descriptor limit small enough to exhaust: " + limit);
        List<FileChannel> filler = new ArrayList<>();
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient idle = new RawRtspClient(h.port())) {
            assertThat(idle.request("OPTIONS", "*").status()).isEqualTo(200); // loads the client's paths
            h.awaitOnLoop("the idle connection accepted", ctx -> ctx.connections.size() == 1);
            Socket queued = new Socket();
            queued.bind(new InetSocketAddress("127.0.0.1", 0)); // its descriptor, before there are none
            Path devNull = Paths.get("/dev/null");
            try {
                while (filler.size() < limit) filler.add(FileChannel.open(devNull));
            } catch (IOException expected) {
                // "Too many open files": the process has no descriptor left
            }
            queued.connect(new InetSocketAddress("127.0.0.1", h.port()), 5000); // the kernel completes it
            RawRtspClient client = new RawRtspClient(queued);
            // The loop's accept fails for want of a descriptor: it closes the idle one and waits a tick.
            assertThat(idle.closedByServer()).as("the idle connection closed to free a descriptor").isTrue();
            h.clock.advanceMillis(201);
            h.sync();
            assertThat(client.request("OPTIONS", "*").status()).as("the queued client served").isEqualTo(200);
            for (FileChannel f : filler) f.close();
            filler.clear();
            client.close();
        } finally {
            for (FileChannel f : filler) f.close();
        }
    }

    /** The soft limit of open files from /proc/self/limits, or -1 where there is none (not Linux). */
    private static long descriptorLimit() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
