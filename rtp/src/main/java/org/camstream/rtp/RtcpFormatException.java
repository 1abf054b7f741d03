package org.camstream.rtp;

/** A malformed RTCP packet (RFC 3550 §6, RFC 4585 §6.1). The only exception {@link RtcpParser} throws. */
public final class RtcpFormatException extends IllegalArgumentException {
    public RtcpFormatException(String message) {
        super(message);
    }
}
