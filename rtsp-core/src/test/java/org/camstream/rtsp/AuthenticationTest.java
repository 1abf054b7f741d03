package org.camstream.rtsp;

import org.camstream.rtsp.testing.TestStreams;
import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.testing.FakeClock;
import org.camstream.rtsp.testing.RawRtspClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RTSP authentication on the wire: Digest (RFC 7616, SHA-256 and MD5, qop=auth), Basic (RFC 7617),
 * challenges on 401, stale nonces, and session ownership. Digest answers are computed here from the
 * RFC's formulas, independently of the server's code.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthenticationTest {
    private RtspServer server;

    private final FakeClock clock = new FakeClock();

    private RtspServer start(boolean basic, int nonceSeconds) {
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0).clock(clock)
                .bindAddress(InetAddress.getLoopbackAddress())
                .credentials("alice", "s3cret").credentials("bob", "hunter2")
                .basicAuth(basic).nonceLifetimeSeconds(nonceSeconds).build());
        // SPS/PPS known, so a DESCRIBE is answered at once (it would wait for them on this fake clock)
        server.send(TestStreams.idr(100, true));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    private String url() {
        return "rtsp://127.0.0.1:" + server.port() + "/";
    }

    @Test
    void optionsNeedsNoCredentialsButDescribeDoes() throws Exception {
        start(false, 300);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("OPTIONS", url()).status()).isEqualTo(200);
            RawRtspClient.Response r = c.request("DESCRIBE", url());
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Digest ");
        }
    }

    /** Both Digest algorithms are offered (RFC 7616 §3.7), SHA-256 first; no Basic unless enabled. */
    @Test
    void challengesListSha256ThenMd5() throws Exception {
        start(false, 300);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            List<String> challenges = challenges(c);
            assertThat(challenges).hasSize(2);
            assertThat(challenges.get(0)).contains("algorithm=SHA-256", "qop=\"auth\"", "realm=\"camstream\"");
            assertThat(challenges.get(1)).contains("algorithm=MD5");
        }
    }

    @Test
    void digestSha256AndMd5AreAccepted() throws Exception {
        start(false, 300);
        for (String algorithm : new String[] {"SHA-256", "MD5"}) {
            try (RawRtspClient c = new RawRtspClient(server.port())) {
                String nonce = nonceOf(challengeFor(challenges(c), algorithm));
                String auth = digest(algorithm, "alice", "s3cret", "DESCRIBE", url(), nonce, true);
                assertThat(c.request("DESCRIBE", url(), "Authorization: " + auth).status()).isEqualTo(200);
            }
        }
    }

    /** RFC 2069-style answers without qop (live555-based clients) still bind nonce, method and URI. */
    @Test
    void digestWithoutQopIsAccepted() throws Exception {
        start(false, 300);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String nonce = nonceOf(challenges(c).get(1));
            String auth = digest("MD5", "bob", "hunter2", "DESCRIBE", url(), nonce, false);
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + auth).status()).isEqualTo(200);
        }
    }

    @Test
    void wrongPasswordUnknownUserForgedNonceAreRejected() throws Exception {
        start(false, 300);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String nonce = nonceOf(challenges(c).get(0));
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "alice", "wrong", "DESCRIBE", url(), nonce, true)).status()).isEqualTo(401);
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "mallory", "s3cret", "DESCRIBE", url(), nonce, true)).status()).isEqualTo(401);
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[24]);
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "alice", "s3cret", "DESCRIBE", url(), forged, true)).status()).isEqualTo(401);
            // The answer is bound to the method: a DESCRIBE answer does not authorise a SETUP.
            assertThat(c.request("SETUP", url() + "trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1",
                    "Authorization: " + digest("SHA-256", "alice", "s3cret", "DESCRIBE", url(), nonce, true)).status())
                    .isEqualTo(401);
            // Malformed Digest credentials are a 400, not a challenge (Authenticator).
            assertThat(c.request("DESCRIBE", url(), "Authorization: Digest garbage").status()).isEqualTo(400);
        }
    }

    /**
     * RFC 7616 §3.3: a correct answer to an expired nonce gets stale=true, so the client retries
     * silently; within its lifetime the same answer is accepted. On a fake wall clock.
     */
    @Test
    void expiredNonceIsStale() throws Exception {
        start(false, 1);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String nonce = nonceOf(challenges(c).get(0));
            clock.advanceMillis(1000);
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "alice", "s3cret", "DESCRIBE", url(), nonce, true)).status())
                    .as("at the end of its lifetime").isEqualTo(200);
            clock.advanceMillis(1);
            RawRtspClient.Response r = c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "alice", "s3cret", "DESCRIBE", url(), nonce, true));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).contains("stale=true");
        }
    }

    @Test
    void basicOnlyWhenEnabled() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        start(false, 300);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + basic).status()).isEqualTo(401);
        }
        server.stop();
        start(true, 300);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            assertThat(challenges(c)).anyMatch(h -> h.startsWith("Basic realm=\"camstream\""));
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + basic).status()).isEqualTo(200);
            String wrong = "Basic " + Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8));
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + wrong).status()).isEqualTo(401);
        }
    }

    /** A session is controlled only by the user who created it; others see 454 as if it did not exist. */
    @Test
    void sessionBelongsToItsUser() throws Exception {
        start(true, 300);
        String alice = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        String bob = "Basic " + Base64.getEncoder().encodeToString("bob:hunter2".getBytes(StandardCharsets.UTF_8));
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            RawRtspClient.Response setup = c.request("SETUP", url() + "trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=40100-40101", "Authorization: " + alice);
            assertThat(setup.status()).isEqualTo(200);
            String session = setup.header("Session").split(";")[0];
            assertThat(c.request("PLAY", url(), "Session: " + session, "Authorization: " + bob).status()).isEqualTo(454);
            assertThat(c.request("PLAY", url(), "Session: " + session, "Authorization: " + alice).status()).isEqualTo(200);
        }
    }

    private List<String> challenges(RawRtspClient c) throws Exception {
        RawRtspClient.Response r = c.request("DESCRIBE", url());
        assertThat(r.status()).isEqualTo(401);
        return r.headerValues("WWW-Authenticate");
    }

    static String challengeFor(List<String> challenges, String algorithm) {
        return challenges.stream().filter(h -> h.startsWith("Digest ") && h.endsWith("algorithm=" + algorithm))
                .findFirst().orElseThrow(() -> new AssertionError("no " + algorithm + " challenge in " + challenges));
    }

    static String nonceOf(String challenge) {
        Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** RFC 7616 §3.4.1 (and RFC 2069 without qop), written out directly. */
    static String digest(String algorithm, String user, String password, String method, String uri, String nonce,
                         boolean qop) throws Exception {
        String ha1 = h(algorithm, user + ":camstream:" + password);
        String ha2 = h(algorithm, method + ":" + uri);
        String cnonce = "0a4f113b";
        String nc = "00000001";
        String response = qop ? h(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : h(algorithm, ha1 + ":" + nonce + ":" + ha2);
        return "Digest username=\"" + user + "\", realm=\"camstream\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", algorithm=" + algorithm + ", response=\"" + response + "\""
                + (qop ? ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"" : "");
    }

    private static String h(String algorithm, String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    }

}
