package org.camstream.rtsp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * A parsed RTSP request (RFC 2326 §6).
 *
 * <p>Immutable by convention: the parser hands over fresh {@code headers} and {@code body}; the
 * receiver owns them and must not share them with another thread while mutating.
 */
public final class RtspRequest implements RtspMessage {
    private final String methodToken;
    private final RtspMethod method;
    private final String uri;
    private final String version;
    private final RtspHeaders headers;
    private final byte[] body;

    /**
     * @param methodToken the method as sent (case preserved)
     * @param method the known method, or {@code null} when the token is unknown (answer 501)
     * @param uri the Request-URI as sent (RFC 2326 §6.1), not decoded
     * @param version always {@code "RTSP/1.0"} when produced by the parser
     * @param headers the header fields in arrival order
     * @param body the entity body (RFC 2326 §4.3), empty when no Content-Length
     */
    public RtspRequest(String methodToken, RtspMethod method, String uri, String version, RtspHeaders headers,
                       byte[] body) {
        this.methodToken = methodToken;
        this.method = method;
        this.uri = uri;
        this.version = version;
        this.headers = headers;
        this.body = body;
    }

    public String methodToken() {
        return methodToken;
    }

    public RtspMethod method() {
        return method;
    }

    public String uri() {
        return uri;
    }

    public String version() {
        return version;
    }

    public RtspHeaders headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /**
     * The raw CSeq value (RFC 2326 §12.17), trimmed, or {@code null} when absent. The server echoes it
     * verbatim even when it is not a number.
     */
    public String cseq() {
        String v = headers.get(RtspHeaders.CSEQ);
        return v == null ? null : v.trim();
    }

    /** The CSeq as a non-negative number, or empty when absent or not a number. */
    public OptionalInt cseqNumber() {
        String v = cseq();
        if (v == null || v.isEmpty() || v.length() > 9) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(v));
    }

    /** @return the first value of header {@code name} (case-insensitive), or {@code null} */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Encodes the request (RFC 2326 §6): request line, headers in order, CRLF, body. The twin of
     * {@link RtspRequestParser}, for tests and for requests a client sends. The caller keeps
     * Content-Length consistent with {@code body}.
     */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(128).append(methodToken).append(' ').append(uri)
                .append(' ').append(version).append("\r\n");
        for (RtspHeaders.Field f : headers) {
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        byte[] head = sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    @Override
    public String toString() {
        return methodToken + " " + uri + " " + version + " (" + headers.size() + " headers, "
                + body.length + " body bytes)";
    }
}
