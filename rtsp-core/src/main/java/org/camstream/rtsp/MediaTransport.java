package org.camstream.rtsp;

/**
 * Where a session's RTP and RTCP packets go: UDP unicast (RFC 2326 §12.39 client_port) or interleaved
 * in the RTSP TCP connection (RFC 2326 §10.12). Called on the event-loop thread only.
 */
interface MediaTransport {
    /**
     * Sends every packet of {@code packets} after stamping sequence, timestamp and SSRC for
     * {@code session}. Returns false when the frame could not be sent whole (socket buffer or backlog
     * full): the caller then drops frames for this session until the next IDR.
     */
    boolean sendFrame(WirePackets packets, Session session, int rtpTimestamp);

    /** Sends one RTCP compound packet; best effort. */
    void sendRtcp(byte[] buf, int off, int len);

    /** The Transport header value of the SETUP answer (RFC 2326 §12.39). */
    String describe(Session session);
}
