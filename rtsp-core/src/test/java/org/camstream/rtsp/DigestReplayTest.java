package org.camstream.rtsp;

import org.camstream.rtsp.testing.TestStreams;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camstream.rtsp.testing.FakeClock;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 Medium 6 and Low 12 on the wire, raw sockets over loopback: a Digest Authorization header
 * captured on one connection is refused on another (nonces are bound to their connection), a nonce
 * count that repeats or goes backwards is refused (RFC 7616 §3.4, §5.12), a malformed nc or a
 * parameter named twice is a 400 (RFC 7616 §3.4, RFC 7235 §2.1), each algorithm's challenge has its
 * own nonce, and MD5 can be turned off. The answers are computed here from RFC 7616 §3.4.1,
 * independently of the server's code. On a fake wall clock: no nonce expires during a test.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DigestReplayTest {
    private static final String REALM = "camstream";
    private final FakeClock clock = new FakeClock();
    private RtspServer server;

    private void start(RtspServerOptions.DigestAlgorithm... algorithms) {
        RtspServerOptions.Builder b = RtspServerOptions.builder().port(0).clock(clock)
                .bindAddress(InetAddress.getLoopbackAddress()).credentials("alice", "s3cret");
        if (algorithms.length > 0) b.digestAlgorithms(algorithms);
        server = new RtspServer(320, 240, b.build());
        // SPS/PPS known, so a DESCRIBE is answered at once (it would wait for them on this fake clock)
        server.send(TestStreams.idr(100, true));
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    private String url() {
        return "rtsp://127.0.0.1:" + server.port() + "/";
    }

    /**
     * The finding: SETUP and PLAY headers captured from one connection, replayed from another
     * connection and another address (127.0.0.2 where the host allows it), got 200 and a stream for the
     * nonce's whole lifetime. Now they get 401 with stale=true, while the victim's connection goes on.
     */
    @Test
    void headersCapturedOnOneConnectionAreRefusedOnAnother() throws Exception {
        start();
        String track = url() + "trackID=0";
        String setupAuth;
        String playAuth;
        try (RawRtspClient victim = new RawRtspClient(server.port())) {
            String nonce = nonceFor(challenges(victim), "MD5");
            setupAuth = "Authorization: " + digest("MD5", "SETUP", track, nonce, "00000001");
            RawRtspClient.Response setup = victim.request("SETUP", track,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1", setupAuth);
            assertThat(setup.status()).isEqualTo(200);
            String session = setup.header("Session").split(";")[0];
            playAuth = "Authorization: " + digest("MD5", "PLAY", url(), nonce, "00000002");
            assertThat(victim.request("PLAY", url(), "Session: " + session, playAuth).status()).isEqualTo(200);

            try (RawRtspClient attacker = new RawRtspClient(fromAnotherAddress())) {
                RawRtspClient.Response replayedSetup = attacker.request("SETUP", track,
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1", setupAuth);
                assertThat(replayedSetup.status()).as("replayed SETUP").isEqualTo(401);
                assertThat(replayedSetup.headerValues("WWW-Authenticate")).allMatch(h -> h.contains("stale=true"));
                RawRtspClient.Response replayedPlay = attacker.request("PLAY", url(), "Session: " + session, playAuth);
                assertThat(replayedPlay.status()).as("replayed PLAY").isEqualTo(401);
            }
            // The victim's own connection is unaffected: its next count still passes.
            assertThat(victim.request("GET_PARAMETER", url(), "Session: " + session,
                    "Authorization: " + digest("MD5", "GET_PARAMETER", url(), nonce, "00000003")).status())
                    .isEqualTo(200);
        }
    }

    /** The same for an RFC 2069-style answer (no qop, no nc: GStreamer's rtspsrc): only the binding defends. */
    @Test
    void answerWithoutQopIsRefusedOnAnotherConnection() throws Exception {
        start();
        String auth;
        try (RawRtspClient victim = new RawRtspClient(server.port())) {
            String nonce = nonceFor(challenges(victim), "MD5");
            auth = "Authorization: " + digest("MD5", "DESCRIBE", url(), nonce, null);
            assertThat(victim.request("DESCRIBE", url(), auth).status()).isEqualTo(200);
            assertThat(victim.request("DESCRIBE", url(), auth).status()).as("no count to check on its own connection")
                    .isEqualTo(200);
            try (RawRtspClient attacker = new RawRtspClient(fromAnotherAddress())) {
                RawRtspClient.Response r = attacker.request("DESCRIBE", url(), auth);
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.header("WWW-Authenticate")).contains("stale=true");
            }
        }
    }

    /** The finding: nc was not checked, repeats and going backwards were accepted (RFC 7616 §3.4, §5.12). */
    @Test
    void repeatedOrBackwardsNonceCountIsRefused() throws Exception {
        start();
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String nonce = nonceFor(challenges(c), "SHA-256");
            String first = "Authorization: " + digest("SHA-256", "DESCRIBE", url(), nonce, "00000001");
            assertThat(c.request("DESCRIBE", url(), first).status()).isEqualTo(200);
            RawRtspClient.Response replay = c.request("DESCRIBE", url(), first);
            assertThat(replay.status()).as("nc repeated").isEqualTo(401);
            assertThat(replay.header("WWW-Authenticate")).contains("stale=true");
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "DESCRIBE", url(), nonce, "0000000a")).status()).as("nc up, gaps allowed").isEqualTo(200);
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "DESCRIBE", url(), nonce, "00000005")).status()).as("nc backwards").isEqualTo(401);
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "DESCRIBE", url(), nonce, "0000000B")).status()).as("upper-case hex").isEqualTo(200);
        }
    }

    /** A newer challenge supersedes the older nonces of the connection (the bound of ConnectionNonces). */
    @Test
    void olderNonceOfTheConnectionIsStaleOnceANewerOneIsUsed() throws Exception {
        start();
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String older = nonceFor(challenges(c), "MD5");
            String newer = nonceFor(challenges(c), "MD5");
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("MD5", "DESCRIBE", url(), newer, "00000001")).status()).isEqualTo(200);
            RawRtspClient.Response r = c.request("DESCRIBE", url(), "Authorization: "
                    + digest("MD5", "DESCRIBE", url(), older, "00000001"));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).contains("stale=true");
        }
    }

    /** RFC 7616 §3.4: nc-value = 8LHEX; "zzzz" and other lengths were accepted, now 400. */
    @Test
    void malformedNonceCountIsBadRequest() throws Exception {
        start();
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String nonce = nonceFor(challenges(c), "MD5");
            for (String nc : new String[] {"zzzz", "zzzzzzzz", "1", "000000001", "+0000001", "0000000\u0661"}) {
                // Hashed with that very nc, so only the syntax is wrong.
                assertThat(c.request("DESCRIBE", url(), "Authorization: " + digest("MD5", "DESCRIBE", url(), nonce, nc))
                        .status()).as("nc=%s", nc).isEqualTo(400);
            }
            String noNc = digest("MD5", "DESCRIBE", url(), nonce, "00000001").replace(", nc=00000001", "");
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + noNc).status()).as("qop without nc").isEqualTo(400);
        }
    }

    /** RFC 7235 §2.1: a parameter once; before, the last of two won (issue 10 Low 12). */
    @Test
    void duplicateParametersAreBadRequest() throws Exception {
        start();
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String nonce = nonceFor(challenges(c), "MD5");
            String right = digest("MD5", "DESCRIBE", url(), nonce, "00000001");
            String twoResponses = right.replace("response=", "response=\"00000000000000000000000000000000\", response=");
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + twoResponses).status()).isEqualTo(400);
            String twoUsers = right.replace("username=\"alice\"", "username=\"mallory\", USERNAME=\"alice\"");
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + twoUsers).status()).isEqualTo(400);
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + right).status()).isEqualTo(200);
        }
    }

    /** Before, MD5 and SHA-256 were offered with one nonce, so an MD5 answer fit the SHA-256 challenge. */
    @Test
    void eachAlgorithmHasItsOwnNonce() throws Exception {
        start();
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            List<String> challenges = challenges(c);
            assertThat(challenges).hasSize(2);
            String sha = nonceFor(challenges, "SHA-256");
            assertThat(nonceFor(challenges, "MD5")).isNotEqualTo(sha);
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + digest("MD5", "DESCRIBE", url(), sha, "00000001"))
                    .status()).as("MD5 answer to the SHA-256 challenge").isEqualTo(401);
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "DESCRIBE", url(), sha, "00000001")).status()).isEqualTo(200);
        }
    }

    /** {@code digestAlgorithms(SHA_256)}: MD5 is neither offered nor accepted (it could not be turned off). */
    @Test
    void md5CanBeTurnedOff() throws Exception {
        start(RtspServerOptions.DigestAlgorithm.SHA_256);
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            List<String> challenges = challenges(c);
            assertThat(challenges).hasSize(1);
            assertThat(challenges.get(0)).contains("algorithm=SHA-256").doesNotContain("MD5");
            String sha = nonceOf(challenges.get(0));
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + digest("MD5", "DESCRIBE", url(), sha, "00000001"))
                    .status()).isEqualTo(401);
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + digest("MD5", "DESCRIBE", url(), sha, null))
                    .status()).as("RFC 2069 form, algorithm absent = MD5").isEqualTo(401);
            assertThat(c.request("DESCRIBE", url(), "Authorization: "
                    + digest("SHA-256", "DESCRIBE", url(), sha, "00000001")).status()).isEqualTo(200);
        }
    }

    /** ffmpeg's sequence (qop=auth, nc 1, 2, 3 with one nonce) and its stale retry still pass. */
    @Test
    void ffmpegStyleCountingAndStaleRetryPass() throws Exception {
        start();
        String track = url() + "trackID=0";
        try (RawRtspClient c = new RawRtspClient(server.port())) {
            String nonce = nonceFor(challenges(c), "MD5");
            assertThat(c.request("DESCRIBE", url(), "Authorization: " + digest("MD5", "DESCRIBE", url(), nonce, "00000001"))
                    .status()).isEqualTo(200);
            RawRtspClient.Response setup = c.request("SETUP", track, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1",
                    "Authorization: " + digest("MD5", "SETUP", track, nonce, "00000002"));
            assertThat(setup.status()).isEqualTo(200);
            String session = "Session: " + setup.header("Session").split(";")[0];
            // A retried request (same count) is stale; the client answers the new challenge from 1.
            RawRtspClient.Response stale = c.request("PLAY", url(), session,
                    "Authorization: " + digest("MD5", "PLAY", url(), nonce, "00000002"));
            assertThat(stale.status()).isEqualTo(401);
            String fresh = nonceFor(stale.headerValues("WWW-Authenticate"), "MD5");
            assertThat(c.request("PLAY", url(), session, "Authorization: " + digest("MD5", "PLAY", url(), fresh, "00000001"))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void optionValidation() {
        RtspServerOptions.Builder b = RtspServerOptions.builder();
        assertThat(b.build().digestAlgorithms()).containsExactly(RtspServerOptions.DigestAlgorithm.SHA_256,
                RtspServerOptions.DigestAlgorithm.MD5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.digestAlgorithms())
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.digestAlgorithms(
                RtspServerOptions.DigestAlgorithm.MD5, RtspServerOptions.DigestAlgorithm.MD5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(b.digestAlgorithms(RtspServerOptions.DigestAlgorithm.MD5).build().digestAlgorithms())
                .containsExactly(RtspServerOptions.DigestAlgorithm.MD5);
    }

    /** A connection from 127.0.0.2 where the host routes it (Linux does), else from another port. */
    private Socket fromAnotherAddress() throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        } catch (IOException e) {
            s.close();
            s = new Socket();
        }
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        return s;
    }

    private List<String> challenges(RawRtspClient c) throws IOException {
        RawRtspClient.Response r = c.request("DESCRIBE", url());
        assertThat(r.status()).isEqualTo(401);
        return r.headerValues("WWW-Authenticate");
    }

    private static String nonceFor(List<String> challenges, String algorithm) {
        return nonceOf(AuthenticationTest.challengeFor(challenges, algorithm));
    }

    private static String nonceOf(String challenge) {
        Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertThat(m.find()).as(challenge).isTrue();
        return m.group(1);
    }

    /** RFC 7616 §3.4.1 with qop=auth and the given nc, or the RFC 2069 form (nc null, no algorithm). */
    static String digest(String algorithm, String method, String uri, String nonce, String nc) throws Exception {
        String ha1 = h(algorithm, "alice:" + REALM + ":s3cret");
        String ha2 = h(algorithm, method + ":" + uri);
        String cnonce = "f00dcafe";
        if (nc == null) {
            return "Digest username=\"alice\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + h(algorithm, ha1 + ":" + nonce + ":" + ha2) + "\"";
        }
        String response = h(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"alice\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", algorithm=" + algorithm + ", response=\"" + response + "\", qop=auth, nc=" + nc
                + ", cnonce=\"" + cnonce + "\"";
    }

    private static String h(String algorithm, String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
