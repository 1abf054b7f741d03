package org.camstream.rtsp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decides what a Request-URI addresses (RFC 2326 §3.2, §6.1), however a client built it.
 *
 * <p>The server serves one stream: the aggregate at path {@code /} and one track whose
 * {@code a=control} is {@code trackControl} (e.g. {@code trackID=0}), resolved by clients
 * against Content-Base (RFC 2326 §C.1.1). Accepted spellings:
 * <ul>
 *   <li>absolute {@code rtsp://} with any host name, IPv4 or {@code [IPv6]}, with or without
 *       port and userinfo ({@code user:pw@} is stripped); {@code rtsps}/{@code rtspu} are not
 *       served → NOT_FOUND;
 *   <li>relative paths {@code /}, {@code trackID=0}, {@code /trackID=0};
 *   <li>empty path segments ignored: trailing slash, doubled slash ({@code //trackID=0},
 *       produced by clients that append {@code "/" + control} to a base ending in {@code /});
 *   <li>query string and fragment ignored; path percent-decoded (RFC 3986 §2.1).
 * </ul>
 * {@code *} (RFC 2326 §6.1, OPTIONS) is {@link Kind#ANY}. Anything else is NOT_FOUND.
 *
 * <p>Stateless; thread-safe.
 */
public final class StreamUri {

    /** What a Request-URI addresses. */
    public enum Kind { AGGREGATE, TRACK, ANY, NOT_FOUND }

    /** Classification result: what is addressed, and the stream's path. Immutable. */
    public static final class Target {
        private final Kind kind;
        private final String path;

        Target(Kind kind, String path) {
            this.kind = kind;
            this.path = path;
        }

        public Kind kind() {
            return kind;
        }

        /**
         * The stream's path, normalised ({@code /live/main}; {@code /} for the root) without the
         * track's control segment; null for {@link Kind#ANY} and {@link Kind#NOT_FOUND}.
         */
        public String path() {
            return path;
        }

        @Override
        public String toString() {
            return path == null ? kind.name() : kind.name() + " " + path;
        }
    }

    private static final Target AGGREGATE = new Target(Kind.AGGREGATE, "/");
    private static final Target TRACK = new Target(Kind.TRACK, "/");
    private static final Target ANY = new Target(Kind.ANY, null);
    private static final Target NOT_FOUND = new Target(Kind.NOT_FOUND, null);
    private static final String SCHEME = "rtsp://";

    private StreamUri() {}

    /**
     * @param requestUri the Request-URI as sent
     * @param trackControl the track's {@code a=control} value, e.g. {@code "trackID=0"}
     */
    public static Target classify(String requestUri, String trackControl) {
        Target t = resolve(requestUri, trackControl);
        if (t.path != null && !t.path.equals("/")) return NOT_FOUND; // one stream, at the root
        return t;
    }

    /**
     * As {@link #classify} for a server with streams at several paths: a Request-URI addresses the
     * aggregate of the stream at its whole path, or the track when its last segment is
     * {@code trackControl} (the track URL is Content-Base + a=control, RFC 2326 §C.1.1). Whether a
     * stream lives at the path is the caller's question.
     */
    public static Target resolve(String requestUri, String trackControl) {
        if (requestUri == null || requestUri.isEmpty()) {
            return NOT_FOUND;
        }
        if (requestUri.equals("*")) {
            return ANY;
        }
        String path = requestUri;
        if (hasScheme(requestUri)) {
            if (!startsWithIgnoreCase(requestUri, SCHEME)) {
                return NOT_FOUND; // rtsps, rtspu, http, ...
            }
            String rest = requestUri.substring(SCHEME.length());
            int slash = firstOf(rest, "/?#");
            if (authority(rest.substring(0, slash)) == null) {
                return NOT_FOUND;
            }
            path = rest.substring(slash);
        }
        int cut = firstOf(path, "?#"); // RFC 3986 §3.4/§3.5: query and fragment not part of the path
        String decoded = percentDecode(path.substring(0, cut));
        String control = percentDecode(trackControl);
        if (decoded == null || control == null) {
            return NOT_FOUND;
        }
        StringBuilder streamPath = new StringBuilder();
        String last = null;
        for (String seg : decoded.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (last != null) {
                streamPath.append('/').append(last);
            }
            last = seg;
        }
        if (last == null) {
            return AGGREGATE;
        }
        if (last.equals(stripSlashes(control))) {
            return streamPath.length() == 0 ? TRACK : new Target(Kind.TRACK, streamPath.toString());
        }
        return new Target(Kind.AGGREGATE, streamPath.append('/').append(last).toString());
    }

    /**
     * The aggregate URI for Content-Base (RFC 2326 §12.11, §C.1.1), with a trailing slash so
     * clients resolve {@code trackID=0} to {@code rtsp://host:port/trackID=0}. Userinfo, path,
     * query and fragment are dropped.
     *
     * @return e.g. {@code rtsp://h:8554/}; never null: when {@code requestUri} is not an absolute
     *     rtsp URI with a valid authority (relative path, {@code *}, other scheme) the relative
     *     {@code "/"}, which clients resolve against their Request-URI (RFC 2326 §12.11)
     */
    public static String baseUri(String requestUri) {
        return baseUri(requestUri, "/");
    }

    /**
     * The aggregate URI of the stream at {@code streamPath} (normalised, as {@link Target#path()}),
     * with a trailing slash: {@code rtsp://h:8554/live/main/}, so {@code trackID=0} resolves to
     * {@code rtsp://h:8554/live/main/trackID=0} (RFC 3986 §5.2). Relative ({@code /live/main/}) when
     * the Request-URI is not an absolute rtsp URI with a valid authority.
     */
    public static String baseUri(String requestUri, String streamPath) {
        String path = streamPath.endsWith("/") ? streamPath : streamPath + "/";
        if (requestUri == null || !startsWithIgnoreCase(requestUri, SCHEME)) {
            return path;
        }
        String rest = requestUri.substring(SCHEME.length());
        String hostPort = authority(rest.substring(0, firstOf(rest, "/?#")));
        return hostPort == null ? path : "rtsp://" + hostPort + percentEncodePath(path);
    }

    /** RFC 3986 §3.3: a decoded path back into URI form (unreserved, sub-delims, ':', '@', '/' stay). */
    private static String percentEncodePath(String path) {
        StringBuilder b = new StringBuilder(path.length());
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }

    /**
     * RFC 3986 §3.2: authority = [ userinfo "@" ] host [ ":" port ].
     *
     * @return host[:port] without userinfo, or null when malformed
     */
    private static String authority(String auth) {
        String hostPort = auth.substring(auth.lastIndexOf('@') + 1);
        String port;
        String host;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 2) {
                return null;
            }
            host = hostPort.substring(1, close);
            if (!host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.'
                    || c == '%' || Character.isLetterOrDigit(c))) {
                return null;
            }
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return null;
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c)
                    || "-._~%!$&'()*+,;=".indexOf(c) >= 0)) {
                return null;
            }
        }
        if (port != null && !port.isEmpty()) {
            if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65535) {
                return null;
            }
        }
        return hostPort;
    }

    /** RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" before any '/'. */
    private static boolean hasScheme(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || !Character.isLetter(uri.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = uri.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') || c > 127) {
                return false;
            }
        }
        return uri.startsWith("//", colon + 1);
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String stripSlashes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '/') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '/') {
            b--;
        }
        return s.substring(a, b);
    }

    /** RFC 3986 §2.1 percent-decoding as UTF-8; null when an escape is malformed. */
    public static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                out.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) {
                return null;
            }
            int hi = Character.digit(raw[i + 1], 16);
            int lo = Character.digit(raw[i + 2], 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi << 4 | lo);
            i += 2;
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
