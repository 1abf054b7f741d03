/**
 * What the server runs on, as seams: the {@link org.camstream.rtsp.runtime.Clock}, the
 * {@link org.camstream.rtsp.runtime.ChannelFactory} for its sockets and the {@link org.camstream.rtsp.runtime.Log}.
 * Defaults use the JDK; tests replace them. Internal: not exported by the module. The lowest layer:
 * imports nothing of rtsp-core.
 */
package org.camstream.rtsp.runtime;
