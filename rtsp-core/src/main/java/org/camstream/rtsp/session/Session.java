package org.camstream.rtsp.session;

import org.camstream.rtsp.transport.MediaSink;
import org.camstream.rtsp.transport.WirePackets;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspMethod;

/**
 * One RTSP session (RFC 2326 §3.1) for the single video track: its state machine and its counters.
 * Every field is written here and only here; every transition is a method below that checks the
 * current state first (like gortsplib's {@code checkState}) and answers a wrong one with its typed
 * error: 455 {@link RtspException.InvalidState}, 454 {@link RtspException.SessionNotFound} once ended.
 *
 * <pre>
 *            SETUP               PLAY                       IDR sent whole
 *   INIT ----------&gt; READY ----------&gt; PLAYING_AWAITING_IDR -----------&gt; PLAYING
 *                      ^                   ^    |   ^                       |
 *                      |          PLAY     |    |   +-- frame lost / short -+
 *                      |      +------------+    | PAUSE                     | PAUSE
 *                      |      |                 v                           |
 *                      |    PAUSED &lt;----------------------------------------+
 *   TEARDOWN, timeout or its connection closing: any state --&gt; ENDED
 * </pre>
 *
 * PLAY on a playing session and PAUSE on a ready or paused one change nothing (RFC 2326 §10.5, §10.6).
 * An RTCP BYE from the client moves a playing session to PAUSED as PAUSE does ({@link #rtcpBye}).
 * A playing session first waits for an IDR ({@link State#PLAYING_AWAITING_IDR}) so it never receives a
 * P frame whose references it lacks (H.264 §8.2.1), and goes back to waiting when a frame is lost.
 *
 * <p>Thread: created, read and changed only on the event-loop thread.
 */
public final class Session {
    /** RFC 2326 Appendix A.2 server states, with PLAYING split at the first IDR. */
    public enum State { INIT, READY, PLAYING_AWAITING_IDR, PLAYING, PAUSED, ENDED }

    private final String id;
    private final String user;
    /** RFC 3550 §5.1/§8: random SSRC, sequence start and timestamp offset per session. */
    private final int ssrc;
    private final int timestampOffset;
    private MediaSink sink;
    private State state = State.INIT;
    private int nextSequence;
    private long packetsSent;
    private long octetsSent;
    private long lastActivityNanos;
    private final long createdNanos;
    private boolean everPlayed;
    private long nextSenderReportNanos;
    private boolean senderReportScheduled;

    /**
     * A session in {@link State#INIT}; {@link #setUp} gives it its transport.
     *
     * @param user the authenticated user who creates it, or null without authentication
     */
    public Session(String id, String user, int ssrc, int initialSequence, int timestampOffset, long nowNanos) {
        this.id = id;
        this.user = user;
        this.ssrc = ssrc;
        this.nextSequence = initialSequence & 0xFFFF;
        this.timestampOffset = timestampOffset;
        this.lastActivityNanos = nowNanos;
        this.createdNanos = nowNanos;
    }

    // ---- RTSP transitions (RFC 2326 Appendix A.2) ------------------------------------------------

    /**
     * Checks that {@code method} is valid in the current state: the one table of what each state accepts.
     * ENDED accepts nothing (the id no longer names a session: 454).
     */
    public void check(RtspMethod method) throws RtspException.InvalidState, RtspException.SessionNotFound {
        if (state == State.ENDED) throw new RtspException.SessionNotFound("session " + id + " ended");
        if (!accepts(state, method)) throw new RtspException.InvalidState(method.token(), state.name());
    }

    private static boolean accepts(State state, RtspMethod method) {
        switch (method) {
            case SETUP:
                return state == State.INIT; // §10.4: changing the transport of a set-up session is not supported
            case PLAY:
            case PAUSE:
                return state != State.INIT;
            case OPTIONS:
            case DESCRIBE:
            case GET_PARAMETER:
            case SET_PARAMETER:
            case TEARDOWN:
                return true;
            default:
                return false;
        }
    }

    /** SETUP: INIT → READY, with the transport the client chose. */
    public void setUp(MediaSink transport) throws RtspException {
        check(RtspMethod.SETUP);
        this.sink = transport;
        state = State.READY;
    }

    /**
     * PLAY: READY or PAUSED → PLAYING_AWAITING_IDR; a playing session stays as it is.
     *
     * @return true when it started playing (the caller then asks the encoder for an IDR)
     */
    public boolean play() throws RtspException {
        check(RtspMethod.PLAY);
        if (isPlaying()) return false;
        state = State.PLAYING_AWAITING_IDR;
        everPlayed = true;
        return true;
    }

    /**
     * PAUSE: a playing session → PAUSED; READY and PAUSED stay as they are.
     *
     * @return true when it stopped playing
     */
    public boolean pause() throws RtspException {
        check(RtspMethod.PAUSE);
        if (!isPlaying()) return false;
        state = State.PAUSED;
        return true;
    }

    /**
     * RTCP BYE from the client (RFC 3550 §6.6: its source left the RTP session): a playing session →
     * PAUSED, so no more RTP goes to a receiver that is gone. The RTSP session stays under the client's
     * control (a TEARDOWN is still answered 200, a PLAY resumes, RFC 2326 §10.5-10.7) and ends at its
     * timeout if nothing more is heard (§12.37).
     *
     * @return true when it stopped playing
     */
    public boolean rtcpBye() {
        if (!isPlaying()) return false;
        state = State.PAUSED;
        return true;
    }

    /**
     * TEARDOWN, timeout or the connection closing: any state → ENDED. Idempotent.
     *
     * @return true when it was playing
     */
    public boolean end() {
        boolean wasPlaying = isPlaying();
        state = State.ENDED;
        return wasPlaying;
    }

    /** RFC 2326 §12.37: a request or RTCP packet from the client shows it is alive. */
    public void touch(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    /**
     * True when the session was set up longer than {@code timeoutNanos} ago and never played: a
     * slot held without watching (issue 10 High 3), whatever keep-alives it sends.
     */
    public boolean neverPlayed(long nowNanos, long timeoutNanos) {
        return !everPlayed && nowNanos - createdNanos > timeoutNanos;
    }

    /** True when nothing was heard from the client for longer than {@code timeoutNanos}. */
    public boolean expired(long nowNanos, long timeoutNanos) {
        return nowNanos - lastActivityNanos > timeoutNanos;
    }

    // ---- delivery (the PLAYING sub-states) -------------------------------------------------------

    /** Whether a frame goes to this session: PLAYING takes every frame, PLAYING_AWAITING_IDR only an IDR. */
    public boolean wants(boolean idr) {
        return state == State.PLAYING || state == State.PLAYING_AWAITING_IDR && idr;
    }

    public boolean awaitingIdr() {
        return state == State.PLAYING_AWAITING_IDR;
    }

    /**
     * A frame was lost before it reached the sessions (replaced in the mailbox): PLAYING →
     * PLAYING_AWAITING_IDR, as its decoder now lacks a reference.
     *
     * @return true when the state changed (the caller asks for an IDR)
     */
    public boolean frameLost() {
        if (state != State.PLAYING) return false;
        state = State.PLAYING_AWAITING_IDR;
        return true;
    }

    /**
     * Sends one frame's packets through the sink, stamped with this session's sequence numbers, SSRC
     * and {@code streamTimestamp} + its offset. A frame sent whole leaves the session PLAYING; a short
     * write (socket or backlog full) sends it back to awaiting an IDR.
     *
     * @return true when the frame went out whole
     */
    public boolean deliver(WirePackets packets, int streamTimestamp) {
        if (!isPlaying()) throw new IllegalStateException("deliver in state " + state);
        int sent = sink.sendFrame(packets, nextSequence, timestampOffset + streamTimestamp, ssrc);
        nextSequence = (nextSequence + sent) & 0xFFFF;
        packetsSent += sent;
        octetsSent += packets.payloadBytes(sent);
        boolean whole = sent == packets.size();
        // A failed write may have closed the connection, and so ended this session meanwhile: ENDED stays.
        if (state != State.ENDED) state = whole ? State.PLAYING : State.PLAYING_AWAITING_IDR;
        return whole;
    }

    /**
     * RFC 3550 §6.4.1: sender reports start after the first RTP packet and recur every
     * {@code intervalNanos} while playing. True (and the next one scheduled) when one is due now.
     */
    public boolean senderReportDue(long nowNanos, long intervalNanos) {
        if (!isPlaying() || packetsSent == 0) return false;
        if (senderReportScheduled && nowNanos - nextSenderReportNanos < 0) return false;
        senderReportScheduled = true; // the first one goes out at the first check after the first packet
        nextSenderReportNanos = nowNanos + intervalNanos;
        return true;
    }

    /** Sends an RTCP packet through the sink (see {@link MediaSink#sendRtcp} for the headroom). */
    public void sendRtcp(byte[] buf, int off, int len) {
        sink.sendRtcp(buf, off, len);
    }

    // ---- reads -----------------------------------------------------------------------------------

    public String id() {
        return id;
    }

    /** The authenticated user who created the session, or null without authentication. */
    public String user() {
        return user;
    }

    public int ssrc() {
        return ssrc;
    }

    /** Added to the stream's RTP clock for this session's timestamps (RFC 3550 §5.1: random start). */
    public int timestampOffset() {
        return timestampOffset;
    }

    /** The sequence number of the next RTP packet (RTP-Info seq, RFC 2326 §12.33). */
    public int nextSequence() {
        return nextSequence;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long octetsSent() {
        return octetsSent;
    }

    public State state() {
        return state;
    }

    public boolean isPlaying() {
        return state == State.PLAYING || state == State.PLAYING_AWAITING_IDR;
    }

    /** The transport chosen at SETUP; null in INIT. */
    public MediaSink sink() {
        return sink;
    }

    /** The Transport header value of the SETUP answer (RFC 2326 §12.39). */
    public String transportHeader() {
        return sink.transportHeader(ssrc);
    }

    @Override
    public String toString() {
        return "Session[" + id + ", " + state + "]";
    }
}
