package org.camstream.rtsp.wire;

/**
 * One unit read from an RTSP connection by {@link RtspRequestParser}: an {@link RtspRequest} or an
 * {@link InterleavedFrame} (RFC 2326 §10.12). Responses sent by a client (e.g. answers to
 * server-initiated requests) are consumed and skipped by the parser, not returned.
 */
public interface RtspMessage {
}
