package org.camstream.rtsp.wire;

/**
 * The one home of the server's typed errors (like gortsplib's {@code liberrors}): every failure that
 * becomes an RTSP status is one of the subclasses below, and each maps to its status here, once.
 * Handlers catch {@code RtspException} and answer {@link #status()}; tests compare types and statuses,
 * never message strings. Immutable.
 */
public abstract class RtspException extends Exception {
    private final RtspStatus status;

    private RtspException(RtspStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** The status the server answers with. */
    public final RtspStatus status() {
        return status;
    }

    /**
     * The bytes on the connection are not a request we can read: 400, 413, 414 or 505 (RFC 2326
     * §7.1.1), chosen by the parser. The connection answers and closes: the stream cannot be trusted.
     * Carries the raw CSeq (RFC 2326 §12.17) when it was read, so the answer can echo it.
     */
    public static final class Malformed extends RtspException {
        private final String cseq;

        public Malformed(RtspStatus status, String message) {
            this(status, message, null);
        }

        public Malformed(RtspStatus status, String message, String cseq) {
            super(status, message);
            this.cseq = cseq;
        }

        /** The raw CSeq value of the failed request, or {@code null} if not read. */
        public String cseq() {
            return cseq;
        }
    }

    /**
     * A typed header (Transport, Session, Range, ...) cannot be parsed (400) or asks for something the
     * server does not serve: 461 for Transport (RFC 2326 §11.3.12, §12.39), 457 for Range (§11.3.8).
     */
    public static final class BadHeader extends RtspException {
        public BadHeader(RtspStatus status, String message) {
            super(status, message);
        }
    }

    /** 454 Session Not Found (RFC 2326 §11.3.5): no such session, ended, or not this client's. */
    public static final class SessionNotFound extends RtspException {
        public SessionNotFound(String message) {
            super(RtspStatus.SESSION_NOT_FOUND, message);
        }
    }

    /** 455 Method Not Valid in This State (RFC 2326 §11.3.6, state table of Appendix A.2). */
    public static final class InvalidState extends RtspException {
        public InvalidState(String method, String state) {
            super(RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE, method + " not valid in state " + state);
        }
    }
}
