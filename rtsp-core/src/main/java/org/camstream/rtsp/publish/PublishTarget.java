package org.camstream.rtsp.publish;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where to publish: {@code rtsp://[user[:password]@]host[:port]/path} (RFC 2326 §3.2; userinfo as in
 * RFC 3986 §3.2.1, percent-decoded). The credentials never appear in {@link #uri()}, which is what goes
 * on the wire as Request-URI. Immutable.
 */
public final class PublishTarget {
    /** RFC 2326 §3.2: the default RTSP port. */
    static final int DEFAULT_PORT = 554;

    private final String host;
    private final int port;
    private final String path;
    private final String user;
    private final String password;

    private PublishTarget(String host, int port, String path, String user, String password) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.user = user;
        this.password = password;
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code url} */
    public static PublishTarget parse(String url) {
        if (url == null) throw new IllegalArgumentException("no URL");
        String u = url.trim();
        if (!u.regionMatches(true, 0, "rtsp://", 0, 7)) {
            throw new IllegalArgumentException("not an rtsp:// URL: " + redact(u));
        }
        String rest = u.substring(7);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = percentDecode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : percentDecode(info.substring(colon + 1));
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) { // RFC 3986 §3.2.2 IP-literal
            int close = authority.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("unclosed [ in host: " + redact(u));
            host = authority.substring(1, close);
            if (close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') throw new IllegalArgumentException("bad host: " + redact(u));
                portText = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("no host in " + redact(u));
        int port = DEFAULT_PORT;
        if (portText != null && !portText.isEmpty()) {
            if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad port in " + redact(u));
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range in " + redact(u));
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f) throw new IllegalArgumentException("control or space character in path");
        }
        return new PublishTarget(host, port, path, user, password);
    }

    /**
     * The target a redirect's Location names (RFC 2326 §12.25: an absolute
     * URI). The credentials carry over when the Location has none.
     */
    PublishTarget redirect(String location) {
        PublishTarget next = parse(location);
        if (next.user == null && user != null) {
            return new PublishTarget(next.host, next.port, next.path, user, password);
        }
        return next;
    }

    /** This target with other credentials (the options override the URL's userinfo). */
    public PublishTarget withCredentials(String newUser, String newPassword) {
        return new PublishTarget(host, port, path, newUser, newPassword);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The user name, or null. */
    public String user() {
        return user;
    }

    /** The password, or null; never logged. */
    String password() {
        return password;
    }

    /** The Request-URI: {@code rtsp://host:port/path}, no userinfo. */
    public String uri() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "rtsp://" + h + ":" + port + path;
    }

    /**
     * The URI of the track whose SDP control attribute is {@code control}: relative to the ANNOUNCE URI
     * (RFC 2326 Appendix C.1.1), joined with one '/' as ffmpeg, GStreamer and mediamtx expect.
     */
    String trackUri(String control) {
        String base = uri();
        return base.endsWith("/") ? base + control : base + "/" + control;
    }

    @Override
    public String toString() {
        return uri();
    }

    private static String redact(String url) {
        int at = url.lastIndexOf('@');
        return at < 0 ? url : "rtsp://***@" + url.substring(at + 1);
    }

    /** RFC 3986 §2.1 percent-decoding, as UTF-8. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int v = Integer.parseInt(s.substring(i + 1, i + 3).toLowerCase(Locale.ROOT), 16);
                out.write(v);
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("truncated percent-encoding in the user information");
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
