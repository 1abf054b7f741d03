package org.camstream.rtsp.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ordered multi-map of RTSP header fields.
 *
 * <p>Lookup is case-insensitive (RFC 2326 §4.2: field names are case-insensitive, as in
 * RFC 2616 §4.2). Names of well-known fields are stored in their canonical spelling
 * ({@code cseq} becomes {@code CSeq}, {@code rtp-info} becomes {@code RTP-Info}) because some
 * clients and cameras only match the canonical case; other names keep the caller's spelling.
 * Insertion order is kept for writing.
 *
 * <p>Not thread-safe: owned by one message, used by one thread.
 */
public final class RtspHeaders implements Iterable<RtspHeaders.Field> {

    /** One header field: canonical name and value (no CR/LF inside). Immutable. */
    public static final class Field {
        private final String name;
        private final String value;

        public Field(String name, String value) {
            this.name = name;
            this.value = value;
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Field)) return false;
            Field f = (Field) o;
            return name.equals(f.name) && value.equals(f.value);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + value.hashCode();
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    public static final String CSEQ = "CSeq";
    public static final String CONTENT_BASE = "Content-Base";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String SESSION = "Session";
    public static final String TRANSPORT = "Transport";
    public static final String RANGE = "Range";
    public static final String RTP_INFO = "RTP-Info";
    public static final String PUBLIC = "Public";
    public static final String SERVER = "Server";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    public static final String AUTHORIZATION = "Authorization";
    /** RFC 2326 §12.32: option tags the server must support. */
    public static final String REQUIRE = "Require";
    /** RFC 2326 §12.40: the option tags of a Require the server does not support. */
    public static final String UNSUPPORTED = "Unsupported";

    /** RFC 2326 §12 field names in canonical case, keyed by lower case. */
    private static final Map<String, String> CANONICAL = canonicalNames(
            "Accept", "Accept-Encoding", "Accept-Language", "Allow", AUTHORIZATION, "Bandwidth",
            "Blocksize", "Cache-Control", "Conference", "Connection", CONTENT_BASE,
            "Content-Encoding", "Content-Language", CONTENT_LENGTH, "Content-Location",
            CONTENT_TYPE, CSEQ, "Date", "Expires", "From", "Host", "If-Match",
            "If-Modified-Since", "Last-Modified", "Location", "Proxy-Authenticate",
            "Proxy-Require", PUBLIC, RANGE, "Referer", "Retry-After", "Require", RTP_INFO,
            "Scale", "Speed", SERVER, SESSION, "Timestamp", TRANSPORT, "Unsupported",
            "User-Agent", "Vary", "Via", WWW_AUTHENTICATE, "Accept-Ranges", "Media-Properties",
            "Notify-Reason", "Pipelined-Requests", "Proxy-Supported", "Seek-Style", "Supported",
            "Terminate-Reason");

    private final List<Field> fields = new ArrayList<>(8);

    private static Map<String, String> canonicalNames(String... names) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        for (String n : names) {
            m.put(n.toLowerCase(Locale.ROOT), n);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The canonical spelling of {@code name} if it is a well-known field, else {@code name}. */
    public static String canonical(String name) {
        String c = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        return c != null ? c : name;
    }

    /** True if {@code s} is a non-empty RFC 2326 §15.1 token (no CTLs or tspecials). */
    public static boolean isToken(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2326 §15.1: token = 1*<any CHAR except CTLs or tspecials>. */
    public static boolean isTokenChar(int c) {
        if (c <= 32 || c >= 127) {
            return false;
        }
        return "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    /** @return the first value of {@code name} (case-insensitive), or {@code null} */
    public String get(String name) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.name.equalsIgnoreCase(name)) {
                return f.value;
            }
        }
        return null;
    }

    /** @return all values of {@code name} in order; empty if none */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(1);
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                out.add(f.value);
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Appends a field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value contains CR or
     *     LF (which would let a value inject header lines)
     */
    public void add(String name, String value) {
        fields.add(validated(name, value));
    }

    /** Replaces every field named {@code name} by one field with {@code value}, in place of the first. */
    public void set(String name, String value) {
        Field f = validated(name, value);
        int first = -1;
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (fields.get(i).name.equalsIgnoreCase(name)) {
                if (first >= 0) {
                    fields.remove(first);
                }
                first = i;
            }
        }
        if (first >= 0) {
            fields.set(first, f);
        } else {
            fields.add(f);
        }
    }

    /** Removes every field named {@code name}; @return true if any was removed. */
    public boolean remove(String name) {
        return fields.removeIf(f -> f.name.equalsIgnoreCase(name));
    }

    public int size() {
        return fields.size();
    }

    /** @return the field at {@code index} in insertion order */
    public Field field(int index) {
        return fields.get(index);
    }

    @Override
    public Iterator<Field> iterator() {
        return Collections.unmodifiableList(fields).iterator();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            sb.append(f.name).append(": ").append(f.value).append("\r\n");
        }
        return sb.toString();
    }

    private static Field validated(String name, String value) {
        if (name == null || !isToken(name)) {
            throw new IllegalArgumentException("header name is not a token: " + name);
        }
        if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value null or contains CR/LF: " + name);
        }
        return new Field(canonical(name), value);
    }
}
