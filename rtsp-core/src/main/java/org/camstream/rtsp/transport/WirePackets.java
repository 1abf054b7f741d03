package org.camstream.rtsp.transport;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.camstream.rtp.RtpHeader;
import org.camstream.rtp.RtpPacketList;
import org.camstream.rtsp.wire.InterleavedFrame;

/**
 * One frame's RTP packets in direct memory, laid out as they go on the wire, so every client's copy
 * is written straight from here: no per-client copy of the payload.
 *
 * <p>Layout: the {@link RtpPacketList} arena copied once per frame, which is every packet preceded
 * by its {@link RtpPacketList#HEADROOM}; with the RFC 2326 §10.12 prefix ({@code '$'}, channel,
 * 16-bit length) written into each headroom, the whole range is the frame's interleaved TCP byte
 * stream, and each packet alone is one UDP datagram. Only sequence number, timestamp and SSRC
 * (RFC 3550 §5.1) and the channel differ between clients: {@link #stamp} rewrites those few bytes in
 * place before each client's write. A write copies the bytes into the kernel before it returns, so
 * the next client's stamp cannot change what an earlier client gets.
 *
 * <p>Why direct memory: the JDK copies a heap buffer into a temporary direct buffer on every socket
 * write; from a direct buffer the kernel reads it in place.
 *
 * <p>Thread: event loop only. The buffer grows (rarely) to the largest frame seen and is reused.
 */
public final class WirePackets {
    private ByteBuffer wire = ByteBuffer.allocateDirect(64 * 1024);
    /** Handed to the sockets; its position and limit select what is written. */
    private ByteBuffer view = wire.duplicate();
    private int[] starts = new int[64];
    private int[] lengths = new int[64];
    private int count;
    private int wireLength;
    private int payloadBytes;

    /** Copies the packets of {@code list} (written for this frame) into the wire buffer. */
    public void load(RtpPacketList list) {
        count = list.size();
        wireLength = count == 0 ? 0 : list.offset(count - 1) + list.length(count - 1);
        if (wireLength > wire.capacity()) {
            wire = ByteBuffer.allocateDirect(Math.max(wireLength, wire.capacity() * 2));
            view = wire.duplicate();
        }
        if (count > starts.length) {
            starts = new int[Math.max(count, starts.length * 2)];
            lengths = new int[starts.length];
        }
        ((Buffer) wire).clear();
        wire.put(list.buffer(), 0, wireLength); // relative put, then back to 0: only absolute access below
        ((Buffer) wire).clear();
        for (int i = 0; i < count; i++) {
            starts[i] = list.offset(i) - RtpPacketList.HEADROOM;
            lengths[i] = list.length(i);
        }
        payloadBytes = list.payloadBytes();
    }

    public int size() {
        return count;
    }

    /** RTP packet bytes (headers included, prefixes excluded). */
    public int rtpBytes() {
        return wireLength - count * RtpPacketList.HEADROOM;
    }

    /** RTP payload octets, for the sender report's octet count (RFC 3550 §6.4.1). */
    public int payloadBytes() {
        return payloadBytes;
    }

    /** RTP payload octets of the first {@code count} packets (a frame sent in part). */
    public int payloadBytes(int count) {
        if (count == this.count) return payloadBytes;
        int n = 0;
        for (int i = 0; i < count; i++) n += lengths[i] - RtpHeader.SIZE;
        return n;
    }

    /** Bytes of the interleaved stream: every packet with its 4-byte prefix. */
    public int interleavedLength() {
        return wireLength;
    }

    /** Length of packet {@code i} without its prefix. */
    public int length(int i) {
        return lengths[i];
    }

    /** Offset of packet {@code i}'s prefix in the interleaved stream. */
    public int start(int i) {
        return starts[i];
    }

    /** Offset just past packet {@code i} in the interleaved stream. */
    public int end(int i) {
        return starts[i] + RtpPacketList.HEADROOM + lengths[i];
    }

    /** Index of the packet holding interleaved byte {@code offset} ({@link #size()} past the end). */
    public int packetAt(int offset) {
        int i = 0;
        while (i < count && end(i) <= offset) i++;
        return i;
    }

    /** Writes one client's sequence number, timestamp and SSRC into packet {@code i}'s RTP header. */
    public void stamp(int i, int sequence, int timestamp, int ssrc) {
        RtpHeader.stamp(wire, starts[i] + RtpPacketList.HEADROOM, sequence, timestamp, ssrc);
    }

    /** RFC 2326 §10.12: '$', the client's channel id, the packet's 16-bit length, before packet {@code i}. */
    public void prefix(int i, int channel) {
        InterleavedFrame.writePrefix(wire, starts[i], channel, lengths[i]);
    }

    /** Packet {@code i} alone (one UDP datagram). The returned buffer is reused by the next call. */
    public ByteBuffer packet(int i) {
        int header = starts[i] + RtpPacketList.HEADROOM;
        ((Buffer) view).limit(header + lengths[i]).position(header);
        return view;
    }

    /** The interleaved stream from byte {@code from} on. The returned buffer is reused by the next call. */
    public ByteBuffer interleaved(int from) {
        ((Buffer) view).limit(wireLength).position(from);
        return view;
    }
}
