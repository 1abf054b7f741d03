package org.camstream.rtsp;

/**
 * A typed header value (Transport, Session, Range, ...) could not be parsed or is not
 * acceptable; {@link #status()} is the status to answer with (e.g. 461 for Transport,
 * RFC 2326 §11.3.12 / §12.39; 457 for Range, §11.3.8). Immutable.
 */
final class HeaderFormatException extends Exception {

    private final RtspStatus status;

    HeaderFormatException(RtspStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** The status the server should answer with. */
    RtspStatus status() {
        return status;
    }
}
