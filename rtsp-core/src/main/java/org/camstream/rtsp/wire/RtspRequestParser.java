package org.camstream.rtsp.wire;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental parser for what a client sends on an RTSP connection: requests (RFC 2326 §6) and
 * interleaved binary frames (§10.12).
 *
 * <p>Usage: after each read, {@link #feed(ByteBuffer)} the bytes, then call {@link #next()}
 * until it returns {@code null}. Messages may be split across reads at any byte and several
 * may arrive in one read (pipelining).
 *
 * <p>Line ends (RFC 2326 §4: "Lines are terminated by CRLF, but receivers should be prepared to
 * also interpret CR and LF by themselves as line terminators"): CRLF, a bare LF and a bare CR each
 * end a line; a CR followed by LF is always one CRLF (§15.1), so a line never contains a CR. The
 * one byte that cannot be decided on arrival is a CR ending the empty line that ends the header
 * section when it is the last byte received: without a body the request is returned at once (a CR-only
 * client waits for that answer) and a following LF is skipped like an empty line before the next
 * message (RFC 7230 §3.5); with a body the parser waits for the next byte, which is either the LF of
 * that CRLF or the body's first byte. Chunking never changes the result. The header limit counts
 * through the final line end; a CR ending the empty line needs room for its possible LF.
 *
 * <p>Leniency (RFC 2326 §15.1 grammar, with the HTTP robustness rules of RFC 7230 §3.5):
 * empty lines before a message ignored; folded header lines
 * (continuation starting with SP/HT, RFC 2616 §2.2) joined with one space; runs of spaces in
 * the request line accepted.
 *
 * <p>Responses sent by the client (a status line {@code RTSP/1.0 200 OK}, e.g. answering a
 * server keepalive, RFC 2326 §7) are parsed including their body and <b>skipped</b>: they are
 * not returned, only counted in {@link #skippedResponses()}. This keeps {@link RtspMessage}
 * down to the two kinds the server acts on.
 *
 * <p>Limits: memory is bounded by construction. The internal buffer grows on demand up to
 * {@link #capacity()} = max(maxHeaderBytes + maxBodyBytes, 4 + 65535) and never beyond; once
 * it is full, a complete message or an error is guaranteed to be in it. If one {@code feed}
 * brings more bytes than fit, the complete messages are parsed eagerly into a queue (callers
 * that drain {@code next()} after every feed keep that queue short).
 *
 * <p>Error statuses: malformed request line, header line or Content-Length → 400; version
 * other than RTSP/1.0 → 505 (RFC 2326 §7.1.1); Request-URI longer than
 * {@code maxUriLength} → 414; request line plus headers over {@code maxHeaderBytes} or more
 * than {@code maxHeaderCount} fields → <b>400</b>, because RTSP 1.0 has no status for
 * oversized headers (HTTP's 431 does not exist in RFC 2326 §7.1.1) and 413 is defined for the
 * entity body only (RFC 2326 §7.1.1 via RFC 2616 §10.4.14; RFC 7826 renames it "Request
 * Message Body Too Large"); Content-Length over {@code maxBodyBytes} → 413. After an error the
 * parser is poisoned: further input is discarded and {@code next()} throws the same exception.
 *
 * <p>Not thread-safe: owned by one connection and used by its event-loop thread only.
 */
public final class RtspRequestParser {

    private static final int INTERLEAVED_HEADER = InterleavedFrame.HEADER_BYTES;
    private static final int INITIAL_BUFFER = 2048;
    private static final String VERSION = "RTSP/1.0";

    /** Size limits for one connection. Immutable. */
    public static final class Limits {
        private final int maxHeaderBytes;
        private final int maxHeaderCount;
        private final int maxBodyBytes;
        private final int maxUriLength;

        /**
         * @param maxHeaderBytes request line plus header fields plus the empty line (default 8192)
         * @param maxHeaderCount header fields per request (default 64)
         * @param maxBodyBytes Content-Length (default 65536)
         * @param maxUriLength Request-URI length in bytes (default 4096)
         */
        public Limits(int maxHeaderBytes, int maxHeaderCount, int maxBodyBytes, int maxUriLength) {
            if (maxHeaderBytes < 16 || maxHeaderCount < 1 || maxBodyBytes < 0 || maxUriLength < 1) {
                throw new IllegalArgumentException("limits too small: " + maxHeaderBytes + ", "
                        + maxHeaderCount + ", " + maxBodyBytes + ", " + maxUriLength);
            }
            this.maxHeaderBytes = maxHeaderBytes;
            this.maxHeaderCount = maxHeaderCount;
            this.maxBodyBytes = maxBodyBytes;
            this.maxUriLength = maxUriLength;
        }

        public static Limits defaults() {
            return new Limits(8192, 64, 65536, 4096);
        }

        public int maxHeaderBytes() {
            return maxHeaderBytes;
        }

        public int maxHeaderCount() {
            return maxHeaderCount;
        }

        public int maxBodyBytes() {
            return maxBodyBytes;
        }

        public int maxUriLength() {
            return maxUriLength;
        }
    }

    /** A parsed start line + headers waiting for its body. */
    private static final class Head {
        final String[] startLine;
        final boolean response;
        final RtspHeaders headers;
        /** Through the end of the empty line; one more once an LF completes a trailing CR. */
        int headerBytes;
        final int contentLength;
        /** The empty line ended in a CR that was the last byte received: an LF may still follow. */
        boolean endsInPendingCr;

        Head(String[] startLine, boolean response, RtspHeaders headers, int headerBytes, int contentLength) {
            this.startLine = startLine;
            this.response = response;
            this.headers = headers;
            this.headerBytes = headerBytes;
            this.contentLength = contentLength;
        }
    }

    private final Limits limits;
    private final int capacity;
    private final ArrayDeque<RtspMessage> ready = new ArrayDeque<>();
    private byte[] buf = new byte[0];
    private int start;
    private int end;
    /** Bytes after {@code start} already searched for the end of the header section. */
    private int scanned;
    /** Offset from {@code start} of the line being scanned. */
    private int lineStart;
    /** Set by {@link #findHeaderEnd()}: its empty line ended in a CR that was the last byte held. */
    private boolean headerEndPendingCr;
    private Head head;
    private RtspException.Malformed poison;
    private long skippedResponses;

    public RtspRequestParser(Limits limits) {
        this.limits = limits;
        this.capacity = Math.max(limits.maxHeaderBytes() + limits.maxBodyBytes(),
                INTERLEAVED_HEADER + 0xFFFF);
        this.buf = new byte[Math.min(INITIAL_BUFFER, capacity)];
    }

    /** The most bytes this parser ever buffers. */
    public int capacity() {
        return capacity;
    }

    /** Bytes currently held (received but not yet returned as messages). */
    public int buffered() {
        return end - start;
    }

    /** Size of the internal array; never above {@link #capacity()}. */
    public int bufferSize() {
        return buf.length;
    }

    /** Client responses (status lines) consumed and dropped so far. */
    public long skippedResponses() {
        return skippedResponses;
    }

    /** True once a parse error occurred; the connection should be closed. */
    public boolean isPoisoned() {
        return poison != null;
    }

    /**
     * Consumes all remaining bytes of {@code in} (its position moves to its limit). Never
     * throws for bad input: errors are reported by {@link #next()}.
     */
    public void feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (poison != null) {
                ((Buffer) in).position(in.limit());
                return;
            }
            if (end == buf.length && !makeRoom()) {
                return;
            }
            int n = Math.min(in.remaining(), buf.length - end);
            in.get(buf, end, n);
            end += n;
        }
    }

    /** Convenience for tests and callers holding arrays. */
    public void feed(byte[] bytes, int off, int len) {
        feed(ByteBuffer.wrap(bytes, off, len));
    }

    /**
     * @return the next complete request or interleaved frame, or {@code null} when more bytes
     *     are needed
     * @throws RtspException.Malformed when the input is malformed or over a limit; from then on
     *     every call throws it again
     */
    public RtspMessage next() throws RtspException.Malformed {
        RtspMessage m = ready.poll();
        if (m != null) {
            return m;
        }
        if (poison != null) {
            throw poison;
        }
        try {
            return parse();
        } catch (RtspException.Malformed e) {
            poison = e;
            head = null;
            start = 0;
            end = 0;
            throw e;
        }
    }

    /** Frees space at the end of the buffer; false if the parser got poisoned doing so. */
    private boolean makeRoom() {
        if (start > 0) {
            compact();
            return true;
        }
        if (buf.length < capacity) {
            byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, capacity)];
            System.arraycopy(buf, start, bigger, 0, end - start);
            buf = bigger;
            return true;
        }
        // Full at capacity: a complete message or an error is in the buffer (see class doc).
        try {
            RtspMessage m;
            while ((m = parse()) != null) {
                ready.add(m);
            }
        } catch (RtspException.Malformed e) {
            poison = e;
            head = null;
            start = 0;
            end = 0;
            return false;
        }
        if (start == 0) {
            poison = new RtspException.Malformed(RtspStatus.BAD_REQUEST, "message exceeds buffer");
            return false;
        }
        compact();
        return true;
    }

    private void compact() {
        int n = end - start;
        System.arraycopy(buf, start, buf, 0, n);
        start = 0;
        end = n;
    }

    private RtspMessage parse() throws RtspException.Malformed {
        while (true) {
            if (head == null) {
                // RFC 7230 §3.5 robustness (applied to RTSP): ignore empty lines before a message.
                while (scanned == 0 && start < end && (buf[start] == '\r' || buf[start] == '\n')) {
                    start++;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                    return null;
                }
                if (buf[start] == InterleavedFrame.MAGIC) {
                    return interleaved();
                }
                int headerBytes = findHeaderEnd();
                if (headerBytes < 0) {
                    return null;
                }
                head = parseHead(headerBytes);
                head.endsInPendingCr = headerEndPendingCr;
            }
            if (head.endsInPendingCr && head.contentLength > 0) {
                // RFC 2326 §4 / §15.1: CR LF is one line end, so the body starts after the LF if
                // the next byte is one. Without a body, a late LF is skipped as an empty line.
                if (end - start == head.headerBytes) {
                    return null;
                }
                if (buf[start + head.headerBytes] == '\n') {
                    head.headerBytes++;
                }
                head.endsInPendingCr = false;
            }
            int total = head.headerBytes + head.contentLength;
            if (end - start < total) {
                return null;
            }
            Head h = head;
            byte[] body = new byte[h.contentLength];
            System.arraycopy(buf, start + h.headerBytes, body, 0, body.length);
            consume(total);
            if (h.response) {
                skippedResponses++;
                continue;
            }
            String token = h.startLine[0];
            return new RtspRequest(token, RtspMethod.fromToken(token), h.startLine[1], VERSION,
                    h.headers, body);
        }
    }

    private void consume(int n) {
        start += n;
        scanned = 0;
        lineStart = 0;
        head = null;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** RFC 2326 §10.12: '$', channel (1 byte), length (2 bytes, network order), data. */
    private RtspMessage interleaved() {
        if (end - start < INTERLEAVED_HEADER) {
            return null;
        }
        int channel = InterleavedFrame.channelAt(buf, start);
        int len = InterleavedFrame.lengthAt(buf, start);
        if (end - start < INTERLEAVED_HEADER + len) {
            return null;
        }
        byte[] data = new byte[len];
        System.arraycopy(buf, start + INTERLEAVED_HEADER, data, 0, len);
        consume(INTERLEAVED_HEADER + len);
        return new InterleavedFrame(channel, data);
    }

    /**
     * Scans for the empty line ending the header section (RFC 2326 §4.1, §6), resuming where
     * the previous call stopped. Line ends as in the class comment: CR, LF, or CR LF (an LF right
     * after a CR only finishes that CR's line end, see {@link #isLineEnd}).
     *
     * @return bytes from {@code start} through the empty line (and the LF of its CR LF when it has
     *     arrived), or -1 if not yet received; sets {@link #headerEndPendingCr}
     */
    private int findHeaderEnd() throws RtspException.Malformed {
        int held = end - start;
        int limit = Math.min(held, limits.maxHeaderBytes());
        for (int i = scanned; i < limit; i++) {
            if (!isLineEnd(buf, start, start + i)) {
                if (buf[start + i] == '\n') {
                    lineStart = i + 1; // the LF of a CR LF: the line already ended at the CR
                }
                continue;
            }
            if (i == lineStart) {
                // The empty line. After its CR, an LF belongs to it (CR LF is one line end).
                boolean cr = buf[start + i] == '\r';
                if (cr && i + 2 > limits.maxHeaderBytes()) {
                    // No room for the LF that may follow: decided here, whatever comes next, so
                    // that chunking cannot change the outcome (a CR-only head gets one byte less).
                    throw oversizedHead();
                }
                headerEndPendingCr = cr && i + 1 == held;
                return cr && i + 1 < held && buf[start + i + 1] == '\n' ? i + 2 : i + 1;
            }
            lineStart = i + 1;
        }
        scanned = limit;
        if (end - start >= limits.maxHeaderBytes()) {
            throw oversizedHead();
        }
        return -1;
    }

    /**
     * True when the byte at {@code i} ends a line (RFC 2326 §4): every CR, and an LF not preceded
     * by a CR of the same message ({@code from} is the message's first byte).
     */
    private static boolean isLineEnd(byte[] b, int from, int i) {
        return b[i] == '\r' || b[i] == '\n' && (i == from || b[i - 1] != '\r');
    }

    /** The header budget is exhausted: 414 if the Request-URI is the culprit, else 400. */
    private RtspException.Malformed oversizedHead() {
        int lineEnd = start;
        int max = start + limits.maxHeaderBytes();
        while (lineEnd < max && buf[lineEnd] != '\n' && buf[lineEnd] != '\r') {
            lineEnd++;
        }
        int sp = start;
        while (sp < lineEnd && buf[sp] != ' ') {
            sp++;
        }
        int uriStart = sp + 1;
        int uriEnd = uriStart;
        while (uriEnd < lineEnd && buf[uriEnd] != ' ' && buf[uriEnd] != '\r') {
            uriEnd++;
        }
        if (uriEnd - uriStart > limits.maxUriLength()) {
            return new RtspException.Malformed(RtspStatus.REQUEST_URI_TOO_LARGE,
                    "Request-URI over " + limits.maxUriLength() + " bytes");
        }
        return new RtspException.Malformed(RtspStatus.BAD_REQUEST,
                "request line and headers over " + limits.maxHeaderBytes() + " bytes");
    }

    private Head parseHead(int headerBytes) throws RtspException.Malformed {
        List<String> lines = splitLines(headerBytes);
        // Found first so that every error below can echo it (RFC 2326 §12.17).
        String cseq = earlyCseq(lines);
        for (String line : lines) {
            if (hasControlChar(line)) {
                // RFC 2326 §15.1: TEXT excludes CTLs (HT allowed as LWS); a CR always ends a line
                // (§4), so none is left here. A NUL would otherwise reach values that are echoed or logged.
                throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "control character in header", cseq);
            }
        }
        String[] startLine = splitStartLine(lines.get(0));
        boolean response = startLine.length > 0 && startLine[0].startsWith("RTSP/");

        // Header fields (RFC 2326 §4.2): name ":" value, continuation lines folded.
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            char c0 = line.charAt(0);
            if (c0 == ' ' || c0 == '\t') {
                if (names.isEmpty()) {
                    throw new RtspException.Malformed(RtspStatus.BAD_REQUEST,
                            "continuation line before first header", cseq);
                }
                int last = values.size() - 1;
                String folded = Whitespace.strip(line);
                values.set(last, values.get(last).isEmpty() ? folded
                        : folded.isEmpty() ? values.get(last) : values.get(last) + " " + folded);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "header line without ':'", cseq);
            }
            String name = Whitespace.stripTrailing(line.substring(0, colon));
            if (!RtspHeaders.isToken(name)) {
                throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "bad header name", cseq);
            }
            if (names.size() == limits.maxHeaderCount()) {
                throw new RtspException.Malformed(RtspStatus.BAD_REQUEST,
                        "more than " + limits.maxHeaderCount() + " header fields", cseq);
            }
            String value = Whitespace.strip(line.substring(colon + 1));
            names.add(name);
            values.add(value);
        }
        RtspHeaders headers = new RtspHeaders();
        for (int i = 0; i < names.size(); i++) {
            headers.add(names.get(i), values.get(i));
        }
        String folded = headers.get(RtspHeaders.CSEQ);
        if (folded != null) {
            cseq = folded;
        }

        if (response) {
            checkStatusLine(startLine, cseq);
        } else {
            checkRequestLine(startLine, cseq);
        }
        int contentLength = contentLength(headers, cseq);
        return new Head(startLine, response, headers, headerBytes, contentLength);
    }

    /** The value of the first unfolded {@code CSeq:} line, if free of control characters. */
    private static String earlyCseq(List<String> lines) {
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.regionMatches(true, 0, RtspHeaders.CSEQ + ":", 0, 5)) {
                String v = Whitespace.strip(line.substring(5));
                return hasControlChar(v) ? null : v;
            }
        }
        return null;
    }

    private static boolean hasControlChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** Lines of the header section without their CR LF / CR / LF; the final empty line dropped. */
    private List<String> splitLines(int headerBytes) {
        List<String> lines = new ArrayList<>();
        int lineFrom = start;
        int stop = start + headerBytes;
        for (int i = start; i < stop; i++) {
            if (isLineEnd(buf, start, i)) {
                if (i > lineFrom) {
                    lines.add(new String(buf, lineFrom, i - lineFrom, StandardCharsets.UTF_8));
                }
                lineFrom = i + 1;
            } else if (buf[i] == '\n') {
                lineFrom = i + 1; // the LF of a CR LF
            }
        }
        return lines;
    }

    /** Splits on runs of SP/HT (RFC 2326 §6.1 uses single SP; be lenient). */
    private static String[] splitStartLine(String line) {
        String s = Whitespace.strip(line);
        return s.isEmpty() ? new String[0] : s.split("[ \t]+", 3);
    }

    /** RFC 2326 §6.1: Request-Line = Method SP Request-URI SP RTSP-Version CRLF. */
    private void checkRequestLine(String[] parts, String cseq) throws RtspException.Malformed {
        if (parts.length != 3 || parts[2].indexOf(' ') >= 0 || parts[2].indexOf('\t') >= 0) {
            throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "malformed request line", cseq);
        }
        if (!RtspHeaders.isToken(parts[0])) {
            throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "malformed method", cseq);
        }
        if (parts[1].length() > limits.maxUriLength()) {
            throw new RtspException.Malformed(RtspStatus.REQUEST_URI_TOO_LARGE,
                    "Request-URI over " + limits.maxUriLength() + " bytes", cseq);
        }
        checkVersion(parts[2], cseq);
    }

    /** RFC 2326 §7.1: Status-Line = RTSP-Version SP Status-Code SP Reason-Phrase CRLF. */
    private static void checkStatusLine(String[] parts, String cseq) throws RtspException.Malformed {
        if (parts.length < 2 || parts[1].length() != 3 || !isDigits(parts[1])) {
            throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "malformed status line", cseq);
        }
        checkVersion(parts[0], cseq);
    }

    /** RFC 2326 §3.1: RTSP-Version = "RTSP" "/" 1*DIGIT "." 1*DIGIT; we speak 1.0 only. */
    private static void checkVersion(String v, String cseq) throws RtspException.Malformed {
        if (VERSION.equals(v)) {
            return;
        }
        int dot = v.indexOf('.');
        if (v.startsWith("RTSP/") && dot > 5 && isDigits(v.substring(5, dot))
                && isDigits(v.substring(dot + 1))) {
            throw new RtspException.Malformed(RtspStatus.RTSP_VERSION_NOT_SUPPORTED,
                    "unsupported version " + v, cseq);
        }
        throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "malformed version", cseq);
    }

    /** RFC 2326 §12.14 / §4.3: absent means no body; must be 1*DIGIT; all copies equal. */
    private int contentLength(RtspHeaders headers, String cseq) throws RtspException.Malformed {
        List<String> all = headers.getAll(RtspHeaders.CONTENT_LENGTH);
        long length = 0;
        for (int i = 0; i < all.size(); i++) {
            String v = all.get(i);
            if (!isDigits(v)) {
                throw new RtspException.Malformed(RtspStatus.BAD_REQUEST, "malformed Content-Length", cseq);
            }
            long n = v.length() > 12 ? Long.MAX_VALUE : Long.parseLong(v);
            if (i > 0 && n != length) {
                throw new RtspException.Malformed(RtspStatus.BAD_REQUEST,
                        "conflicting Content-Length", cseq);
            }
            length = n;
        }
        if (length > limits.maxBodyBytes()) {
            throw new RtspException.Malformed(RtspStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body over " + limits.maxBodyBytes() + " bytes", cseq);
        }
        return (int) length;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
