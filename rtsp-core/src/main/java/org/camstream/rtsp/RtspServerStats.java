package org.camstream.rtsp;

import java.util.Objects;
import org.camstream.rtsp.stream.StreamCounters;

/** A snapshot of the server's counters. Immutable. */
public final class RtspServerStats {
    private final long framesAccepted;
    private final long framesSent;
    private final long framesDropped;
    private final long framesOversize;
    private final int connections;
    private final int playingClients;
    private final long senderWakeups;
    private final long inputErrors;
    private final long framesWithBSlices;
    private final long idrPeriodsMissing;
    private final long parameterSetChanges;
    private final long sizeMismatches;
    private final String loopFailure;
    private final long keyframeRequests;
    private final long keyframesForced;
    private final long keyframeRequestsSuppressed;
    private final long keyframeRequestsIgnored;

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
        this(framesAccepted, framesSent, framesDropped, framesOversize, connections, playingClients, senderWakeups,
                0, 0, 0, 0, 0, null, 0, 0, 0, 0);
    }

    /** @param loopFailure why the event loop died, or null while it runs */
    public RtspServerStats(long framesAccepted, long framesSent, long framesDropped, long framesOversize,
                           int connections, int playingClients, long senderWakeups, String loopFailure) {
        this(framesAccepted, framesSent, framesDropped, framesOversize, connections, playingClients, senderWakeups,
                0, 0, 0, 0, 0, loopFailure, 0, 0, 0, 0);
    }

    private RtspServerStats(long framesAccepted, long framesSent, long framesDropped, long framesOversize,
                            int connections, int playingClients, long senderWakeups, long inputErrors,
                            long framesWithBSlices, long idrPeriodsMissing, long parameterSetChanges,
                            long sizeMismatches, String loopFailure, long keyframeRequests, long keyframesForced,
                            long keyframeRequestsSuppressed, long keyframeRequestsIgnored) {
        this.keyframeRequests = keyframeRequests;
        this.keyframesForced = keyframesForced;
        this.keyframeRequestsSuppressed = keyframeRequestsSuppressed;
        this.keyframeRequestsIgnored = keyframeRequestsIgnored;
        this.inputErrors = inputErrors;
        this.framesWithBSlices = framesWithBSlices;
        this.idrPeriodsMissing = idrPeriodsMissing;
        this.parameterSetChanges = parameterSetChanges;
        this.sizeMismatches = sizeMismatches;
        this.loopFailure = loopFailure;
        this.framesAccepted = framesAccepted;
        this.framesSent = framesSent;
        this.framesDropped = framesDropped;
        this.framesOversize = framesOversize;
        this.connections = connections;
        this.playingClients = playingClients;
        this.senderWakeups = senderWakeups;
    }

    /** The counters of {@code streams} summed; connections and playing clients as given. */
    static RtspServerStats of(StreamCounters[] streams, int connections, int playingClients, String loopFailure) {
        long[] v = new long[14];
        for (StreamCounters c : streams) {
            v[0] += c.framesAccepted.get();
            v[1] += c.framesSent.get();
            v[2] += c.framesDropped.get();
            v[3] += c.framesOversize.get();
            v[4] += c.senderWakeups.get();
            v[5] += c.inputErrors.get();
            v[6] += c.framesWithBSlices.get();
            v[7] += c.idrPeriodsMissing.get();
            v[8] += c.parameterSetChanges.get();
            v[9] += c.sizeMismatches.get();
            v[10] += c.keyframeRequests.get();
            v[11] += c.keyframesForced.get();
            v[12] += c.keyframeRequestsSuppressed.get();
            v[13] += c.keyframeRequestsIgnored.get();
        }
        return new RtspServerStats(v[0], v[1], v[2], v[3], connections, playingClients, v[4], v[5], v[6], v[7], v[8],
                v[9], loopFailure, v[10], v[11], v[12], v[13]);
    }

    static RtspServerStats of(StreamCounters stream, int connections, int playingClients, String loopFailure) {
        return of(new StreamCounters[] {stream}, connections, playingClients, loopFailure);
    }

    /** Input dropped as unusable: garbage or cut bytes, malformed AVCC length prefixes, damaged NAL units. */
    public long inputErrors() { return inputErrors; }

    /** Access units with B slices (served, but browsers and WebRTC gateways reject B-frames). */
    public long framesWithBSlices() { return framesWithBSlices; }

    /** Times the stream ran 10 s without an IDR (clients joining then wait that long). */
    public long idrPeriodsMissing() { return idrPeriodsMissing; }

    /** SPS/PPS changes after the first ones. */
    public long parameterSetChanges() { return parameterSetChanges; }

    /** SPS whose picture size differs from the declared width and height. */
    public long sizeMismatches() { return sizeMismatches; }

    /** Requests for an IDR from clients: PLAY, a lost frame, an honoured RTCP PLI/FIR. */
    public long keyframeRequests() { return keyframeRequests; }

    /** Calls of the keyframe callback: at most one per {@link RtspServerOptions#keyframeIntervalMillis()} per stream. */
    public long keyframesForced() { return keyframesForced; }

    /** Keyframe requests coalesced into a later callback or answered by an IDR meanwhile (rate limit). */
    public long keyframeRequestsSuppressed() { return keyframeRequestsSuppressed; }

    /** RTCP PLI/FIR not honoured: from a session not playing, or naming another SSRC than its own. */
    public long keyframeRequestsIgnored() { return keyframeRequestsIgnored; }

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
                && playingClients == s.playingClients && senderWakeups == s.senderWakeups
                && inputErrors == s.inputErrors && framesWithBSlices == s.framesWithBSlices
                && idrPeriodsMissing == s.idrPeriodsMissing && parameterSetChanges == s.parameterSetChanges
                && sizeMismatches == s.sizeMismatches && keyframeRequests == s.keyframeRequests
                && keyframesForced == s.keyframesForced && keyframeRequestsSuppressed == s.keyframeRequestsSuppressed
                && keyframeRequestsIgnored == s.keyframeRequestsIgnored;
    }

    @Override
    public int hashCode() {
        return Objects.hash(framesAccepted, framesSent, framesDropped, framesOversize, connections, playingClients,
                senderWakeups, inputErrors, framesWithBSlices, idrPeriodsMissing, parameterSetChanges, sizeMismatches,
                keyframeRequests, keyframesForced, keyframeRequestsSuppressed, keyframeRequestsIgnored);
    }

    @Override
    public String toString() {
        return "RtspServerStats[framesAccepted=" + framesAccepted + ", framesSent=" + framesSent
                + ", framesDropped=" + framesDropped + ", framesOversize=" + framesOversize
                + ", connections=" + connections + ", playingClients=" + playingClients
                + ", senderWakeups=" + senderWakeups + ", inputErrors=" + inputErrors
                + ", framesWithBSlices=" + framesWithBSlices + ", idrPeriodsMissing=" + idrPeriodsMissing
                + ", parameterSetChanges=" + parameterSetChanges + ", sizeMismatches=" + sizeMismatches
                + ", keyframeRequests=" + keyframeRequests + ", keyframesForced=" + keyframesForced
                + ", keyframeRequestsSuppressed=" + keyframeRequestsSuppressed
                + ", keyframeRequestsIgnored=" + keyframeRequestsIgnored
                + (loopFailure == null ? "" : ", loopFailure=" + loopFailure) + "]";
    }
}
