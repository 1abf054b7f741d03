package org.camstream.rtsp;

/**
 * One unit read from an RTSP connection by {@link RtspRequestParser}: a request or an
 * interleaved binary frame (RFC 2326 §10.12). Responses sent by a client (e.g. answers to
 * server-initiated requests) are consumed and skipped by the parser, not returned.
 */
sealed interface RtspMessage permits RtspRequest, InterleavedFrame {}
