package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 High 2: when the event loop itself cannot go on, the server says so: {@code send()} throws
 * IllegalStateException naming the cause, and the stats carry it. Before, the loop thread died and
 * {@code send()} kept returning normally while nobody was served.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopFailureTest {

    @Test
    void aDeadLoopMakesSendThrowAndTheStatsSaySo() throws Exception {
        RtspServerOptions options = RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).logger(RtspLogger.SILENT).build();
        try (RtspServer server = new RtspServer(320, 240, options)) {
            assertThat(server.stats().loopFailure()).isNull();
            server.send(TestStreams.idr(1000, true)); // works while the loop runs
            server.execute(() -> {
                throw new OutOfMemoryError("injected into the loop itself");
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.stats().loopFailure() == null) {
                assertThat(System.nanoTime() - deadline).as("loop failure reported within 10 s").isNegative();
                Thread.onSpinWait();
            }
            assertThat(server.stats().loopFailure()).contains("injected into the loop itself");
            assertThatThrownBy(() -> server.send(TestStreams.p(100)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event loop failed");
        }
    }
}
