package org.camstream.rtsp;

/**
 * A snapshot of a publisher's state and counters. Immutable.
 */
public final class RtspPublisherStats {
    /** Where the publisher is. */
    public enum State {
        /** Waiting for SPS/PPS, connecting, or in OPTIONS/ANNOUNCE/SETUP/RECORD. */
        CONNECTING,
        /** RECORD answered: frames flow to the relay. */
        PUBLISHING,
        /** A failure happened ({@link #lastError()}); waiting out the backoff before reconnecting. */
        RETRYING,
        /** {@link RtspPublisher#stop()} was called (or the loop ended). */
        STOPPED
    }

    private final State state;
    private final String lastError;
    private final long reconnects;
    private final long sessions;
    private final long framesSent;
    private final long framesDropped;
    private final long bytesSent;
    private final long retryDelayMillis;

    RtspPublisherStats(State state, String lastError, long reconnects, long sessions, long framesSent,
            long framesDropped, long bytesSent, long retryDelayMillis) {
        this.state = state;
        this.lastError = lastError;
        this.reconnects = reconnects;
        this.sessions = sessions;
        this.framesSent = framesSent;
        this.framesDropped = framesDropped;
        this.bytesSent = bytesSent;
        this.retryDelayMillis = retryDelayMillis;
    }

    public State state() { return state; }

    /** The last failure, e.g. "401 wrong credentials for user 'cam' at rtsp://…" or "connection refused"; null if none yet. Kept after recovery. */
    public String lastError() { return lastError; }

    /** Connection attempts made after a failure. */
    public long reconnects() { return reconnects; }

    /** Sessions that reached RECORD (1 after a clean start; +1 per successful reconnect). */
    public long sessions() { return sessions; }

    /** Access units sent to the relay. */
    public long framesSent() { return framesSent; }

    /** Access units not sent: no session, waiting for an IDR, uplink too slow, or replaced in the queue. */
    public long framesDropped() { return framesDropped; }

    /** RTP/RTCP bytes handed to the network, transport framing included. */
    public long bytesSent() { return bytesSent; }

    /** The backoff chosen before the latest retry, in milliseconds (0 before any failure). */
    public long retryDelayMillis() { return retryDelayMillis; }

    @Override
    public String toString() {
        return "RtspPublisherStats[state=" + state + ", lastError=" + lastError + ", reconnects=" + reconnects
                + ", sessions=" + sessions + ", framesSent=" + framesSent + ", framesDropped=" + framesDropped
                + ", bytesSent=" + bytesSent + ", retryDelayMillis=" + retryDelayMillis + "]";
    }
}
