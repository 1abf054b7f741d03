/**
 * Typed RTSP header values, each parsed and written by one class that cites its clause: Transport
 * (RFC 2326 §12.39), Session (§12.37), Range (§12.29), RTP-Info (§12.33), Authorization (§12.5 with
 * RFC 7235/7616/7617). Errors are {@link org.camstream.rtsp.wire.RtspException.BadHeader}. Internal:
 * not exported. Imports {@code wire}.
 */
package org.camstream.rtsp.headers;
