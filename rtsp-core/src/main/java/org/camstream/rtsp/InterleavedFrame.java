package org.camstream.rtsp;

import java.nio.ByteBuffer;

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

    /** RFC 2326 §10.12 framing overhead: '$', channel, 16-bit length. */
    static final int HEADER_BYTES = 4;

    /** {@link #HEADER_BYTES} + data length. */
    int encodedLength() {
        return HEADER_BYTES + data.length;
    }

    /** Writes {@code $ channel length data} at {@code dst}'s position (twin of the parser). */
    void writeTo(ByteBuffer dst) {
        writeHeader(dst, channel, data.length);
        dst.put(data);
    }

    /**
     * Writes only the 4-byte header, for senders that put the payload in place themselves.
     *
     * @throws IllegalArgumentException if channel or length does not fit its field
     */
    static void writeHeader(ByteBuffer dst, int channel, int length) {
        if (channel < 0 || channel > 255 || length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("channel " + channel + ", length " + length);
        }
        dst.put((byte) '$').put((byte) channel).putShort((short) length);
    }
}
