package org.camstream.rtsp.auth;

/**
 * The Digest nonce state of one RTSP connection (issue 10 Medium 6): the nonces issued on it are
 * numbered, and for the newest one a request was accepted with it keeps the highest nonce count
 * (RFC 7616 §3.4: {@code nc} counts the requests the client sent with that nonce, so a server that
 * remembers it "can detect request replays by watching for a repeated count", §5.12).
 *
 * <p>Memory: three longs per open connection, whatever the client sends; nothing is kept per nonce
 * and nothing outlives the connection. The cost of the bound: once a client has used a newer nonce
 * of its connection, the older ones are refused (stale), which the clients do anyway: they answer the
 * last challenge they got.
 *
 * <p>Thread: event loop only.
 */
public final class ConnectionNonces {
    /** The nc value of an RFC 2069-style answer (no {@code qop}): nothing to count. */
    static final long NO_COUNT = -1;

    private final long connection;
    private long issued;
    private long current;
    private long highestCount;

    ConnectionNonces(long connection) {
        this.connection = connection;
    }

    long connection() {
        return connection;
    }

    /** The sequence number of the next nonce issued on this connection (from 1). */
    long nextSequence() {
        return ++issued;
    }

    /**
     * Whether a request with the nonce numbered {@code sequence} and nonce count {@code count} (or
     * {@link #NO_COUNT}) may pass, recording it if so. Refused: a nonce older than the newest one
     * accepted, and a count not above the highest one accepted for this nonce (a replay, or counting
     * backwards; the first request of a nonce counts 1, so 0 is refused too).
     */
    boolean admit(long sequence, long count) {
        if (sequence < current || sequence > issued) return false;
        long last = sequence == current ? highestCount : 0;
        if (count != NO_COUNT && count <= last) return false;
        if (sequence != current) {
            current = sequence;
            highestCount = 0;
        }
        if (count != NO_COUNT) highestCount = count;
        return true;
    }

    /**
     * An {@code nc} value as a number, or -1 unless it is exactly 8 hex digits (RFC 7616 §3.4:
     * {@code nc-value = 8LHEX}; upper-case digits are read too, as HTTP tokens are compared without case).
     */
    static long parseCount(String nc) {
        if (nc == null || nc.length() != 8) return -1;
        long v = 0;
        for (int i = 0; i < 8; i++) {
            char c = nc.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; // ASCII only: Character.digit takes other scripts
            if (d < 0) return -1;
            v = v << 4 | d;
        }
        return v;
    }
}
