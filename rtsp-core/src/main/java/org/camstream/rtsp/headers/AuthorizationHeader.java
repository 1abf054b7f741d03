package org.camstream.rtsp.headers;

import org.camstream.rtsp.wire.Whitespace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspHeaders;
import org.camstream.rtsp.wire.RtspStatus;

/**
 * The Authorization header (RFC 2326 §12.5, syntax of RFC 7235 §2.1): either
 * {@code Basic <token68>} (RFC 7617 §2) or {@code Digest k=v, k="v", …} (RFC 7616 §3.4). Immutable.
 */
public final class AuthorizationHeader {
    public static final String BASIC = "Basic";
    public static final String DIGEST = "Digest";
    private static final int MAX_PARAMS = 32;

    private final String scheme;
    private final String token68;
    private final Map<String, String> params;

    /**
     * @param scheme "Basic" or "Digest" (canonical case)
     * @param token68 the Basic credentials (base64), or null for Digest
     * @param params the Digest parameters with lower-case names, unquoted; empty for Basic
     */
    public AuthorizationHeader(String scheme, String token68, Map<String, String> params) {
        this.scheme = scheme;
        this.token68 = token68;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String scheme() {
        return scheme;
    }

    public String token68() {
        return token68;
    }

    public Map<String, String> params() {
        return params;
    }

    public String param(String name) {
        return params.get(name);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuthorizationHeader)) return false;
        AuthorizationHeader h = (AuthorizationHeader) o;
        return scheme.equals(h.scheme) && Objects.equals(token68, h.token68) && params.equals(h.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, token68, params);
    }

    @Override
    public String toString() {
        return scheme + (token68 != null ? " <token68>" : " " + params.keySet());
    }

    /**
     * Parses the header value; anything malformed is a 400 (RFC 2326 §11.3.1 analogue of RFC 7235 §4.2),
     * including a parameter named twice (RFC 7235 §2.1).
     */
    public static AuthorizationHeader parse(String value) throws RtspException.BadHeader {
        String v = Whitespace.strip(value);
        int sp = v.indexOf(' ');
        String scheme = sp < 0 ? v : v.substring(0, sp);
        String rest = sp < 0 ? "" : Whitespace.strip(v.substring(sp + 1));
        if (scheme.equalsIgnoreCase(BASIC)) {
            if (rest.isEmpty() || rest.indexOf(' ') >= 0) throw bad("Basic credentials must be one token");
            return new AuthorizationHeader(BASIC, rest, Collections.<String, String>emptyMap());
        }
        if (!scheme.equalsIgnoreCase(DIGEST)) {
            throw bad("unsupported authentication scheme " + scheme);
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = rest.length();
        while (i < n) {
            while (i < n && (rest.charAt(i) == ' ' || rest.charAt(i) == ',' || rest.charAt(i) == '\t')) i++;
            if (i >= n) break;
            int eq = rest.indexOf('=', i);
            if (eq < 0) throw bad("Digest parameter without '='");
            String name = Whitespace.strip(rest.substring(i, eq)).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !RtspHeaders.isToken(name)) throw bad("bad Digest parameter name");
            i = eq + 1;
            while (i < n && rest.charAt(i) == ' ') i++;
            String val;
            if (i < n && rest.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = rest.charAt(i++);
                    if (c == '\\' && i < n) {
                        sb.append(rest.charAt(i++)); // quoted-pair, RFC 7230 §3.2.6
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) throw bad("unterminated quoted Digest parameter");
                val = sb.toString();
            } else {
                int end = rest.indexOf(',', i);
                if (end < 0) end = n;
                val = Whitespace.strip(rest.substring(i, end));
                i = end;
            }
            if (params.size() >= MAX_PARAMS) throw bad("too many Digest parameters");
            // RFC 7235 §2.1: each auth-param name occurs once; taking the last of two would let a
            // proxy or log and this server read different credentials from one header (issue 10 Low 12).
            if (params.put(name, val) != null) throw bad("duplicate Digest parameter " + name);
        }
        return new AuthorizationHeader(DIGEST, null, params);
    }

    private static RtspException.BadHeader bad(String message) {
        return new RtspException.BadHeader(RtspStatus.BAD_REQUEST, message);
    }
}
