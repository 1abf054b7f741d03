package org.camstream.rtp;

import java.util.Arrays;

/**
 * Reusable arena holding the RTP packets of one access unit in one byte array, so the per-frame
 * path allocates nothing in steady state.
 *
 * <p>Layout: every packet is preceded by {@link #HEADROOM} free bytes, so a TCP sender can write the
 * RFC 2326 §10.12 interleaved prefix ({@code '$'}, channel, 16-bit length) at
 * {@code offset(i) - HEADROOM} and send prefix + packet as one contiguous slice. The content of the
 * headroom bytes is unspecified.
 *
 * <p>Growth: the byte array and the index arrays double when full (amortised, rare once sized for
 * the largest frame). {@link #buffer()} may therefore return a different array after packets are
 * added; re-read it after every {@code packetize} call.
 *
 * <p>Ownership/thread-safety: not thread-safe. Owned by one thread (the packetizing/sending loop);
 * packets stay valid until {@link #clear()}. The receiver may rewrite header fields in place (e.g.
 * {@link RtpHeader#stamp}) and the headroom.
 */
public final class RtpPacketList {
    /** Free bytes before every packet, for the RFC 2326 §10.12 {@code $}+channel+length prefix. */
    public static final int HEADROOM = 4;

    private byte[] buf;
    private int used;
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int count;
    private int totalBytes;

    /** @param initialCapacityBytes initial size of the byte arena (headroom included); grows on demand */
    public RtpPacketList(int initialCapacityBytes) {
        if (initialCapacityBytes < 0) {
            throw new IllegalArgumentException("negative capacity: " + initialCapacityBytes);
        }
        buf = new byte[Math.max(initialCapacityBytes, 64)];
    }

    /** Forgets all packets; keeps the storage. */
    public void clear() {
        used = 0;
        count = 0;
        totalBytes = 0;
    }

    /** Number of packets. */
    public int size() {
        return count;
    }

    /** The arena; packet {@code i} is {@code buffer()[offset(i), offset(i)+length(i))}. */
    public byte[] buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of packet {@code i}'s first RTP header byte. */
    public int offset(int i) {
        checkIndex(i);
        return offsets[i];
    }

    /** Length of packet {@code i}: RTP header plus payload (headroom excluded). */
    public int length(int i) {
        checkIndex(i);
        return lengths[i];
    }

    /** Marker bit of packet {@code i}, read from its header. */
    public boolean marker(int i) {
        return RtpHeader.marker(buf, offset(i));
    }

    /** Sum of {@link #length(int)} over all packets (RTP headers included, headroom excluded). */
    public int totalBytes() {
        return totalBytes;
    }

    /**
     * RTP payload octets of all packets ({@link #totalBytes()} minus the 12-byte headers), as the SR
     * sender's octet count wants them (RFC 3550 §6.4.1).
     */
    public int payloadBytes() {
        return totalBytes - count * RtpHeader.SIZE;
    }

    /**
     * Reserves room for a packet of at most {@code maxPacketLength} bytes after its headroom.
     * Call {@link #buffer()} afterwards (it may have grown) and write the packet at the returned
     * offset, then {@link #commit(int)}.
     *
     * @return the offset where the packet's RTP header must start
     */
    int reserve(int maxPacketLength) {
        int need = used + HEADROOM + maxPacketLength;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
        return used + HEADROOM;
    }

    /** Appends the packet written at the offset returned by the last {@link #reserve(int)}. */
    void commit(int packetLength) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        int off = used + HEADROOM;
        offsets[count] = off;
        lengths[count] = packetLength;
        count++;
        used = off + packetLength;
        totalBytes += packetLength;
    }

    /** Sets the marker bit of packet {@code i} in its header (RFC 3550 §5.1). */
    void setMarker(int i) {
        buf[offset(i) + 1] |= (byte) 0x80;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("packet " + i + " of " + count);
        }
    }
}
