package org.camstream.rtsp;

/**
 * A request could not be parsed; the connection answers {@link #status()} and is closed.
 *
 * <p>Carries the raw CSeq (RFC 2326 §12.17) when the header was already read, so the error
 * response can echo it. Immutable.
 */
final class RtspParseException extends Exception {

    private final RtspStatus status;
    private final String cseq;

    RtspParseException(RtspStatus status, String message) {
        this(status, message, null);
    }

    RtspParseException(RtspStatus status, String message, String cseq) {
        super(message);
        this.status = status;
        this.cseq = cseq;
    }

    /** The status the server should answer with. */
    RtspStatus status() {
        return status;
    }

    /** The raw CSeq value of the failed request, or {@code null} if not read. */
    String cseq() {
        return cseq;
    }
}
