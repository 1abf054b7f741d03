package org.camstream.rtsp.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A binary frame interleaved on the RTSP connection (RFC 2326 §10.12): {@code '$'}, one byte
 * channel, 16-bit big-endian length, then {@code data}. Clients send RTCP receiver reports this way
 * when the transport is RTP/AVP/TCP.
 *
 * <p>The one home of the §10.12 framing: the parser reads the prefix with {@link #channelAt} and
 * {@link #lengthAt}, and every sender writes it with one of the {@code writePrefix} methods.
 *
 * <p>{@code data} is a fresh copy owned by the receiver of this object. Immutable by convention.
 */
public final class InterleavedFrame implements RtspMessage {
    /** RFC 2326 §10.12: the byte that starts a frame instead of a request line. */
    public static final byte MAGIC = '$';
    /** RFC 2326 §10.12 framing overhead: '$', channel, 16-bit length. */
    public static final int HEADER_BYTES = 4;
    /** Largest payload the 16-bit length can announce. */
    public static final int MAX_LENGTH = 0xFFFF;

    private final int channel;
    private final byte[] data;

    /**
     * @param channel 0..255
     * @param data the payload, 0..65535 bytes
     */
    public InterleavedFrame(int channel, byte[] data) {
        check(channel, data.length);
        this.channel = channel;
        this.data = data;
    }

    public int channel() {
        return channel;
    }

    public byte[] data() {
        return data;
    }

    /** {@link #HEADER_BYTES} + data length. */
    public int encodedLength() {
        return HEADER_BYTES + data.length;
    }

    /** Writes {@code $ channel length data} at {@code dst}'s position (twin of the parser). */
    public void writeTo(ByteBuffer dst) {
        writePrefix(dst, channel, data.length);
        dst.put(data);
    }

    /** Writes the 4-byte prefix at {@code dst}'s position, for senders that put the payload in place themselves. */
    public static void writePrefix(ByteBuffer dst, int channel, int length) {
        check(channel, length);
        dst.put(MAGIC).put((byte) channel).putShort((short) length);
    }

    /** Writes the 4-byte prefix at absolute index {@code at} of {@code dst}; its position is unchanged. */
    public static void writePrefix(ByteBuffer dst, int at, int channel, int length) {
        check(channel, length);
        dst.put(at, MAGIC).put(at + 1, (byte) channel).putShort(at + 2, (short) length);
    }

    /** Writes the 4-byte prefix into {@code dst[at, at+4)}. */
    public static void writePrefix(byte[] dst, int at, int channel, int length) {
        check(channel, length);
        dst[at] = MAGIC;
        dst[at + 1] = (byte) channel;
        dst[at + 2] = (byte) (length >>> 8);
        dst[at + 3] = (byte) length;
    }

    /** The channel of the prefix starting at {@code buf[at]} (which holds {@link #MAGIC}). */
    public static int channelAt(byte[] buf, int at) {
        return buf[at + 1] & 0xFF;
    }

    /** The payload length announced by the prefix starting at {@code buf[at]}. */
    public static int lengthAt(byte[] buf, int at) {
        return ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
    }

    /** @throws IllegalArgumentException if channel or length does not fit its field */
    private static void check(int channel, int length) {
        if (channel < 0 || channel > 255 || length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("channel " + channel + ", length " + length);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InterleavedFrame)) return false;
        InterleavedFrame f = (InterleavedFrame) o;
        return channel == f.channel && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * channel + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "InterleavedFrame[channel=" + channel + ", " + data.length + " bytes]";
    }
}
