package org.camstream.rtsp.wire;

/**
 * RTSP 1.0 status codes with their reason phrases (RFC 2326 §7.1.1, definitions in §11).
 *
 * <p>Immutable; thread-safe.
 */
public enum RtspStatus {
    OK(200, "OK"),
    BAD_REQUEST(400, "Bad Request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    NOT_ACCEPTABLE(406, "Not Acceptable"),
    REQUEST_TIMEOUT(408, "Request Time-out"),
    REQUEST_ENTITY_TOO_LARGE(413, "Request Entity Too Large"),
    REQUEST_URI_TOO_LARGE(414, "Request-URI Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    PARAMETER_NOT_UNDERSTOOD(451, "Parameter Not Understood"),
    NOT_ENOUGH_BANDWIDTH(453, "Not Enough Bandwidth"),
    SESSION_NOT_FOUND(454, "Session Not Found"),
    METHOD_NOT_VALID_IN_THIS_STATE(455, "Method Not Valid in This State"),
    HEADER_FIELD_NOT_VALID(456, "Header Field Not Valid for Resource"),
    INVALID_RANGE(457, "Invalid Range"),
    AGGREGATE_OPERATION_NOT_ALLOWED(459, "Aggregate operation not allowed"),
    ONLY_AGGREGATE_OPERATION_ALLOWED(460, "Only aggregate operation allowed"),
    UNSUPPORTED_TRANSPORT(461, "Unsupported transport"),
    INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
    NOT_IMPLEMENTED(501, "Not Implemented"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    RTSP_VERSION_NOT_SUPPORTED(505, "RTSP Version not supported"),
    OPTION_NOT_SUPPORTED(551, "Option not supported");

    private final int code;
    private final String reason;

    RtspStatus(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The three-digit Status-Code (RFC 2326 §7.1.1). */
    public int code() {
        return code;
    }

    /** The Reason-Phrase as listed in RFC 2326 §7.1.1. */
    public String reason() {
        return reason;
    }

    /** @return the status with this code, or {@code null} if not in this enum */
    public static RtspStatus fromCode(int code) {
        for (RtspStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
