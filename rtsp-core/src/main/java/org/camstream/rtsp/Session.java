package org.camstream.rtsp;

/**
 * One RTSP session (RFC 2326 §3.1 / §A.1 state machine) for the single video track.
 *
 * <p>Thread: created, read and changed only on the event-loop thread.
 * <p>States: after SETUP {@link State#READY}; PLAY makes it {@link State#PLAYING}; PAUSE returns to READY;
 * TEARDOWN (or timeout, or the owning connection closing) ends it. A playing session first waits for an
 * IDR ({@link #waitingForIdr}) so it never receives a P frame whose references it lacks.
 */
final class Session {
    enum State { READY, PLAYING }

    final String id;
    final RtspConnection owner;
    final MediaTransport transport;
    /** RFC 3550 §5.1/§8: random SSRC, sequence start and timestamp offset per session. */
    final int ssrc;
    final int timestampOffset;
    int nextSequence;
    State state = State.READY;
    boolean waitingForIdr = true;
    long lastActivityNanos;
    long nextSenderReportNanos;
    long packetsSent;
    long octetsSent;
    /** Whether any media went out yet: sender reports start after the first frame (RFC 3550 §6.4.1). */
    boolean sentAnything;
    /** The authenticated user who created the session, or null without authentication. */
    String user;

    Session(String id, RtspConnection owner, MediaTransport transport, int ssrc, int initialSequence,
            int timestampOffset, long nowNanos) {
        this.id = id;
        this.owner = owner;
        this.transport = transport;
        this.ssrc = ssrc;
        this.nextSequence = initialSequence & 0xFFFF;
        this.timestampOffset = timestampOffset;
        this.lastActivityNanos = nowNanos;
    }

    void touch(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    boolean playing() {
        return state == State.PLAYING;
    }
}
