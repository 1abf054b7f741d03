/**
 * Media out: the UDP and TCP-interleaved senders behind the narrow {@link org.camstream.rtsp.transport.MediaSink},
 * one frame's packets in direct memory ({@link org.camstream.rtsp.transport.WirePackets}), the shared
 * RTP/RTCP socket pair and each connection's bounded outbound ring. Senders write bytes; they never
 * touch a session (the session keeps its own counters). Internal: not exported. Imports
 * {@code headers}, {@code wire} and {@code runtime}.
 */
package org.camstream.rtsp.transport;
