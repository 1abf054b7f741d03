/**
 * One live stream per path ({@link org.camstream.rtsp.stream.Stream}): the hand-over from the
 * producer (mailbox, frame buffers), the producer's cadence, the parameter-set cache behind the SDP,
 * keyframe requests, the RTP clock, fan-out to the stream's playing sessions and their RTCP sender
 * reports. Internal: not exported. Imports {@code session}, {@code transport} and {@code runtime}.
 */
package org.camstream.rtsp.stream;
