package org.camstream.rtsp;

import java.util.Objects;

/** A snapshot of the server's counters. Immutable. */
public final class RtspServerStats {
    private final long framesAccepted;
    private final long framesSent;
    private final long framesDropped;
    private final long framesOversize;
    private final int connections;
    private final int playingClients;
    private final long senderWakeups;
    private final String loopFailure;

    /**
     * @param framesAccepted frames {@link RtspServer#send} queued for delivery
     * @param framesSent     frames the loop delivered to at least one client
     * @param framesDropped  frames not delivered: no playing client, or replaced by a newer one before the loop took it
     * @param framesOversize frames ignored because they exceeded the maximum frame length
     * @param connections    open RTSP connections
     * @param playingClients sessions in the playing state
     * @param senderWakeups  queued frames whose {@code send()} had to wake the event loop; the others
     *                       arrived while the loop was polling for a frame it expected (cheaper for the sender)
     */
    public RtspServerStats(long framesAccepted, long framesSent, long framesDropped, long framesOversize,
                           int connections, int playingClients, long senderWakeups) {
        this(framesAccepted, framesSent, framesDropped, framesOversize, connections, playingClients, senderWakeups, null);
    }

    /** @param loopFailure why the event loop died, or null while it runs */
    public RtspServerStats(long framesAccepted, long framesSent, long framesDropped, long framesOversize,
                           int connections, int playingClients, long senderWakeups, String loopFailure) {
        this.loopFailure = loopFailure;
        this.framesAccepted = framesAccepted;
        this.framesSent = framesSent;
        this.framesDropped = framesDropped;
        this.framesOversize = framesOversize;
        this.connections = connections;
        this.playingClients = playingClients;
        this.senderWakeups = senderWakeups;
    }

    /** Why the server's event loop stopped serving (it then serves nobody), or null while it runs. */
    public String loopFailure() { return loopFailure; }

    /** Frames {@link RtspServer#send} queued for delivery. */
    public long framesAccepted() { return framesAccepted; }

    /** Frames the loop delivered to at least one client. */
    public long framesSent() { return framesSent; }

    /** Frames not delivered: no playing client, or replaced by a newer one before the loop took it. */
    public long framesDropped() { return framesDropped; }

    /** Frames ignored because they exceeded the maximum frame length. */
    public long framesOversize() { return framesOversize; }

    /** Open RTSP connections. */
    public int connections() { return connections; }

    /** Sessions in the playing state. */
    public int playingClients() { return playingClients; }

    /** Queued frames whose {@code send()} had to wake the event loop. */
    public long senderWakeups() { return senderWakeups; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RtspServerStats)) return false;
        RtspServerStats s = (RtspServerStats) o;
        return framesAccepted == s.framesAccepted && framesSent == s.framesSent && framesDropped == s.framesDropped
                && framesOversize == s.framesOversize && connections == s.connections
                && playingClients == s.playingClients && senderWakeups == s.senderWakeups;
    }

    @Override
    public int hashCode() {
        return Objects.hash(framesAccepted, framesSent, framesDropped, framesOversize, connections, playingClients,
                senderWakeups);
    }

    @Override
    public String toString() {
        return "RtspServerStats[framesAccepted=" + framesAccepted + ", framesSent=" + framesSent
                + ", framesDropped=" + framesDropped + ", framesOversize=" + framesOversize
                + ", connections=" + connections + ", playingClients=" + playingClients
                + ", senderWakeups=" + senderWakeups
                + (loopFailure == null ? "" : ", loopFailure=" + loopFailure) + "]";
    }
}
