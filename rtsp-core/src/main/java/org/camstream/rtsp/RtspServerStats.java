package org.camstream.rtsp;

/**
 * A snapshot of the server's counters.
 *
 * @param framesAccepted frames {@link RtspServer#send} queued for delivery
 * @param framesSent     frames the loop delivered to at least one client
 * @param framesDropped  frames not delivered: no playing client, or replaced by a newer one before the loop took it
 * @param framesOversize frames ignored because they exceeded the maximum frame length
 * @param connections    open RTSP connections
 * @param playingClients sessions in the playing state
 * @param senderWakeups  queued frames whose {@code send()} had to wake the event loop; the others
 *                       arrived while the loop was polling for a frame it expected (cheaper for the sender)
 */
public record RtspServerStats(long framesAccepted, long framesSent, long framesDropped, long framesOversize,
                              int connections, int playingClients, long senderWakeups) {
}
