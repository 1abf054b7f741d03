package org.camstream.sdp;

/** A session description that does not follow RFC 8866 §5 syntax. The only exception {@link SdpReader#parse} throws. */
public final class SdpFormatException extends IllegalArgumentException {
    public SdpFormatException(String message) {
        super(message);
    }
}
