package org.camstream.rtsp.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherOptions;
import org.camstream.rtsp.RtspPublisherStats;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The publisher's Digest answer against the server's check, over loopback: the server challenges
 * ANNOUNCE (SHA-256 and MD5, RFC 7616), the publisher answers, and the server lets it past
 * authentication to its real answer (501: it serves, it does not record). With a wrong password the
 * server's check fails and the publisher reports wrong credentials. Two independent state machines
 * sharing only the hashing, so a drift in either side's message handling fails here.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PublisherAgainstServerAuthTest {

    @Test
    void theRightPasswordPassesTheServersCheckAndTheWrongOneDoesNot() throws Exception {
        try (RtspServer server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).credentials("cam", "pw").build())) {
            String hostPort = server.url().substring("rtsp://".length());
            assertThat(lastErrorFor(server, "rtsp://cam:pw@" + hostPort)).isEqualTo("501 Not Implemented to ANNOUNCE");
            assertThat(lastErrorFor(server, "rtsp://cam:nope@" + hostPort)).startsWith("401 wrong credentials");
        }
    }

    private static String lastErrorFor(RtspServer server, String url) throws InterruptedException {
        byte[] idr = MediaSenderTest.au(true, MediaSenderTest.slice(0x65, 200));
        try (RtspPublisher pub = new RtspPublisher(url, 320, 240,
                RtspPublisherOptions.builder().refusedRetry(60_000, 60_000).build())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pub.stats().state() != RtspPublisherStats.State.RETRYING && System.nanoTime() < deadline) {
                pub.send(idr);
                Thread.sleep(20);
            }
            return pub.stats().lastError();
        }
    }
}
