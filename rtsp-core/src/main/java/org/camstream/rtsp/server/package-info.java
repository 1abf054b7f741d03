/**
 * The server itself: one NIO event loop ({@link org.camstream.rtsp.server.EventLoop}) over the
 * listener, the RTSP connections and the RTP/RTCP sockets; the RTSP method semantics
 * ({@link org.camstream.rtsp.server.RequestHandler}); timers and limits. Internal: not exported.
 * Imports every layer below it: {@code stream}, {@code session}, {@code transport}, {@code auth},
 * {@code headers}, {@code wire}, {@code runtime}.
 */
package org.camstream.rtsp.server;
