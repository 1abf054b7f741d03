/**
 * The RTSP publisher's internals (the RECORD client behind {@link org.camstream.rtsp.RtspPublisher}).
 *
 * <ul>
 *   <li>{@link org.camstream.rtsp.publish.PublisherMachine}: every state and transition (OPTIONS RFC 2326
 *       §10.1, ANNOUNCE §10.3, SETUP §10.4 with §12.39 {@code mode=record}, RECORD §10.11, keepalive within
 *       the §12.37 timeout, TEARDOWN §10.7), authentication, redirects, backoff. No I/O: an Io seam.</li>
 *   <li>{@link org.camstream.rtsp.publish.PublisherLoop}: the thread, its NIO selector, the buffers; the
 *       machine's Io and the media sink.</li>
 *   <li>{@code MediaSender}: RTP (RFC 6184 via rtp's packetizer, RFC 3550 §5.1 stamping), IDR start,
 *       whole-frame drops, RTCP SR (RFC 3550 §6.4.1).</li>
 *   <li>{@code RequestWriter}, {@code ResponseReader}, {@code ClientResponse}: the client's wire twins
 *       (RFC 2326 §6, §7, §10.12), to move into the {@code wire} package.</li>
 *   <li>{@code ClientCredentials}: answers to Digest (RFC 7616) and Basic (RFC 7617) challenges, hashing
 *       shared with the server through {@link org.camstream.rtsp.auth.DigestComputation}.</li>
 *   <li>{@code Backoff}, {@link org.camstream.rtsp.publish.PublishTarget},
 *       {@link org.camstream.rtsp.runtime.Clock}, {@code PublishLog}: retry waits, the URL, the time seam,
 *       the one route to a log.</li>
 * </ul>
 * Not exported (module-info exports only {@code org.camstream.rtsp}); public types here are for the API
 * package.
 */
package org.camstream.rtsp.publish;
