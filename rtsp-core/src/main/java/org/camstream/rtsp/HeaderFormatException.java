package org.camstream.rtsp;

/**
 * A typed header value (Transport, Session, Range, ...) could not be parsed or is not
 * acceptable; {@link #status()} is the status to answer with (e.g. 461 for Transport,
 * RFC 2326 §11.3.12 / §12.39; 457 for Range, §11.3.8). Immutable.
 *
 * <p>Public only so that {@code org.camstream.rtsp.publish} (the RECORD client) can use it until
 * issue 9's layered packages give it a non-exported home; not supported API.
 */
public final class HeaderFormatException extends Exception {

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
