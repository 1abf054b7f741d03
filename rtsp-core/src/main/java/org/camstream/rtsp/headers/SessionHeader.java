package org.camstream.rtsp.headers;

import org.camstream.rtsp.wire.Whitespace;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Session header (RFC 2326 §12.37): {@code session-id [ ";" "timeout" "=" delta-seconds ]}.
 *
 * <p>Parsing tolerates spaces around {@code ;} and {@code =} and ignores unknown parameters.
 * Malformed ids or timeouts are 400 (syntax); whether the id exists is the server's business
 * (454 Session Not Found, §11.3.5).
 *
 * <p>Immutable; thread-safe.
 */
public final class SessionHeader {
    private final String id;
    private final OptionalInt timeout;

    /**
     * @param id 1*(ALPHA / DIGIT / safe), safe = "$" / "-" / "_" / "." / "+" (RFC 2326 §3.2, §15.1)
     * @param timeout seconds of inactivity before the server may drop the session (default 60)
     */
    public SessionHeader(String id, OptionalInt timeout) {
        Objects.requireNonNull(timeout);
        if (!isValidId(id)) {
            throw new IllegalArgumentException("bad session id: " + id);
        }
        if (timeout.isPresent() && timeout.getAsInt() < 0) {
            throw new IllegalArgumentException("negative timeout");
        }
        this.id = id;
        this.timeout = timeout;
    }

    public String id() {
        return id;
    }

    public OptionalInt timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SessionHeader)) return false;
        SessionHeader h = (SessionHeader) o;
        return id.equals(h.id) && timeout.equals(h.timeout);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + timeout.hashCode();
    }

    /** RFC 2326 §12.37 session-id = 1*( ALPHA | DIGIT | safe ). */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && "$-_.+".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** @throws RtspException.BadHeader 400 when the id or timeout is malformed */
    public static SessionHeader parse(String value) throws RtspException.BadHeader {
        if (value == null) {
            throw bad("no Session value");
        }
        String[] parts = value.split(";", -1);
        String id = Whitespace.strip(parts[0]);
        if (!isValidId(id)) {
            throw bad("bad session id: " + id);
        }
        OptionalInt timeout = OptionalInt.empty();
        for (int i = 1; i < parts.length; i++) {
            String p = Whitespace.strip(parts[i]);
            int eq = p.indexOf('=');
            if (eq >= 0 && Whitespace.strip(p.substring(0, eq)).toLowerCase(Locale.ROOT).equals("timeout")) {
                String t = Whitespace.strip(p.substring(eq + 1));
                if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw bad("bad timeout: " + t);
                }
                timeout = OptionalInt.of(Integer.parseInt(t));
            }
        }
        return new SessionHeader(id, timeout);
    }

    /** Wire form: {@code id} or {@code id;timeout=60}. */
    public String format() {
        return timeout.isPresent() ? id + ";timeout=" + timeout.getAsInt() : id;
    }

    @Override
    public String toString() {
        return format();
    }

    private static RtspException.BadHeader bad(String m) {
        return new RtspException.BadHeader(RtspStatus.BAD_REQUEST, m);
    }
}
