package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.camstream.rtsp.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: sprop-parameter-sets always in the SDP (RFC 6184 §8.1). A DESCRIBE that arrives before the
 * producer sent any SPS/PPS is answered once they arrive (the producer is asked for an IDR at once),
 * or without them after {@link RequestHandler#PARAMETER_SET_WAIT_NANOS}; the requests pipelined behind
 * it are answered after it, in order (RFC 2326 §9.1). On the fake clock: no sleeping.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DescribeWaitsForParameterSetsTest {
    private static final String SPS_BASE64 = Base64.getEncoder().encodeToString(TestStreams.SPS);

    @Test
    void aDescribeBeforeTheFirstSpsIsAnsweredWithSpropOnceItArrives() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            c.sendRaw("DESCRIBE " + h.url() + " RTSP/1.0\r\nCSeq: 1\r\n\r\n"
                    + "OPTIONS " + h.url() + " RTSP/1.0\r\nCSeq: 2\r\n\r\n");
            h.awaitOnLoop("the DESCRIBE held", ctx -> h.keyframeRequests.get() == 1);
            c.setTimeout(300);
            assertThat(readsNothing(c)).as("no answer before the parameter sets").isTrue();
            c.setTimeout(10_000);

            assertThat(h.send(TestStreams.idr(200, true))).isTrue();
            RawRtspClient.Response describe = c.readResponse();
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.header("CSeq")).isEqualTo("1");
            assertThat(describe.body()).contains("sprop-parameter-sets=" + SPS_BASE64);
            RawRtspClient.Response options = c.readResponse();
            assertThat(options.header("CSeq")).as("the pipelined request answered after it").isEqualTo("2");
            assertThat(options.status()).isEqualTo(200);
        }
    }

    @Test
    void withoutParameterSetsTheDescribeIsAnsweredWhenTheWaitEnds() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            c.sendRaw("DESCRIBE " + h.url() + " RTSP/1.0\r\nCSeq: 7\r\n\r\n");
            h.awaitOnLoop("the DESCRIBE held", ctx -> h.keyframeRequests.get() == 1);
            h.clock.advance(RequestHandler.PARAMETER_SET_WAIT_NANOS - 1, TimeUnit.NANOSECONDS);
            h.loop.frameQueued(); // a pass at this time
            h.sync();
            c.setTimeout(300);
            assertThat(readsNothing(c)).as("still waiting 1 ns before the end").isTrue();
            c.setTimeout(10_000);
            h.clock.advance(1, TimeUnit.NANOSECONDS);
            h.loop.frameQueued();
            RawRtspClient.Response describe = c.readResponse();
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.header("CSeq")).isEqualTo("7");
            assertThat(describe.body()).contains("m=video").doesNotContain("sprop-parameter-sets=" + SPS_BASE64);
        }
    }

    @Test
    void withParameterSetsKnownTheDescribeIsAnsweredAtOnce() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient c = new RawRtspClient(h.port())) {
            assertThat(h.send(TestStreams.idr(200, true))).isTrue();
            h.sync();
            RawRtspClient.Response describe = c.request("DESCRIBE", h.url());
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.body()).contains("sprop-parameter-sets=" + SPS_BASE64);
            assertThat(h.keyframeRequests.get()).as("no IDR asked for").isZero();
        }
    }

    /** A client that closes while its DESCRIBE is held costs nothing afterwards. */
    @Test
    void aClientGoneWhileHeldIsForgotten() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { })) {
            try (RawRtspClient c = new RawRtspClient(h.port())) {
                c.sendRaw("DESCRIBE " + h.url() + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
                h.awaitOnLoop("the DESCRIBE held", ctx -> h.keyframeRequests.get() == 1);
            }
            h.awaitOnLoop("the connection closed", ctx -> ctx.connections.isEmpty());
            assertThat(h.send(TestStreams.idr(200, true))).isTrue();
            h.sync();
            try (RawRtspClient c = new RawRtspClient(h.port())) {
                assertThat(c.request("DESCRIBE", h.url()).status()).isEqualTo(200);
            }
        }
    }

    private static boolean readsNothing(RawRtspClient c) throws Exception {
        try {
            c.readResponse();
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }
}
