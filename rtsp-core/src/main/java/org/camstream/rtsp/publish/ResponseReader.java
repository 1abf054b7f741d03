package org.camstream.rtsp.publish;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what an RTSP server sends a client on its connection: responses (RFC 2326 §7), the server's own
 * requests (§10: returned with code {@link ClientResponse#SERVER_REQUEST}, the method as reason) and, over TCP,
 * interleaved binary frames ({@code '$'}, channel, 16-bit length, data; RFC 2326 §10.12) such as the
 * receiver's RTCP reports, which a publisher skips. The client-side twin of the server's request
 * parser; written to move into the {@code wire} package.
 *
 * <p>Limits bound memory by construction: a head of at most {@link #MAX_HEAD} bytes and a body of at
 * most {@link #MAX_BODY}; more is a {@link ProtocolException}. Lenient where servers are sloppy: bare LF
 * line ends, any reason phrase, any three-digit code. Not thread-safe; one per connection.
 */
final class ResponseReader {
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_BODY = 64 * 1024;

    /** Malformed input from the server: the connection cannot be trusted any more. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** Interleaved frames skipped so far. */
    private long interleavedFrames;
    /** Bytes of an interleaved frame still to skip when it arrived in pieces. */
    private int skipRemaining;

    /**
     * The next complete response in {@code in} (read mode), consuming it; null when more bytes are
     * needed (nothing consumed then except whole interleaved frames). The caller compacts the buffer.
     */
    ClientResponse next(ByteBuffer in) throws ProtocolException {
        while (true) {
            if (skipRemaining > 0) {
                int n = Math.min(skipRemaining, in.remaining());
                ((Buffer) in).position(in.position() + n);
                skipRemaining -= n;
                if (skipRemaining > 0) return null;
            }
            if (!in.hasRemaining()) return null;
            int p = in.position();
            byte b = in.get(p);
            if (b == '$') { // RFC 2326 §10.12
                if (in.remaining() < 4) return null;
                int len = (in.get(p + 2) & 0xff) << 8 | in.get(p + 3) & 0xff;
                ((Buffer) in).position(p + 4);
                skipRemaining = len;
                interleavedFrames++;
                continue;
            }
            if (b == '\r' || b == '\n') { // stray line end between messages (RFC 7826 §20.2.1 allows CRLF)
                ((Buffer) in).position(p + 1);
                continue;
            }
            return response(in);
        }
    }

    /** Forgets a half-skipped interleaved frame (a new connection starts clean). */
    void reset() {
        skipRemaining = 0;
    }

    long interleavedFrames() {
        return interleavedFrames;
    }

    private static ClientResponse response(ByteBuffer in) throws ProtocolException {
        int start = in.position();
        int limit = in.limit();
        int headEnd = -1;
        int bodyStart = -1;
        for (int i = start; i < limit && i - start < MAX_HEAD; i++) {
            if (in.get(i) != '\n') continue;
            if (i + 1 < limit && in.get(i + 1) == '\n') {
                headEnd = i;
                bodyStart = i + 2;
                break;
            }
            if (i + 2 < limit && in.get(i + 1) == '\r' && in.get(i + 2) == '\n') {
                headEnd = i;
                bodyStart = i + 3;
                break;
            }
        }
        if (headEnd < 0) {
            if (limit - start >= MAX_HEAD) throw new ProtocolException("response head longer than " + MAX_HEAD + " bytes");
            return null;
        }
        byte[] head = new byte[headEnd - start];
        for (int i = 0; i < head.length; i++) head[i] = in.get(start + i);
        String[] lines = new String(head, StandardCharsets.UTF_8).split("\r?\n", -1);
        // RFC 2326 §7.1: Status-Line = RTSP-Version SP Status-Code SP Reason-Phrase CRLF
        String status = lines[0];
        String method = null;
        if (!status.startsWith("RTSP/")) {
            // RFC 2326 §10: a server may send requests too (OPTIONS, GET_PARAMETER as pings; REDIRECT §10.10)
            int sp = status.indexOf(' ');
            if (sp <= 0 || !status.endsWith(" RTSP/1.0")) {
                throw new ProtocolException("not an RTSP response: " + abbreviate(status));
            }
            method = status.substring(0, sp);
        }
        int sp1 = status.indexOf(' ');
        if (sp1 < 0 || status.length() < sp1 + 4) throw new ProtocolException("malformed status line: " + abbreviate(status));
        String codeText = status.substring(sp1 + 1, sp1 + 4);
        if (method == null && (!isDigits(codeText) || (status.length() > sp1 + 4 && status.charAt(sp1 + 4) != ' '))) {
            throw new ProtocolException("malformed status code: " + abbreviate(status));
        }
        int code = method != null ? ClientResponse.SERVER_REQUEST : Integer.parseInt(codeText);
        String reason = method != null ? method : status.length() > sp1 + 5 ? status.substring(sp1 + 5).trim() : "";
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !values.isEmpty()) { // RFC 2326 §4.2 folding
                int last = values.size() - 1;
                values.set(last, values.get(last) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) throw new ProtocolException("malformed header line: " + abbreviate(line));
            names.add(line.substring(0, colon).trim());
            values.add(line.substring(colon + 1).trim());
        }
        int contentLength = 0;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase("Content-Length")) {
                String v = values.get(i);
                if (!isDigits(v) || v.length() > 9) throw new ProtocolException("bad Content-Length: " + abbreviate(v));
                contentLength = Integer.parseInt(v);
            }
        }
        if (contentLength > MAX_BODY) throw new ProtocolException("response body of " + contentLength + " bytes");
        if (limit - bodyStart < contentLength) return null;
        byte[] body = new byte[contentLength];
        for (int i = 0; i < contentLength; i++) body[i] = in.get(bodyStart + i);
        ((Buffer) in).position(bodyStart + contentLength);
        return new ClientResponse(code, reason, names, values, body);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
