/**
 * The public API of the RTSP server: {@link org.camstream.rtsp.RtspServer},
 * {@link org.camstream.rtsp.RtspServerOptions}, {@link org.camstream.rtsp.RtspServerStats} and the
 * logging seam {@link org.camstream.rtsp.RtspLogger}. The only exported package; the layers below
 * ({@code server}, {@code stream}, {@code session}, {@code transport}, {@code auth}, {@code headers},
 * {@code wire}, {@code runtime}) are internal. See docs/architecture.md.
 */
package org.camstream.rtsp;
