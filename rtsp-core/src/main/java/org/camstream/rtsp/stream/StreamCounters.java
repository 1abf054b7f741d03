package org.camstream.rtsp.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream's frame counters, shared by the producer thread(s) and the event loop. Each has one
 * meaning and is written with atomics, so reading them is safe from any thread.
 */
public final class StreamCounters {
    /** Frames {@code send()} queued for delivery. */
    public final AtomicLong framesAccepted = new AtomicLong();
    /** Frames the loop delivered to at least one session. */
    public final AtomicLong framesSent = new AtomicLong();
    /** Frames not delivered: nobody playing, replaced in the mailbox, or no session could take them. */
    public final AtomicLong framesDropped = new AtomicLong();
    /** Frames refused for exceeding the maximum frame length. */
    public final AtomicLong framesOversize = new AtomicLong();
    /** Queued frames whose {@code send()} had to wake the event loop. */
    public final AtomicLong senderWakeups = new AtomicLong();
    /** Input the stream could not use: garbage or truncated bytes, malformed length prefixes, damaged NAL units. */
    public final AtomicLong inputErrors = new AtomicLong();
    /** Access units that carried B slices (H.264 §7.4.3 slice_type 1/6), which browsers and WebRTC gateways reject. */
    public final AtomicLong framesWithBSlices = new AtomicLong();
    /** Times the stream went longer than 10 s without an IDR. */
    public final AtomicLong idrPeriodsMissing = new AtomicLong();
    /** SPS or PPS changes after the first ones (H.264 §7.4.1.2.1: a new sequence starts at the next IDR). */
    public final AtomicLong parameterSetChanges = new AtomicLong();
    /** SPS whose picture size differs from the declared one. */
    public final AtomicLong sizeMismatches = new AtomicLong();
    /** Requests for an IDR from viewers: PLAY, a lost frame, an honoured RTCP PLI/FIR. */
    public final AtomicLong keyframeRequests = new AtomicLong();
    /** Times the producer's keyframe callback was called (at most one per interval). */
    public final AtomicLong keyframesForced = new AtomicLong();
    /** Requests that did not call the callback themselves: coalesced into a later call, or answered by an IDR meanwhile. */
    public final AtomicLong keyframeRequestsSuppressed = new AtomicLong();
    /** RTCP PLI/FIR not honoured: from a session that is not playing, or naming another SSRC (RFC 4585 §6.1). */
    public final AtomicLong keyframeRequestsIgnored = new AtomicLong();
}
