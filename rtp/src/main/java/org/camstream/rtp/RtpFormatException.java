package org.camstream.rtp;

/**
 * A malformed RTP packet or RTP payload (RFC 3550 §5.1, RFC 6184 §5). Thrown instead of any
 * index or state exception so callers can drop the packet and carry on.
 */
public final class RtpFormatException extends IllegalArgumentException {
    public RtpFormatException(String message) {
        super(message);
    }
}
