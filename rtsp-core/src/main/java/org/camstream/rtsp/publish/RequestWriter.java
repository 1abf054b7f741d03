package org.camstream.rtsp.publish;

import java.nio.charset.StandardCharsets;

/**
 * Encodes one RTSP request (RFC 2326 §6): {@code Method SP Request-URI SP RTSP/1.0 CRLF}, header
 * fields, an empty line, the body. Header names are written in canonical case (some servers match
 * them case-sensitively). The client-side twin of the server's response writer; written to move
 * into the {@code wire} package. Requests are rare (setup, keepalive), so this builds a new array each
 * time; stateless.
 */
final class RequestWriter {
    private RequestWriter() {
    }

    /**
     * @param headers name, value, name, value, ... (a null value skips the field)
     * @param contentType the body's type, or null without a body
     * @throws IllegalArgumentException when a value holds CR or LF (header injection)
     */
    static byte[] write(String method, String uri, int cseq, String[] headers, String contentType, byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
        field(sb, "CSeq", Integer.toString(cseq)); // RFC 2326 §12.17: in every request
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) field(sb, headers[i], headers[i + 1]);
        }
        if (body != null && body.length > 0) {
            field(sb, "Content-Type", contentType); // RFC 2326 §12.16
            field(sb, "Content-Length", Integer.toString(body.length)); // §12.14: required with a body
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null || body.length == 0) return head;
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || uriHasSpace(name)) {
            throw new IllegalArgumentException("CR/LF in header " + name);
        }
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static boolean uriHasSpace(String name) {
        return name.indexOf(' ') >= 0;
    }
}
