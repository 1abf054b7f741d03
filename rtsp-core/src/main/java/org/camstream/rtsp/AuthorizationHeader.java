package org.camstream.rtsp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Authorization header (RFC 2326 §12.5, syntax of RFC 7235 §2.1): either
 * {@code Basic <token68>} (RFC 7617 §2) or {@code Digest k=v, k="v", …} (RFC 7616 §3.4).
 *
 * <p>Public only so that {@code org.camstream.rtsp.publish} (the RECORD client) can use it until
 * issue 9's layered packages give it a non-exported home; not supported API.
 *
 * @param scheme "Basic" or "Digest" (canonical case)
 * @param token68 the Basic credentials (base64), or null for Digest
 * @param params the Digest parameters with lower-case names, unquoted; empty for Basic
 */
public record AuthorizationHeader(String scheme, String token68, Map<String, String> params) {
    public static final String BASIC = "Basic";
    public static final String DIGEST = "Digest";
    private static final int MAX_PARAMS = 32;

    public AuthorizationHeader {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String param(String name) {
        return params.get(name);
    }

    /** Parses the header value; anything malformed is a 400 (RFC 2326 §11.3.1 analogue of RFC 7235 §4.2). */
    public static AuthorizationHeader parse(String value) throws HeaderFormatException {
        String v = value.strip();
        int sp = v.indexOf(' ');
        String scheme = sp < 0 ? v : v.substring(0, sp);
        String rest = sp < 0 ? "" : v.substring(sp + 1).strip();
        if (scheme.equalsIgnoreCase(BASIC)) {
            if (rest.isEmpty() || rest.indexOf(' ') >= 0) throw bad("Basic credentials must be one token");
            return new AuthorizationHeader(BASIC, rest, Map.of());
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
            String name = rest.substring(i, eq).strip().toLowerCase(Locale.ROOT);
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
                val = rest.substring(i, end).strip();
                i = end;
            }
            if (params.size() >= MAX_PARAMS) throw bad("too many Digest parameters");
            params.put(name, val);
        }
        return new AuthorizationHeader(DIGEST, null, params);
    }

    private static HeaderFormatException bad(String message) {
        return new HeaderFormatException(RtspStatus.BAD_REQUEST, message);
    }
}
