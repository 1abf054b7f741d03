package org.camstream.rtsp.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camstream.rtsp.headers.AuthorizationHeader;
import org.camstream.rtsp.wire.RtspException;

/**
 * RTSP authentication (RFC 2326 §12.5 with the HTTP schemes): Digest per RFC 7616 with SHA-256 and
 * MD5, {@code qop=auth}, and Basic per RFC 7617 when enabled.
 *
 * <p>Nonces are stateless: {@code expiry || HMAC-SHA256(secret, expiry)}, so they cannot be forged and
 * expire without the server storing anything (RFC 7616 §5.4 suggests time-stamped nonces). A correct
 * answer to an expired nonce gets a new challenge with {@code stale=true} (§3.3). Comparisons of
 * secrets are constant-time. Responses without {@code qop} (RFC 2069 style, as live555-based clients
 * send) are accepted too; they still bind the nonce, method and URI.
 *
 * <p>Thread: event loop only (the MessageDigest and Mac instances are reused).
 */
public final class Authenticator {
    private final String realm;
    private final Map<String, byte[]> passwords;
    private final boolean allowBasic;
    private final long nonceLifetimeMillis;
    private final Mac mac;
    private final MessageDigest md5;
    private final MessageDigest sha256;
    private final byte[] dummyPassword = new byte[32];

    /** Result of {@link #authenticate}: the user, or why not. Immutable. */
    public static final class Result {
        private final String user;
        private final boolean stale;

        Result(String user, boolean stale) {
            this.user = user;
            this.stale = stale;
        }

        /** The authenticated user, or null. */
        public String user() {
            return user;
        }

        /** True when the credentials were right but the nonce expired (RFC 7616 §3.3 stale=true). */
        public boolean stale() {
            return stale;
        }

        public boolean ok() {
            return user != null;
        }
    }

    private static final Result DENIED = new Result(null, false);
    private static final Result STALE = new Result(null, true);

    public Authenticator(String realm, Map<String, byte[]> passwords, boolean allowBasic, long nonceLifetimeMillis) {
        this.realm = realm;
        this.passwords = Collections.unmodifiableMap(new HashMap<>(passwords));
        this.allowBasic = allowBasic;
        this.nonceLifetimeMillis = nonceLifetimeMillis;
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            this.md5 = MessageDigest.getInstance("MD5");
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256/MD5/SHA-256", e);
        }
    }

    /**
     * The WWW-Authenticate values of a 401 (RFC 7616 §3.3, RFC 7617 §2), strongest first. MD5 is
     * offered last because some clients (ffmpeg) answer the last Digest challenge they see and know only MD5.
     */
    public List<String> challenges(long nowMillis, boolean stale) {
        String nonce = newNonce(nowMillis);
        String common = "realm=\"" + realm + "\", nonce=\"" + nonce + "\", qop=\"auth\"" + (stale ? ", stale=true" : "");
        List<String> c = new ArrayList<>(3);
        c.add("Digest " + common + ", algorithm=SHA-256");
        c.add("Digest " + common + ", algorithm=MD5");
        if (allowBasic) c.add("Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        return c;
    }

    /** Checks the request's Authorization header against the configured users. */
    public Result authenticate(String method, String requestUri, String authorization, long nowMillis) {
        if (authorization == null) return DENIED;
        AuthorizationHeader h;
        try {
            h = AuthorizationHeader.parse(authorization);
        } catch (RtspException.BadHeader e) {
            return DENIED;
        }
        return AuthorizationHeader.BASIC.equals(h.scheme()) ? basic(h) : digest(method, requestUri, h, nowMillis);
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
        return match && expected != null ? new Result(user, false) : DENIED;
    }

    private Result digest(String method, String requestUri, AuthorizationHeader h, long nowMillis) {
        String user = h.param("username");
        String nonce = h.param("nonce");
        String uri = h.param("uri");
        String response = h.param("response");
        String algorithm = h.param("algorithm") == null ? "MD5" : h.param("algorithm");
        if (user == null || nonce == null || uri == null || response == null) return DENIED;
        if (!realm.equals(h.param("realm"))) return DENIED;
        // RFC 7616 §3.4.6: the answer must be for this request's resource, not one replayed from another.
        if (!sameResource(uri, requestUri)) return DENIED;
        MessageDigest md;
        if (algorithm.equalsIgnoreCase("SHA-256")) {
            md = sha256;
        } else if (algorithm.equalsIgnoreCase("MD5")) {
            md = md5;
        } else {
            return DENIED;
        }
        byte[] password = passwords.get(user);
        String ha1 = hash(md, user + ":" + realm + ":" + new String(password != null ? password : dummyPassword, StandardCharsets.UTF_8));
        String ha2 = hash(md, method + ":" + uri);
        String qop = h.param("qop");
        String expected;
        if (qop == null) {
            expected = hash(md, ha1 + ":" + nonce + ":" + ha2); // RFC 2069 compatibility
        } else if (qop.equals("auth") && h.param("nc") != null && h.param("cnonce") != null) {
            expected = hash(md, ha1 + ":" + nonce + ":" + h.param("nc") + ":" + h.param("cnonce") + ":auth:" + ha2);
        } else {
            return DENIED;
        }
        boolean responseOk = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!responseOk || password == null) return DENIED;
        NonceState state = checkNonce(nonce, nowMillis);
        if (state == NonceState.FORGED) return DENIED;
        if (state == NonceState.EXPIRED) return STALE;
        return new Result(user, false);
    }

    private enum NonceState { VALID, EXPIRED, FORGED }

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

    public String newNonce(long nowMillis) {
        byte[] nonce = new byte[8 + 16];
        ByteBuffer.wrap(nonce).putLong(nowMillis + nonceLifetimeMillis);
        System.arraycopy(tag(nonce), 0, nonce, 8, 16);
        return Base64Codec.URL_NO_PADDING.encode(nonce);
    }

    private NonceState checkNonce(String nonce, long nowMillis) {
        byte[] raw;
        try {
            raw = Base64Codec.URL_NO_PADDING.decode(nonce);
        } catch (IllegalArgumentException e) {
            return NonceState.FORGED;
        }
        if (raw.length != 24) return NonceState.FORGED;
        byte[] expectedTag = tag(raw);
        byte[] givenTag = java.util.Arrays.copyOfRange(raw, 8, 24);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expectedTag, 16), givenTag)) return NonceState.FORGED;
        long expiry = ByteBuffer.wrap(raw).getLong();
        return nowMillis > expiry ? NonceState.EXPIRED : NonceState.VALID;
    }

    private byte[] tag(byte[] nonceWithExpiry) {
        mac.update(nonceWithExpiry, 0, 8);
        return mac.doFinal();
    }

    private static String hash(MessageDigest md, String s) {
        md.reset();
        return hex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Lower-case hex, as RFC 7616 §3.4.1 writes digests. */
    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
