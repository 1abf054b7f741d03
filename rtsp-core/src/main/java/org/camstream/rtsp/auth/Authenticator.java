package org.camstream.rtsp.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camstream.rtsp.headers.AuthorizationHeader;
import org.camstream.rtsp.wire.RtspException;

/**
 * RTSP authentication (RFC 2326 §12.5 with the HTTP schemes): Digest per RFC 7616 with the configured
 * algorithms (SHA-256 and/or MD5), {@code qop=auth}, and Basic per RFC 7617 when enabled.
 *
 * <p>Nonces ({@link DigestNonce}) are authenticated and time-stamped, so they cannot be forged and
 * expire (RFC 7616 §5.4); each is bound to the connection it was issued on, its place among that
 * connection's nonces and the one algorithm it was offered with. Replays (RFC 7616 §5.12, issue 10
 * Medium 6) are refused: a nonce from another connection, an older nonce of this connection, and a
 * nonce count that does not increase ({@link ConnectionNonces}, bounded per connection). A correct
 * answer refused for one of these reasons, or for an expired nonce, gets a new challenge with
 * {@code stale=true} (§3.3), so the client retries without asking its user again. Responses without
 * {@code qop} (RFC 2069 style, as GStreamer's rtspsrc and live555-based clients send) carry no count;
 * for them the binding to the connection is the replay defence. The cost: a client that opens a new
 * connection (a UDP session's PLAY or TEARDOWN may come on one, RFC 2326 §10) answers one challenge
 * there first, silently thanks to {@code stale=true}.
 *
 * <p>Malformed Digest credentials (unparseable, a parameter twice, RFC 7235 §2.1; {@code qop} without
 * {@code nc}/{@code cnonce} or an {@code nc} that is not 8 hex digits, RFC 7616 §3.4) are a 400, as
 * RFC 7616 §3.4.6 answers another malformed Authorization; wrong ones are a 401 with challenges.
 * Comparisons of secrets are constant-time.
 *
 * <p>Thread: event loop only (the MessageDigest and Mac instances are reused).
 */
public final class Authenticator {
    private final String realm;
    private final Map<String, byte[]> passwords;
    private final boolean allowBasic;
    private final long nonceLifetimeMillis;
    private final List<DigestAlgorithm> algorithms;
    private final Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);
    private final DigestNonce nonces = new DigestNonce();
    private final byte[] dummyPassword = new byte[32];
    private long connections;

    /** Result of {@link #authenticate}: the user, or why not. Immutable. */
    public static final class Result {
        private final String user;
        private final boolean stale;
        private final boolean badRequest;

        Result(String user, boolean stale, boolean badRequest) {
            this.user = user;
            this.stale = stale;
            this.badRequest = badRequest;
        }

        /** The authenticated user, or null. */
        public String user() {
            return user;
        }

        /**
         * True when the credentials were right but the nonce can no longer be used: expired, issued on
         * another connection, superseded, or its count repeated (RFC 7616 §3.3 stale=true).
         */
        public boolean stale() {
            return stale;
        }

        /** True when the Authorization header is malformed: answer 400, not a challenge. */
        public boolean badRequest() {
            return badRequest;
        }

        public boolean ok() {
            return user != null;
        }
    }

    private static final Result DENIED = new Result(null, false, false);
    private static final Result STALE = new Result(null, true, false);
    private static final Result BAD_REQUEST = new Result(null, false, true);

    /**
     * @param algorithms the Digest algorithms offered, in the order of the challenges (at least one)
     */
    public Authenticator(String realm, Map<String, byte[]> passwords, boolean allowBasic, long nonceLifetimeMillis,
                         List<DigestAlgorithm> algorithms) {
        if (algorithms.isEmpty()) throw new IllegalArgumentException("no Digest algorithm");
        this.realm = realm;
        this.passwords = Collections.unmodifiableMap(new HashMap<>(passwords));
        this.allowBasic = allowBasic;
        this.nonceLifetimeMillis = nonceLifetimeMillis;
        this.algorithms = Collections.unmodifiableList(new ArrayList<>(algorithms));
        for (DigestAlgorithm a : this.algorithms) digests.put(a, a.newDigest());
    }

    /** The nonce state of a new connection; the caller keeps it as long as the connection. */
    public ConnectionNonces newConnection() {
        return new ConnectionNonces(++connections);
    }

    /**
     * The WWW-Authenticate values of a 401 (RFC 7616 §3.3, RFC 7617 §2): one Digest challenge per
     * configured algorithm in the configured order, each with its own nonce for this connection
     * (RFC 7616 §3.7: one challenge per algorithm, the preferred first), then Basic when enabled.
     * Some clients (ffmpeg) answer the last Digest challenge they see and know only MD5, which is why
     * MD5 comes last by default.
     */
    public List<String> challenges(long nowMillis, boolean stale, ConnectionNonces connection) {
        List<String> c = new ArrayList<>(algorithms.size() + 1);
        for (DigestAlgorithm a : algorithms) {
            String nonce = nonces.issue(nowMillis + nonceLifetimeMillis, connection.connection(),
                    connection.nextSequence(), a);
            c.add("Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", qop=\"auth\"" + (stale ? ", stale=true" : "")
                    + ", algorithm=" + a.rfcName());
        }
        if (allowBasic) c.add("Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        return c;
    }

    /** Checks the request's Authorization header, sent on {@code connection}, against the configured users. */
    public Result authenticate(String method, String requestUri, String authorization, long nowMillis,
                               ConnectionNonces connection) {
        if (authorization == null) return DENIED;
        AuthorizationHeader h;
        try {
            h = AuthorizationHeader.parse(authorization);
        } catch (RtspException.BadHeader e) {
            // A Digest header we cannot read is malformed (400); another scheme is merely not ours (401).
            return isDigest(authorization) ? BAD_REQUEST : DENIED;
        }
        return AuthorizationHeader.BASIC.equals(h.scheme()) ? basic(h)
                : digest(method, requestUri, h, nowMillis, connection);
    }

    private static boolean isDigest(String authorization) {
        String v = authorization.trim();
        return v.regionMatches(true, 0, AuthorizationHeader.DIGEST, 0, 6) && (v.length() == 6 || v.charAt(6) == ' ');
    }

    private Result basic(AuthorizationHeader h) {
        if (!allowBasic) return DENIED;
        byte[] decoded;
        try {
            decoded = Base64Codec.STANDARD.decode(h.token68());
        } catch (IllegalArgumentException e) {
            return DENIED;
        }
        String userPass = new String(decoded, StandardCharsets.UTF_8);
        int colon = userPass.indexOf(':');
        if (colon < 0) return DENIED;
        String user = userPass.substring(0, colon);
        byte[] given = userPass.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        byte[] expected = passwords.get(user);
        // Compare even for unknown users, so timing does not reveal which names exist.
        boolean match = MessageDigest.isEqual(given, expected != null ? expected : dummyPassword);
        return match && expected != null ? new Result(user, false, false) : DENIED;
    }

    private Result digest(String method, String requestUri, AuthorizationHeader h, long nowMillis,
                          ConnectionNonces connection) {
        String user = h.param("username");
        String nonce = h.param("nonce");
        String uri = h.param("uri");
        String response = h.param("response");
        String qop = h.param("qop");
        long count = ConnectionNonces.NO_COUNT;
        if (qop != null) {
            // RFC 7616 §3.4: with qop, nc (8LHEX) and cnonce MUST be sent.
            if (h.param("cnonce") == null) return BAD_REQUEST;
            count = ConnectionNonces.parseCount(h.param("nc"));
            if (count < 0) return BAD_REQUEST;
            if (!qop.equals("auth")) return DENIED; // the only qop offered (auth-int is not)
        }
        if (user == null || nonce == null || uri == null || response == null) return DENIED;
        if (!realm.equals(h.param("realm"))) return DENIED;
        // RFC 7616 §3.4.6: the answer must be for this request's resource, not one replayed from another.
        if (!sameResource(uri, requestUri)) return DENIED;
        DigestNonce.Contents issued = nonces.open(nonce);
        if (issued == null) return DENIED; // not a nonce of this server (run)
        // The answer must use the algorithm of the challenge whose nonce it carries (absent = MD5, §3.4).
        if (DigestAlgorithm.forName(h.param("algorithm")) != issued.algorithm) return DENIED;
        MessageDigest md = digests.get(issued.algorithm);
        if (md == null) return DENIED;
        byte[] password = passwords.get(user);
        // One computation for the server's check and the publisher's answer (DigestComputation).
        String expected = DigestComputation.response(md, user, realm, password != null ? password : dummyPassword,
                method, uri, nonce, qop, h.param("nc"), h.param("cnonce"));
        boolean responseOk = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!responseOk || password == null) return DENIED;
        // Right credentials: from here on the nonce is what may be refused, with stale=true (§3.3).
        if (issued.connection != connection.connection()) return STALE; // replayed from another connection
        if (nowMillis > issued.expiryMillis) return STALE;
        if (!connection.admit(issued.sequence, count)) return STALE; // replayed or superseded (§3.4, §5.12)
        return new Result(user, false, false);
    }

    /**
     * Whether the Digest {@code uri} names the Request-URI's resource. Clients write it as the absolute
     * URL they requested or as its path (RFC 7230 §5.3 forms); the host part may differ (a name vs an
     * address) and a trailing slash is not significant for our one stream.
     */
    public static boolean sameResource(String digestUri, String requestUri) {
        return digestUri.equals(requestUri) || resourcePath(digestUri).equals(resourcePath(requestUri));
    }

    private static String resourcePath(String uri) {
        String u = uri;
        int scheme = u.indexOf("://");
        if (scheme >= 0) {
            int slash = u.indexOf('/', scheme + 3);
            u = slash < 0 ? "/" : u.substring(slash);
        }
        int query = u.indexOf('?');
        if (query >= 0) u = u.substring(0, query);
        while (u.length() > 1 && u.endsWith("/")) u = u.substring(0, u.length() - 1);
        return u.isEmpty() ? "/" : u;
    }
}
