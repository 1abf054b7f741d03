package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.InterleavedRtspClient.Response;
import org.camstream.conformance.server.RtpAccessUnits.AccessUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11: "a DESCRIBE with {@code Require:} gets 551 and the retry without it plays", the way
 * go2rtc probes for an ONVIF backchannel. RFC 2326 §12.32: a server that does not support a
 * required option answers 551 Option not supported and lists it in {@code Unsupported}; the
 * client then retries without {@code Require} (on the same connection, or on a new one), sets up
 * TCP interleaved (§10.12), plays, and receives the stream: the RTP it gets, depacketized by the
 * test's own RFC 6184 code, is exactly what was fed from an IDR on ({@link BitstreamCheck}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequireRetryConformanceTest {
    static final String BACKCHANNEL = "www.onvif.org/ver20/backchannel";
    static final int ACCESS_UNITS = 45;

    @ParameterizedTest(name = "retry on a new connection: {0}")
    @ValueSource(booleans = {false, true})
    void describeWithRequireIs551AndTheRetryWithoutItPlays(boolean newConnection) throws Exception {
        try (ServerFixture f = ServerFixture.start(320, 240, "require")) {
            String url = f.url();
            InterleavedRtspClient probe = new InterleavedRtspClient(f.server.port());
            InterleavedRtspClient c = probe;
            try {
                assertThat(probe.request("OPTIONS", url).status()).isEqualTo(200);
                Response refused = probe.request("DESCRIBE", url, "Accept: application/sdp",
                        "Require: " + BACKCHANNEL);
                assertThat(refused.status()).as("DESCRIBE with Require: %s", refused).isEqualTo(551);
                assertThat(refused.header("Unsupported")).isEqualTo(BACKCHANNEL);
                assertThat(refused.header("CSeq")).isEqualTo("2");
                assertThat(refused.header("Session")).isNull();
                assertThat(refused.body()).isEmpty();

                if (newConnection) {
                    probe.close();
                    c = new InterleavedRtspClient(f.server.port());
                }
                Response described = c.request("DESCRIBE", url, "Accept: application/sdp");
                assertThat(described.status()).as("retry without Require: %s", described)
                        .isEqualTo(200);
                assertThat(described.header("Content-Type")).isEqualTo("application/sdp");
                String track = InterleavedRtspClient.controlUrl(described);
                Response setup = c.request("SETUP", track,
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                assertThat(setup.status()).as("SETUP %s: %s", track, setup).isEqualTo(200);
                String session = InterleavedRtspClient.sessionId(setup);
                Response play = c.request("PLAY", url, "Session: " + session, "Range: npt=0.000-");
                assertThat(play.status()).as("PLAY: %s", play).isEqualTo(200);

                List<AccessUnit> units = RtpAccessUnits.split(c.readAccessUnits(ACCESS_UNITS));
                assertThat(units).hasSize(ACCESS_UNITS);
                List<NalUnit> nals = new ArrayList<>();
                units.forEach(u -> nals.addAll(u.nals()));
                BitstreamCheck.assertReceivedEqualsSent("raw client after the 551 ["
                        + f.diagnostics() + "]", f.clip, nals, ACCESS_UNITS);
                assertThat(c.request("TEARDOWN", url, "Session: " + session).status())
                        .isEqualTo(200);
            } finally {
                probe.close();
                c.close();
            }
        }
    }
}
