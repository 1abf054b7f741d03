package org.camstream.rtsp.transport;

/**
 * Where one session's RTP and RTCP packets go: UDP unicast (RFC 2326 §12.39 client_port) or
 * interleaved in the RTSP TCP connection (RFC 2326 §10.12). Narrow on purpose: a sink stamps and
 * writes what it is given and reports how much went out; the session owns the sequence numbers and
 * counters and decides what a short write means. Called on the event-loop thread only.
 */
public interface MediaSink {
    /**
     * Writes the packets of one frame in order, stamping packet {@code i} with sequence number
     * {@code firstSequence + i} (mod 2^16), {@code rtpTimestamp} and {@code ssrc} (RFC 3550 §5.1).
     *
     * @return how many packets went out whole: {@code packets.size()} when the frame was sent, fewer
     *     when the socket or backlog could not take the rest (those are lost for this client)
     */
    int sendFrame(WirePackets packets, int firstSequence, int rtpTimestamp, int ssrc);

    /**
     * Sends one RTCP compound packet {@code buf[off, off+len)}; best effort. The caller leaves
     * {@link org.camstream.rtsp.wire.InterleavedFrame#HEADER_BYTES} of headroom before {@code off}, so
     * a TCP sink can put its framing in place without a copy.
     */
    void sendRtcp(byte[] buf, int off, int len);

    /** The Transport header value of the SETUP answer (RFC 2326 §12.39). */
    String transportHeader(int ssrc);

    /**
     * True when media shares the RTSP connection (RFC 2326 §10.12): any traffic on that connection then
     * shows the client is alive (RFC 2326 §12.37), and only that connection may control the session.
     */
    boolean interleaved();
}
