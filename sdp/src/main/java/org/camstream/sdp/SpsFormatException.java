package org.camstream.sdp;

/** A malformed or truncated H.264 sequence parameter set (H.264 §7.3.2.1.1). The only exception {@link SpsParser} throws. */
public final class SpsFormatException extends IllegalArgumentException {
    public SpsFormatException(String message) {
        super(message);
    }
}
