package org.camstream.rtsp.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The publisher's state machine on a fake clock and a fake network: every transition of RFC 2326's
 * RECORD client (§10.1 OPTIONS, §10.3 ANNOUNCE, §10.4 SETUP with §12.39 mode=record, §10.11 RECORD,
 * §10.7 TEARDOWN), the keepalive within the §12.37 session timeout, authentication (RFC 7616/7617),
 * redirects (§11.2) and the backoff after failures. No sockets, no sleeping.
 */
class PublisherMachineTest {
    static final long S = TimeUnit.SECONDS.toNanos(1);
    static final String SDP = "v=0\r\no=- 1 0 IN IP4 127.0.0.1\r\ns=camstream\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n";

    final FakeIo io = new FakeIo();
    final PublisherCounters counters = new PublisherCounters();
    String sdp = SDP;
    long now = 1_000 * S;

    PublisherMachine machine(String url, boolean tcp) {
        PublisherMachine.Config c = new PublisherMachine.Config();
        c.tcp = tcp;
        c.retryMinNanos = S / 2;
        c.retryMaxNanos = 8 * S;
        c.refusedRetryMinNanos = 10 * S;
        c.refusedRetryMaxNanos = 80 * S;
        return new PublisherMachine(PublishTarget.parse(url), c, io, () -> sdp, counters, new Random(7));
    }

    /** The server's answer to the last request, as bytes through the real response reader. */
    void answer(PublisherMachine m, String statusLine, String... headers) throws Exception {
        StringBuilder sb = new StringBuilder("RTSP/1.0 ").append(statusLine).append("\r\nCSeq: ").append(io.lastCseq()).append("\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        sb.append("\r\n");
        ClientResponse r = new ResponseReader().next(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
        m.onResponse(now, r);
    }

    PublisherMachine publishing(boolean tcp, String... setupHeaders) throws Exception {
        PublisherMachine m = machine("rtsp://relay.example:8554/cam", tcp);
        m.tick(now);
        m.onConnected(now);
        answer(m, "200 OK", "Public: OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN, GET_PARAMETER");
        answer(m, "200 OK");
        answer(m, "200 OK", setupHeaders);
        answer(m, "200 OK", "Session: 12345678");
        return m;
    }

    @Test
    void optionsAnnounceSetupRecordThenPublishingOverTcp() throws Exception {
        PublisherMachine m = publishing(true, "Session: 12345678;timeout=20",
                "Transport: RTP/AVP/TCP;unicast;interleaved=2-3;mode=record");
        assertThat(io.requests).hasSize(4);
        assertThat(io.requests.get(0)).startsWith("OPTIONS rtsp://relay.example:8554/cam RTSP/1.0\r\nCSeq: 1\r\n");
        assertThat(io.requests.get(1)).startsWith("ANNOUNCE rtsp://relay.example:8554/cam RTSP/1.0\r\nCSeq: 2\r\n")
                .contains("Content-Type: application/sdp\r\n")
                .contains("Content-Length: " + SDP.length() + "\r\n").endsWith("\r\n\r\n" + SDP);
        assertThat(io.requests.get(2)).startsWith("SETUP rtsp://relay.example:8554/cam/streamid=0 RTSP/1.0\r\nCSeq: 3\r\n")
                .contains("Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n");
        assertThat(io.requests.get(3)).startsWith("RECORD rtsp://relay.example:8554/cam RTSP/1.0\r\nCSeq: 4\r\n")
                .contains("Session: 12345678\r\n");
        assertThat(io.events).contains("startMedia tcp 2-3"); // the server's channels win (§12.39 interleaved)
        assertThat(m.phase()).isEqualTo(PublishPhase.PUBLISHING);
        assertThat(counters.sessions.get()).isEqualTo(1);
    }

    @Test
    void udpSetupOffersAnEvenPortPairAndSendsToTheServerPorts() throws Exception {
        io.udpPort = 50_000;
        PublisherMachine m = publishing(false, "Session: 12345678",
                "Transport: RTP/AVP;unicast;client_port=50000-50001;server_port=6970-6971;mode=\"RECORD\"");
        assertThat(io.requests.get(2)).contains("Transport: RTP/AVP;unicast;client_port=50000-50001;mode=record\r\n");
        assertThat(io.events).contains("startMedia udp 6970-6971");
        assertThat(m.publishing()).isTrue();
    }

    @Test
    void nothingConnectsBeforeTheStreamCanBeDescribed() {
        sdp = null;
        PublisherMachine m = machine("rtsp://h/p", true);
        m.tick(now);
        m.tick(now + 100 * S);
        assertThat(io.connects).isZero();
        assertThat(m.phase()).isEqualTo(PublishPhase.WAITING_FOR_STREAM);
        sdp = SDP;
        m.tick(now + 101 * S);
        assertThat(io.events).containsExactly("connect h:554"); // RFC 2326 §3.2 default port
    }

    @Test
    void keepaliveIsGetParameterWithinHalfTheSessionTimeoutWhenListed() throws Exception {
        PublisherMachine m = publishing(true, "Session: 12345678;timeout=20",
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        now += 10 * S - 1;
        m.tick(now);
        assertThat(io.requests).hasSize(4);
        now += 1;
        m.tick(now);
        assertThat(io.lastRequestLine()).isEqualTo("GET_PARAMETER rtsp://relay.example:8554/cam RTSP/1.0");
        assertThat(io.lastHeader("Session")).isEqualTo("12345678");
        answer(m, "200 OK");
        now += 10 * S;
        m.tick(now);
        assertThat(io.requests).hasSize(6);
        assertThat(m.publishing()).isTrue();
    }

    @Test
    void keepaliveIsOptionsWhenGetParameterIsNotListed() throws Exception {
        PublisherMachine m = machine("rtsp://relay.example:8554/cam", true);
        m.tick(now);
        m.onConnected(now);
        answer(m, "200 OK", "Public: OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN");
        answer(m, "200 OK");
        answer(m, "200 OK", "Session: abc", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        answer(m, "200 OK");
        now += 30 * S; // no timeout given: RFC 2326 §12.37 default 60 s
        m.tick(now);
        assertThat(io.lastRequestLine()).startsWith("OPTIONS ");
        assertThat(io.lastHeader("Session")).isEqualTo("abc");
    }

    @Test
    void anUnansweredKeepaliveEndsTheSessionAndRetries() throws Exception {
        PublisherMachine m = publishing(true, "Session: 1;timeout=4", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        now += 2 * S;
        m.tick(now);
        assertThat(io.lastRequestLine()).startsWith("GET_PARAMETER");
        now += 10 * S; // the response timeout
        m.tick(now);
        assertThat(m.phase()).isEqualTo(PublishPhase.RETRYING);
        assertThat(counters.lastError()).contains("keepalive GET_PARAMETER not answered");
    }

    @Test
    void connectionFailuresBackOffExponentiallyWithJitter() {
        PublisherMachine m = machine("rtsp://h:1/p", true);
        for (int i = 0; i < 6; i++) io.connectFailures.add(new ConnectException("Connection refused"));
        m.tick(now);
        long[] ceilings = {S / 2, S, 2 * S, 4 * S, 8 * S, 8 * S};
        for (int attempt = 0; attempt < 6; attempt++) {
            assertThat(m.phase()).isEqualTo(PublishPhase.RETRYING);
            assertThat(counters.lastError()).isEqualTo("connection refused");
            long delay = counters.retryDelayNanos();
            assertThat(delay).as("attempt %d", attempt).isBetween(ceilings[attempt] / 2, ceilings[attempt]);
            int connects = io.connects;
            m.tick(now + delay - 1);
            assertThat(io.connects).as("no connect before the backoff ends").isEqualTo(connects);
            now += delay;
            m.tick(now);
            assertThat(io.connects).isEqualTo(connects + 1);
        }
        assertThat(counters.reconnects.get()).isEqualTo(6);
    }

    @Test
    void aRefusedAnnounceBacksOffLong() throws Exception {
        PublisherMachine m = machine("rtsp://h/p", true);
        m.tick(now);
        m.onConnected(now);
        answer(m, "200 OK");
        answer(m, "403 Forbidden");
        assertThat(m.phase()).isEqualTo(PublishPhase.RETRYING);
        assertThat(counters.lastError()).isEqualTo("403 Forbidden to ANNOUNCE");
        assertThat(counters.retryDelayNanos()).isBetween(5 * S, 10 * S);
        assertThat(io.closes).isGreaterThanOrEqualTo(1);
    }

    @Test
    void serverErrorsRetrySoon() throws Exception {
        PublisherMachine m = machine("rtsp://h/p", true);
        m.tick(now);
        m.onConnected(now);
        answer(m, "503 Service Unavailable");
        assertThat(counters.lastError()).isEqualTo("503 Service Unavailable to OPTIONS");
        assertThat(counters.retryDelayNanos()).isLessThanOrEqualTo(S / 2);
    }

    @Test
    void noAnswerWithinTheResponseTimeoutRetries() {
        PublisherMachine m = machine("rtsp://h/p", true);
        m.tick(now);
        m.onConnected(now);
        m.tick(now + 10 * S - 1);
        assertThat(m.phase()).isEqualTo(PublishPhase.OPTIONS);
        m.tick(now + 10 * S);
        assertThat(m.phase()).isEqualTo(PublishPhase.RETRYING);
        assertThat(counters.lastError()).isEqualTo("no answer to OPTIONS within 10.0 s");
    }

    @Test
    void aDigestChallengeIsAnsweredOnceAndTheSameRequestSentAgain() throws Exception {
        PublisherMachine m = machine("rtsp://cam:pw@h/p", true);
        m.tick(now);
        m.onConnected(now);
        answer(m, "200 OK");
        answer(m, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"",
                "WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\"");
        assertThat(io.lastRequestLine()).startsWith("ANNOUNCE ");
        assertThat(io.lastCseq()).isEqualTo(3);
        String auth = io.lastHeader("Authorization");
        assertThat(auth).startsWith("Digest username=\"cam\", realm=\"r\", nonce=\"n1\", uri=\"rtsp://h:554/p\"")
                .contains("algorithm=SHA-256").contains("qop=auth, nc=00000001");
        String cnonce = auth.replaceAll(".*cnonce=\"([0-9a-f]+)\".*", "$1");
        String expected = org.camstream.rtsp.auth.DigestComputation.response(
                org.camstream.rtsp.auth.DigestComputation.forAlgorithm("SHA-256"), "cam", "r",
                "pw".getBytes(StandardCharsets.UTF_8), "ANNOUNCE", "rtsp://h:554/p", "n1", "auth", "00000001", cnonce);
        assertThat(auth).contains("response=\"" + expected + "\"");
        answer(m, "200 OK");
        assertThat(io.lastRequestLine()).startsWith("SETUP ");
        assertThat(io.lastHeader("Authorization")).as("later requests carry an answer too").contains("nc=00000002");
    }

    @Test
    void aSecondChallengeForTheSameRequestMeansWrongCredentials() throws Exception {
        PublisherMachine m = machine("rtsp://cam:bad@h/p", true);
        m.tick(now);
        m.onConnected(now);
        String challenge = "WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\"";
        answer(m, "401 Unauthorized", challenge);
        assertThat(io.lastHeader("Authorization")).startsWith("Digest ").doesNotContain("qop"); // RFC 2069 form
        answer(m, "401 Unauthorized", challenge);
        assertThat(m.phase()).isEqualTo(PublishPhase.RETRYING);
        assertThat(counters.lastError()).isEqualTo("401 wrong credentials for user 'cam' at rtsp://h:554/p");
        assertThat(counters.retryDelayNanos()).isBetween(5 * S, 10 * S);
        long first = counters.retryDelayNanos();
        now += first;
        m.tick(now);
        m.onConnected(now);
        assertThat(io.lastHeader("Authorization")).as("a new connection starts without an answer").isNull();
        answer(m, "401 Unauthorized", challenge);
        answer(m, "401 Unauthorized", challenge);
        assertThat(counters.retryDelayNanos()).isBetween(10 * S, 20 * S);
    }

    @Test
    void aStaleNonceIsAnsweredAgain() throws Exception {
        PublisherMachine m = machine("rtsp://cam:pw@h/p", true);
        m.tick(now);
        m.onConnected(now);
        answer(m, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"");
        answer(m, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n2\", qop=\"auth\", stale=true");
        assertThat(io.lastHeader("Authorization")).contains("nonce=\"n2\"").contains("nc=00000001");
        answer(m, "200 OK");
        assertThat(m.phase()).isEqualTo(PublishPhase.ANNOUNCE);
    }

    @Test
    void basicOnlyWhenNothingBetterIsOffered() throws Exception {
        PublisherMachine m = machine("rtsp://cam:p%40ss@h/p", true);
        m.tick(now);
        m.onConnected(now);
        answer(m, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"r\"");
        // RFC 7617 §2: base64("cam:p@ss")
        assertThat(io.lastHeader("Authorization")).isEqualTo("Basic Y2FtOnBAc3M=");
    }

    @Test
    void aChallengeWithoutCredentialsIsAClearError() throws Exception {
        PublisherMachine m = machine("rtsp://h/p", true);
        m.tick(now);
        m.onConnected(now);
        answer(m, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\"");
        assertThat(counters.lastError()).startsWith("401 credentials required");
        assertThat(m.phase()).isEqualTo(PublishPhase.RETRYING);
    }

    @Test
    void redirectsAreFollowedABoundedNumberOfTimes() throws Exception {
        PublisherMachine m = machine("rtsp://a/p", true);
        m.tick(now);
        for (int i = 0; i < 3; i++) {
            m.onConnected(now);
            answer(m, "302 Moved Temporarily", "Location: rtsp://b" + i + ":9000/q");
            assertThat(io.events.get(io.events.size() - 1)).isEqualTo("connect b" + i + ":9000");
        }
        m.onConnected(now);
        assertThat(io.lastRequestLine()).isEqualTo("OPTIONS rtsp://b2:9000/q RTSP/1.0");
        answer(m, "302 Moved Temporarily", "Location: rtsp://b3/q");
        assertThat(m.phase()).isEqualTo(PublishPhase.RETRYING);
        assertThat(counters.lastError()).startsWith("more than 3 redirects");
        now += counters.retryDelayNanos();
        m.tick(now);
        assertThat(io.events.get(io.events.size() - 1)).as("a retry starts at the configured URL").isEqualTo("connect a:554");
    }

    @Test
    void unsupportedTransportIsRefusedWithAHint() throws Exception {
        PublisherMachine m = machine("rtsp://h/p", false);
        m.tick(now);
        m.onConnected(now);
        answer(m, "200 OK");
        answer(m, "200 OK");
        answer(m, "461 Unsupported transport");
        assertThat(counters.lastError()).isEqualTo("461 Unsupported transport to SETUP (UDP transport refused; try the other)");
        assertThat(counters.retryDelayNanos()).isGreaterThanOrEqualTo(5 * S);
    }

    @Test
    void aSessionThatReachedRecordResetsTheBackoff() throws Exception {
        PublisherMachine m = machine("rtsp://h/p", true);
        for (int i = 0; i < 3; i++) io.connectFailures.add(new ConnectException("Connection refused"));
        m.tick(now);
        for (int i = 0; i < 3; i++) {
            now += counters.retryDelayNanos();
            m.tick(now);
        }
        m.onConnected(now);
        answer(m, "200 OK");
        answer(m, "200 OK");
        answer(m, "200 OK", "Session: s", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        answer(m, "200 OK");
        assertThat(m.publishing()).isTrue();
        m.onIoError(now, "connection closed by the server");
        assertThat(counters.lastError()).isEqualTo("connection closed by the server");
        assertThat(counters.retryDelayNanos()).isLessThanOrEqualTo(S / 2);
    }

    @Test
    void stopSendsTeardownAndClosesOnTheAnswer() throws Exception {
        PublisherMachine m = publishing(true, "Session: 12345678", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        m.stop(now);
        assertThat(io.lastRequestLine()).isEqualTo("TEARDOWN rtsp://relay.example:8554/cam RTSP/1.0");
        assertThat(io.lastHeader("Session")).isEqualTo("12345678");
        assertThat(m.phase()).isEqualTo(PublishPhase.STOPPING);
        answer(m, "200 OK");
        assertThat(m.stopped()).isTrue();
        assertThat(io.events.get(io.events.size() - 1)).isEqualTo("close");
    }

    @Test
    void stopClosesAfterTwoSecondsWithoutAnAnswer() throws Exception {
        PublisherMachine m = publishing(true, "Session: 1", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        m.stop(now);
        m.tick(now + 2 * S - 1);
        assertThat(m.stopped()).isFalse();
        m.tick(now + 2 * S);
        assertThat(m.stopped()).isTrue();
    }

    @Test
    void stopWhileRetryingClosesAtOnce() {
        PublisherMachine m = machine("rtsp://h/p", true);
        io.connectFailures.add(new ConnectException("Connection refused"));
        m.tick(now);
        m.stop(now);
        assertThat(m.stopped()).isTrue();
        assertThat(io.requests).isEmpty();
    }

    @Test
    void answersWithAnotherCseqAreIgnored() throws Exception {
        PublisherMachine m = machine("rtsp://h/p", true);
        m.tick(now);
        m.onConnected(now);
        m.onResponse(now, new ResponseReader().next(ByteBuffer.wrap(
                "RTSP/1.0 200 OK\r\nCSeq: 99\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertThat(m.phase()).isEqualTo(PublishPhase.OPTIONS);
    }

    /** RFC 2326 §10: requests from the server are answered (pings 200, the rest 501), never left hanging. */
    @Test
    void requestsFromTheServerAreAnswered() throws Exception {
        PublisherMachine m = publishing(true, "Session: 77", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        m.onResponse(now, new ResponseReader().next(ByteBuffer.wrap(
                "GET_PARAMETER rtsp://h/p RTSP/1.0\r\nCSeq: 9\r\nSession: 77\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertThat(io.lastRequest()).isEqualTo("RTSP/1.0 200 OK\r\nCSeq: 9\r\nSession: 77\r\n\r\n");
        m.onResponse(now, new ResponseReader().next(ByteBuffer.wrap(
                "REDIRECT rtsp://h/p RTSP/1.0\r\nCSeq: 10\r\nLocation: rtsp://x/\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertThat(io.lastRequest()).startsWith("RTSP/1.0 501 Not Implemented\r\nCSeq: 10\r\n");
        assertThat(m.publishing()).isTrue();
    }

    @Test
    void ffmpegsModeReceiveAnswerIsAccepted() {
        assertThat(PublisherMachine.withoutMode("RTP/AVP/UDP;unicast;mode=receive;client_port=1-2;server_port=3-4"))
                .isEqualTo("RTP/AVP/UDP;unicast;client_port=1-2;server_port=3-4");
        assertThat(PublisherMachine.withoutMode("RTP/AVP/TCP;interleaved=0-1;mode=\"RECORD\""))
                .isEqualTo("RTP/AVP/TCP;interleaved=0-1");
    }
}
