package org.camstream.rtsp.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.camstream.rtsp.headers.AuthorizationHeader;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.auth.Base64Codec;
import org.camstream.rtsp.auth.DigestComputation;

/**
 * Answers a server's WWW-Authenticate challenges (RFC 2326 §12.5 with RFC 7235): Digest per RFC 7616
 * with SHA-256 preferred over MD5, {@code qop=auth} when offered (else the RFC 2069 form), and Basic per
 * RFC 7617 only when the server offers nothing better. The Digest answer is computed by the same code
 * as the server's check ({@link DigestComputation}). After a challenge every request carries an
 * answer with the next nonce count (RFC 7616 §3.4: nc counts requests with this nonce).
 *
 * <p>Not thread-safe: the publisher's loop thread only.
 */
final class ClientCredentials {
    private enum Scheme { NONE, BASIC, DIGEST }

    private final String user;
    private final byte[] password;
    private final SecureRandom random;
    private Scheme scheme = Scheme.NONE;
    private String realm;
    private String nonce;
    private String opaque;
    private String algorithm;
    private boolean qopAuth;
    private MessageDigest digest;
    private int nonceCount;
    private String cnonce;

    ClientCredentials(String user, String password, SecureRandom random) {
        this.user = user;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.random = random;
    }

    /** Whether a user name and password were given. */
    boolean present() {
        return user != null && password != null;
    }

    /** Forgets the last challenge (a new connection starts unauthenticated). */
    void reset() {
        scheme = Scheme.NONE;
        nonce = null;
    }

    /** Whether a challenge was accepted, so requests carry an Authorization header. */
    boolean answering() {
        return scheme != Scheme.NONE;
    }

    /**
     * Takes the strongest usable challenge of a 401 (RFC 7235 §4.1: one WWW-Authenticate per scheme, or
     * several values). Returns false when none is usable (or no credentials were given).
     */
    boolean accept(List<String> challenges) {
        if (!present()) return false;
        AuthorizationHeader best = null;
        int bestRank = 0;
        boolean basic = false;
        for (String c : challenges) {
            String v = c.trim();
            if (v.regionMatches(true, 0, "Basic", 0, 5) && (v.length() == 5 || v.charAt(5) == ' ')) {
                basic = true;
                continue;
            }
            AuthorizationHeader h;
            try {
                h = AuthorizationHeader.parse(v); // auth-param syntax is the same both ways (RFC 7235 §2.1)
            } catch (RtspException.BadHeader e) {
                continue;
            }
            if (!AuthorizationHeader.DIGEST.equals(h.scheme()) || h.param("nonce") == null || h.param("realm") == null) {
                continue;
            }
            String alg = h.param("algorithm");
            int rank = alg == null || alg.equalsIgnoreCase("MD5") ? 1 : alg.equalsIgnoreCase("SHA-256") ? 2 : 0;
            if (rank > bestRank) {
                best = h;
                bestRank = rank;
            }
        }
        if (best != null) {
            scheme = Scheme.DIGEST;
            realm = best.param("realm");
            nonce = best.param("nonce");
            opaque = best.param("opaque");
            algorithm = best.param("algorithm") == null ? "MD5" : best.param("algorithm").toUpperCase(Locale.ROOT);
            digest = DigestComputation.forAlgorithm(algorithm);
            String qop = best.param("qop");
            qopAuth = qop != null && containsToken(qop, "auth");
            nonceCount = 0;
            byte[] c = new byte[16];
            random.nextBytes(c);
            cnonce = DigestComputation.hex(c);
            return true;
        }
        if (basic) {
            scheme = Scheme.BASIC;
            return true;
        }
        return false;
    }

    /** RFC 7616 §3.3 {@code stale=true}: the nonce expired, the credentials were right. */
    static boolean isStale(List<String> challenges) {
        for (String c : challenges) {
            String v = c.toLowerCase(Locale.ROOT).replace(" ", "");
            if (v.startsWith("digest") && v.contains("stale=true")) return true;
        }
        return false;
    }

    /** The Authorization value for this request, or null before a challenge. */
    String authorization(String method, String uri) {
        if (scheme == Scheme.BASIC) {
            byte[] u = (user + ":").getBytes(StandardCharsets.UTF_8);
            byte[] up = new byte[u.length + password.length];
            System.arraycopy(u, 0, up, 0, u.length);
            System.arraycopy(password, 0, up, u.length, password.length);
            return "Basic " + Base64Codec.STANDARD.encode(up); // RFC 7617 §2
        }
        if (scheme != Scheme.DIGEST) return null;
        // RFC 7616 §3.4: nc is 8 hex digits counting the requests sent with this nonce
        String nc = qopAuth ? String.format(Locale.ROOT, "%08x", ++nonceCount) : null;
        String response = DigestComputation.response(digest, user, realm, password, method, uri, nonce,
                qopAuth ? "auth" : null, nc, cnonce);
        StringBuilder sb = new StringBuilder(256).append("Digest username=\"").append(quote(user))
                .append("\", realm=\"").append(quote(realm)).append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(uri)).append("\", response=\"").append(response).append('"');
        sb.append(", algorithm=").append(algorithm);
        if (opaque != null) sb.append(", opaque=\"").append(quote(opaque)).append('"');
        if (qopAuth) sb.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        return sb.toString();
    }

    private static boolean containsToken(String list, String token) {
        for (String t : list.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) return true;
        }
        return false;
    }

    /** RFC 7230 §3.2.6 quoted-string: escape '"' and '\'. */
    private static String quote(String s) {
        if (s.indexOf('"') < 0 && s.indexOf('\\') < 0) return s;
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
