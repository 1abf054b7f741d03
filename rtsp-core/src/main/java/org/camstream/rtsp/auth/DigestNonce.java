package org.camstream.rtsp.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's Digest nonce format: what a nonce says, authenticated so that it cannot be forged
 * (RFC 7616 §3.3: the nonce's contents are the server's choice; §5.4 suggests time-stamped ones).
 *
 * <pre>
 * nonce = base64url( expiry(8) | connection(8) | sequence(8) | algorithm(1) | HMAC-SHA256(key, first 25)[0..16) )
 * </pre>
 *
 * The connection and sequence bind a nonce to the RTSP connection it was issued on and order the
 * nonces of one connection ({@link ConnectionNonces}); the algorithm binds it to the one challenge it
 * was offered in, so an answer must use that challenge's algorithm (issue 10 Low 12). Nothing is
 * stored per nonce: the key is random per server run.
 *
 * <p>Thread: event loop only (the Mac is reused).
 */
final class DigestNonce {
    private static final int BODY = 8 + 8 + 8 + 1;
    private static final int TAG = 16;

    private final Mac mac;
    private final byte[] buffer = new byte[BODY + TAG];

    /** What a genuine nonce says. */
    static final class Contents {
        final long expiryMillis;
        final long connection;
        final long sequence;
        final DigestAlgorithm algorithm;

        Contents(long expiryMillis, long connection, long sequence, DigestAlgorithm algorithm) {
            this.expiryMillis = expiryMillis;
            this.connection = connection;
            this.sequence = sequence;
            this.algorithm = algorithm;
        }
    }

    DigestNonce() {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256", e);
        }
    }

    String issue(long expiryMillis, long connection, long sequence, DigestAlgorithm algorithm) {
        ByteBuffer.wrap(buffer).putLong(expiryMillis).putLong(connection).putLong(sequence)
                .put((byte) algorithm.ordinal());
        System.arraycopy(tag(buffer), 0, buffer, BODY, TAG);
        return Base64Codec.URL_NO_PADDING.encode(buffer);
    }

    /** The contents of a nonce this server issued, or null for anything else (forged, altered, foreign). */
    Contents open(String nonce) {
        byte[] raw;
        try {
            raw = Base64Codec.URL_NO_PADDING.decode(nonce);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != BODY + TAG) return null;
        // One spelling per nonce: spare base64 bits set are a different string, not the same nonce.
        if (!Base64Codec.URL_NO_PADDING.encode(raw).equals(nonce)) return null;
        byte[] expected = Arrays.copyOf(tag(raw), TAG);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, BODY, BODY + TAG))) return null;
        ByteBuffer b = ByteBuffer.wrap(raw);
        long expiry = b.getLong();
        long connection = b.getLong();
        long sequence = b.getLong();
        int algorithm = b.get();
        if (algorithm < 0 || algorithm >= DigestAlgorithm.values().length) return null;
        return new Contents(expiry, connection, sequence, DigestAlgorithm.values()[algorithm]);
    }

    private byte[] tag(byte[] nonce) {
        mac.update(nonce, 0, BODY);
        return mac.doFinal();
    }
}
