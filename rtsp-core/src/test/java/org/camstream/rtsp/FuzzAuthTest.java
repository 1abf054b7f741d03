package org.camstream.rtsp;

import org.camstream.rtsp.testing.TestStreams;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes authentication on a live server that requires it (RFC 2326 §12.5 with RFC 7616 Digest and
 * RFC 7617 Basic). The client side is an independent restatement of RFC 7616 §3.4.1 written here,
 * so the oracle is exact: a correctly computed answer (MD5 or SHA-256, with or without qop) is 200;
 * the same answer with any one field wrong (password, user, realm, nonce, method, uri, response, nc
 * binding) and any random header value is 401 with challenges; a digest valid for another URI is
 * refused (RFC 7616 §3.4.6: 400 or 401); a mutated or random header is 200, 400 (malformed) or 401; nothing else ever comes
 * back, and the server stays up.
 */
class FuzzAuthTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cr\u00e9t pass";
    private static final String REALM = "fuzz-realm";
    private static RtspServer server;
    private static final FuzzSupport.ErrorLogWatch errors = new FuzzSupport.ErrorLogWatch();

    @BeforeContainer
    static void start() {
        errors.install();
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .credentials(USER, PASSWORD).basicAuth(true).realm(REALM).build());
        server.send(TestStreams.idr(100, true)); // SPS/PPS known: a DESCRIBE is answered at once
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            FuzzSupport.assertAnswersOptions(server.port());
            FuzzSupport.assertOnlyTheLoopThread(server.port());
        } finally {
            server.stop();
            errors.uninstall();
        }
        errors.assertNone();
    }

    /** How the Authorization header of a try is made. */
    enum Kind {
        DIGEST_MD5_QOP, DIGEST_SHA256_QOP, DIGEST_MD5_NO_QOP, BASIC,
        WRONG_PASSWORD, WRONG_USER, WRONG_REALM, FORGED_NONCE, WRONG_METHOD, WRONG_URI, FLIPPED_RESPONSE,
        WRONG_NC, OTHER_RESOURCE, BASIC_WRONG_PASSWORD, BASIC_GARBAGE, MUTATED, RANDOM
    }

    @Provide
    Arbitrary<Kind> kinds() {
        return Arbitraries.of(Kind.class);
    }

    /**
     * RFC 7616 §3.4.6: the server must check that the {@code uri} parameter names the resource of the
     * Request-Line. Regression: found by this fuzzer, a Digest answer computed for
     * {@code rtsp://host/trackID=0} was accepted on {@code DESCRIBE rtsp://host/}; now it gets 401.
     */
    @net.jqwik.api.Example
    void digestValidForAnotherUriIsRefused() throws Exception {
        onlyTheRightAnswerIsLetIn(Kind.OTHER_RESOURCE, List.of(), "");
    }

    @Property
    void onlyTheRightAnswerIsLetIn(@ForAll("kinds") Kind kind, @ForAll("mutations") List<RtspFuzzTest.Mutation> mutations,
                                   @ForAll("noise") String noise) throws Exception {
        String url = "rtsp://127.0.0.1:" + server.port() + "/";
        try (Socket s = FuzzSupport.connect(server.port(), 5000)) {
            OutputStream out = s.getOutputStream();
            FuzzSupport.WireReader in = new FuzzSupport.WireReader(s.getInputStream());
            out.write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            FuzzSupport.Response challenge = in.nextResponse();
            assertThat(challenge.status()).isEqualTo(401); // RFC 2326 §11.3.x / RFC 7235 §3.1
            String www = challenge.header("WWW-Authenticate");
            assertThat(www).as("challenges").contains("Digest").contains("Basic");
            // Each challenge has its own nonce, bound to its algorithm (issue 10 Low 12).
            String md5Nonce = nonceFor(www, "MD5");
            String shaNonce = nonceFor(www, "SHA-256");
            assertThat(md5Nonce).isNotEqualTo(shaNonce);
            assertThat(param(www, "realm")).isEqualTo(REALM);

            String authorization = authorization(kind, url, md5Nonce, shaNonce, mutations, noise);
            boolean shouldPass = kind == Kind.DIGEST_MD5_QOP || kind == Kind.DIGEST_SHA256_QOP
                    || kind == Kind.DIGEST_MD5_NO_QOP || kind == Kind.BASIC;
            // A mutation may leave the header unchanged or equivalent (a space, a name's case): then
            // either answer is right; only 200 and 401 are.
            boolean either = kind == Kind.MUTATED;
            shouldPass |= either && authorization.equals(digest("MD5", USER, PASSWORD, REALM, md5Nonce, "DESCRIBE", url, true, false));
            out.write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 2\r\nAuthorization: " + authorization + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            FuzzSupport.Response r = in.nextResponse();
            assertThat(r.cseq()).isEqualTo("2");
            if (kind == Kind.OTHER_RESOURCE) {
                assertThat(r.status()).as("§3.4.6 (SHOULD be 400): %s", authorization).isIn(400, 401);
            } else if (either && !shouldPass || kind == Kind.RANDOM) {
                // A malformed Digest header (a parameter twice, a bad nc, ...) is a 400 (Authenticator).
                assertThat(r.status()).as("%s: %s", kind, authorization).isIn(200, 400, 401);
            } else {
                assertThat(r.status()).as("%s: %s", kind, authorization).isEqualTo(shouldPass ? 200 : 401);
            }
            if (r.status() == 401) assertThat(r.header("WWW-Authenticate")).isNotNull();
        }
        FuzzSupport.waitUntil("connection released", 10, () -> server.stats().connections() == 0);
        errors.assertNone();
    }

    @Provide
    Arbitrary<List<RtspFuzzTest.Mutation>> mutations() {
        return new RtspFuzzTest().mutations();
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("Digest Basic=\",\\ usernamerealmnonceuriresponseqopncauthMD5SHA-256")
                .ofMaxLength(80);
    }

    private static String authorization(Kind kind, String url, String md5Nonce, String shaNonce,
                                        List<RtspFuzzTest.Mutation> mutations, String noise) throws Exception {
        return switch (kind) {
            case DIGEST_MD5_QOP -> digest("MD5", USER, PASSWORD, REALM, md5Nonce, "DESCRIBE", url, true, false);
            case DIGEST_SHA256_QOP -> digest("SHA-256", USER, PASSWORD, REALM, shaNonce, "DESCRIBE", url, true, false);
            case DIGEST_MD5_NO_QOP -> digest("MD5", USER, PASSWORD, REALM, md5Nonce, "DESCRIBE", url, false, false);
            case BASIC -> basic(USER + ":" + PASSWORD);
            case WRONG_PASSWORD -> digest("MD5", USER, PASSWORD + "x", REALM, md5Nonce, "DESCRIBE", url, true, false);
            case WRONG_USER -> digest("SHA-256", "bob", PASSWORD, REALM, shaNonce, "DESCRIBE", url, true, false);
            case WRONG_REALM -> digest("MD5", USER, PASSWORD, "other", md5Nonce, "DESCRIBE", url, true, false);
            case FORGED_NONCE -> digest("MD5", USER, PASSWORD, REALM, flip(md5Nonce), "DESCRIBE", url, true, false);
            case WRONG_METHOD -> digest("MD5", USER, PASSWORD, REALM, md5Nonce, "PLAY", url, true, false);
            case WRONG_URI -> digest("MD5", USER, PASSWORD, REALM, md5Nonce, "DESCRIBE", url + "x", true, false)
                    .replace("uri=\"" + url + "x\"", "uri=\"" + url + "\"");
            case FLIPPED_RESPONSE -> {
                String d = digest("SHA-256", USER, PASSWORD, REALM, shaNonce, "DESCRIBE", url, true, false);
                Matcher m = Pattern.compile("response=\"([0-9a-f]+)\"").matcher(d);
                assertThat(m.find()).isTrue();
                yield d.replace(m.group(1), flip(m.group(1)));
            }
            // Correct for another URI than the request's: RFC 7616 §3.4.6, the server must not accept it.
            case OTHER_RESOURCE -> digest("MD5", USER, PASSWORD, REALM, md5Nonce, "DESCRIBE", url + "trackID=0", true, false);
            case WRONG_NC -> digest("MD5", USER, PASSWORD, REALM, md5Nonce, "DESCRIBE", url, true, true);
            case BASIC_WRONG_PASSWORD -> basic(USER + ":" + PASSWORD.toUpperCase());
            case BASIC_GARBAGE -> "Basic " + noise.replace(' ', '_') + "!";
            case MUTATED -> new String(RtspFuzzTest.mutate(digest("MD5", USER, PASSWORD, REALM, md5Nonce, "DESCRIBE",
                    url, true, false).getBytes(StandardCharsets.US_ASCII), mutations), StandardCharsets.ISO_8859_1)
                    .replaceAll("[\\x00-\\x1f\\x7f-\\xff]", ""); // keep the header line itself well-formed
            case RANDOM -> noise.isBlank() ? "x" : noise;
        };
    }

    /**
     * RFC 7616 §3.4.1: response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)) with
     * A1 = username ":" realm ":" passwd, A2 = method ":" uri, KD(s, d) = H(s ":" d); without qop
     * (RFC 2069) response = H(H(A1) ":" nonce ":" H(A2)). {@code hashWrongNc} hashes a different nc
     * than the one sent.
     */
    static String digest(String algorithm, String user, String password, String realm, String nonce, String method,
                         String uri, boolean qop, boolean hashWrongNc) throws Exception {
        String ha1 = h(algorithm, user + ":" + realm + ":" + password);
        String ha2 = h(algorithm, method + ":" + uri);
        String cnonce = "0a4f113b";
        String nc = "00000001";
        String response = qop
                ? h(algorithm, ha1 + ":" + nonce + ":" + (hashWrongNc ? "00000002" : nc) + ":" + cnonce + ":auth:" + ha2)
                : h(algorithm, ha1 + ":" + nonce + ":" + ha2);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append("\", response=\"")
                .append(response).append('"');
        if (!algorithm.equals("MD5")) sb.append(", algorithm=").append(algorithm);
        if (qop) sb.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        return sb.toString();
    }

    private static String h(String algorithm, String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** RFC 7617 §2: "Basic" SP base64(user-id ":" password), UTF-8. */
    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static String flip(String s) {
        char c = s.charAt(s.length() / 2);
        char d = c == 'a' ? 'b' : 'a';
        return s.substring(0, s.length() / 2) + d + s.substring(s.length() / 2 + 1);
    }

    /** The nonce of the Digest challenge for {@code algorithm} (challenges joined with "\n"). */
    private static String nonceFor(String challenges, String algorithm) {
        for (String c : challenges.split("\n")) {
            if (c.startsWith("Digest ") && c.endsWith("algorithm=" + algorithm)) return param(c, "nonce");
        }
        throw new AssertionError("no " + algorithm + " challenge in " + challenges);
    }

    /** A parameter of the first challenge that has it: {@code name="value"} or {@code name=value}. */
    private static String param(String challenges, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\",\\n]*)").matcher(challenges);
        assertThat(m.find()).as("%s in %s", name, challenges).isTrue();
        return m.group(1);
    }
}
