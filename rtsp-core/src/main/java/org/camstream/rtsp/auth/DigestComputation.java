package org.camstream.rtsp.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Digest {@code response} value (RFC 7616 §3.4.1), computed once for both sides: the server's
 * check ({@code Authenticator}) and the publisher's answer to a challenge. Keeping one copy means a
 * client and server built from this code cannot drift apart on the hashing.
 *
 * <pre>
 * A1 = username ":" realm ":" passwd                    (§3.4.2, non-"-sess" algorithms)
 * A2 = Method ":" request-uri                           (§3.4.3, qop=auth)
 * response = H(H(A1) ":" nonce ":" nc ":" cnonce ":" qop ":" H(A2))   (§3.4.1)
 * response = H(H(A1) ":" nonce ":" H(A2))                (RFC 2069 form, no qop)
 * </pre>
 *
 * <p>Stateless apart from the caller's {@link MessageDigest}, which it resets; not thread-safe for one
 * digest instance.
 */
public final class DigestComputation {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DigestComputation() {
    }

    /**
     * A new digest for the RFC 7616 algorithm name ({@code MD5}, {@code SHA-256}; case-insensitive), or
     * null when unsupported (e.g. the {@code -sess} variants or SHA-512-256, which the JDK lacks before 17).
     */
    public static MessageDigest forAlgorithm(String algorithm) {
        String a = algorithm == null ? "MD5" : algorithm; // §3.3: absent means MD5
        try {
            if (a.equalsIgnoreCase("SHA-256")) {
                return MessageDigest.getInstance("SHA-256");
            }
            if (a.equalsIgnoreCase("MD5")) {
                return MessageDigest.getInstance("MD5");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + a, e);
        }
        return null;
    }

    /**
     * The lower-case hex {@code response}.
     *
     * @param qop {@code "auth"} or null for the RFC 2069 form (then nc and cnonce are ignored)
     */
    public static String response(MessageDigest md, String user, String realm, byte[] password, String method,
            String uri, String nonce, String qop, String nc, String cnonce) {
        md.reset();
        md.update((user + ":" + realm + ":").getBytes(StandardCharsets.UTF_8));
        String ha1 = hex(md.digest(password));
        String ha2 = hash(md, method + ":" + uri);
        if (qop == null) {
            return hash(md, ha1 + ":" + nonce + ":" + ha2);
        }
        return hash(md, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    private static String hash(MessageDigest md, String s) {
        md.reset();
        return hex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lower-case hex, as RFC 7616 §3.4.1 writes the digest. */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[bytes[i] >> 4 & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
