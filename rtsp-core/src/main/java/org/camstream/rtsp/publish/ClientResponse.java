package org.camstream.rtsp.publish;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One RTSP response as the publisher received it (RFC 2326 §7): status code, reason phrase, header
 * fields in order (names compared case-insensitively, RFC 2326 §4.2), body. Immutable.
 */
final class ClientResponse {
    /** The code of a request the server sent (RFC 2326 §10); {@link #reason()} is then its method. */
    static final int SERVER_REQUEST = 0;
    private final int code;
    private final String reason;
    private final List<String> names;
    private final List<String> values;
    private final byte[] body;

    ClientResponse(int code, String reason, List<String> names, List<String> values, byte[] body) {
        this.code = code;
        this.reason = reason;
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
        this.body = body;
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }

    /** The first value of header {@code name}, or null. */
    String header(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) return values.get(i);
        }
        return null;
    }

    /** Every value of header {@code name}, in order (e.g. several WWW-Authenticate challenges). */
    List<String> headers(String name) {
        List<String> all = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) all.add(values.get(i));
        }
        return all;
    }

    /** The CSeq (RFC 2326 §12.17), or -1 when absent or not a number. */
    int cseq() {
        String v = header("CSeq");
        if (v == null) return -1;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    boolean isServerRequest() {
        return code == SERVER_REQUEST;
    }

    int bodyLength() {
        return body.length;
    }

    /** "401 Unauthorized", for logs and the error state. */
    String statusLine() {
        return code + " " + reason;
    }

    @Override
    public String toString() {
        return "RTSP/1.0 " + statusLine() + " (" + names.size() + " headers, " + body.length + " body bytes)";
    }
}
