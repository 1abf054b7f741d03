package org.camstream.rtsp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds and writes one RTSP response (RFC 2326 §7):
 * {@code RTSP/1.0 <code> <reason>\r\n}, header fields in insertion order, an empty line, the
 * body. Header values are written as UTF-8 (RFC 2326 §15.1 TEXT).
 *
 * <p>{@link #writeTo(ByteBuffer)} allocates nothing, so a connection can write straight into
 * its reusable output buffer after checking {@link #encodedLength()}.
 *
 * <p>Not thread-safe: built and written by one thread. The body array is not copied; the
 * caller must not change it until written.
 */
public final class RtspResponse {

    private static final byte[] VERSION = {'R', 'T', 'S', 'P', '/', '1', '.', '0', ' '};
    private static final byte[] EMPTY = new byte[0];

    private final RtspStatus status;
    private final RtspHeaders headers = new RtspHeaders();
    private byte[] body = EMPTY;

    public RtspResponse(RtspStatus status) {
        this.status = status;
    }

    /**
     * Appends a header field (kept in insertion order, canonical name case).
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR/LF
     */
    public RtspResponse header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Sets the entity body with its Content-Type and Content-Length (RFC 2326 §12.16, §12.14). */
    public RtspResponse body(String contentType, byte[] body) {
        headers.set(RtspHeaders.CONTENT_TYPE, contentType);
        headers.set(RtspHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        this.body = body;
        return this;
    }

    public RtspStatus status() {
        return status;
    }

    public RtspHeaders headers() {
        return headers;
    }

    /** The body (not a copy); empty when none. */
    public byte[] body() {
        return body;
    }

    /** Exact number of bytes {@link #writeTo(ByteBuffer)} writes. */
    public int encodedLength() {
        int n = VERSION.length + 3 + 1 + utf8Length(status.reason()) + 2;
        for (int i = 0; i < headers.size(); i++) {
            RtspHeaders.Field f = headers.field(i);
            n += utf8Length(f.name()) + 2 + utf8Length(f.value()) + 2;
        }
        return n + 2 + body.length;
    }

    /**
     * Writes the response at {@code dst}'s position.
     *
     * @throws java.nio.BufferOverflowException if fewer than {@link #encodedLength()} bytes remain
     *     (nothing is written then)
     */
    public void writeTo(ByteBuffer dst) {
        if (dst.remaining() < encodedLength()) {
            throw new java.nio.BufferOverflowException();
        }
        // RFC 2326 §7.1: Status-Line = RTSP-Version SP Status-Code SP Reason-Phrase CRLF
        dst.put(VERSION);
        int code = status.code();
        dst.put((byte) ('0' + code / 100)).put((byte) ('0' + code / 10 % 10))
                .put((byte) ('0' + code % 10)).put((byte) ' ');
        putUtf8(dst, status.reason());
        crlf(dst);
        // RFC 2326 §4.2: message-header = field-name ":" [ field-value ] CRLF
        for (int i = 0; i < headers.size(); i++) {
            RtspHeaders.Field f = headers.field(i);
            putUtf8(dst, f.name());
            dst.put((byte) ':').put((byte) ' ');
            putUtf8(dst, f.value());
            crlf(dst);
        }
        crlf(dst);
        dst.put(body);
    }

    /** The encoded response as a new array. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        writeTo(b);
        return b.array();
    }

    @Override
    public String toString() {
        return "RTSP/1.0 " + status.code() + " " + status.reason() + " (" + headers.size()
                + " headers, " + body.length + " body bytes)";
    }

    /**
     * Parses an encoded response: the twin of {@link #toBytes()}, for a client reading a server's
     * answers (the RECORD publisher) and for tests. Strict: CRLF line ends, exact Content-Length.
     *
     * @throws RtspException.Malformed (400) if {@code bytes} is not exactly one response with a
     *     status code of {@link RtspStatus}
     */
    public static RtspResponse parse(byte[] bytes) throws RtspException.Malformed {
        int headEnd = indexOf(bytes, new byte[] {'\r', '\n', '\r', '\n'});
        if (headEnd < 0) {
            throw bad("no end of headers");
        }
        String[] lines = new String(bytes, 0, headEnd, StandardCharsets.UTF_8).split("\r\n", -1);
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length != 3 || !statusLine[0].equals("RTSP/1.0")
                || !statusLine[1].matches("[0-9]{3}")) {
            throw bad("malformed status line");
        }
        RtspStatus status = RtspStatus.fromCode(Integer.parseInt(statusLine[1]));
        if (status == null || !status.reason().equals(statusLine[2])) {
            throw bad("unknown status " + lines[0]);
        }
        RtspResponse r = new RtspResponse(status);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw bad("malformed header line");
            }
            try {
                r.headers.add(lines[i].substring(0, colon), Whitespace.strip(lines[i].substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }
        int bodyStart = headEnd + 4;
        String cl = r.headers.get(RtspHeaders.CONTENT_LENGTH);
        int len = 0;
        if (cl != null) {
            if (!cl.matches("[0-9]{1,9}")) {
                throw bad("malformed Content-Length");
            }
            len = Integer.parseInt(cl);
        }
        if (bytes.length - bodyStart != len) {
            throw bad("body length " + (bytes.length - bodyStart) + " != Content-Length " + len);
        }
        r.body = Arrays.copyOfRange(bytes, bodyStart, bytes.length);
        return r;
    }

    private static RtspException.Malformed bad(String message) {
        return new RtspException.Malformed(RtspStatus.BAD_REQUEST, message);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void crlf(ByteBuffer dst) {
        dst.put((byte) '\r').put((byte) '\n');
    }

    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // BMP char, or a lone surrogate written as U+FFFD
            }
        }
        return n;
    }

    /** Encodes {@code s} as UTF-8 without allocating; lone surrogates become U+FFFD. */
    public static void putUtf8(ByteBuffer dst, String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                dst.put((byte) c);
                continue;
            }
            if (c < 0x800) {
                dst.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
                continue;
            }
            if (Character.isHighSurrogate((char) c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, s.charAt(++i));
                dst.put((byte) (0xF0 | cp >> 18)).put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F)).put((byte) (0x80 | cp & 0x3F));
                continue;
            }
            if (Character.isSurrogate((char) c)) {
                c = 0xFFFD;
            }
            dst.put((byte) (0xE0 | c >> 12)).put((byte) (0x80 | c >> 6 & 0x3F))
                    .put((byte) (0x80 | c & 0x3F));
        }
    }
}
