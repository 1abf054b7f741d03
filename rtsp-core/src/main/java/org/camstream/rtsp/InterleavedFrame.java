package org.camstream.rtsp;

/**
 * A binary frame interleaved on the RTSP connection (RFC 2326 §10.12): {@code '$'}, one byte
 * channel, 16-bit big-endian length, then {@code data}. Clients send RTCP receiver reports
 * this way when the transport is RTP/AVP/TCP.
 *
 * <p>{@code data} is a fresh copy owned by the receiver of this record.
 *
 * @param channel 0..255
 * @param data the payload, 0..65535 bytes
 */
record InterleavedFrame(int channel, byte[] data) implements RtspMessage {
    InterleavedFrame {
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException("channel " + channel);
        }
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("length " + data.length);
        }
    }
}
