package org.camstream.rtsp.publish;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a publisher reports: written by its loop thread (and {@code send()} for the queue drops), read
 * from any thread for a stats snapshot. Each field has one writer-side meaning; atomics and volatiles
 * make every read safe without a lock.
 */
public final class PublisherCounters {
    /** Frames handed to the relay (all their RTP packets written or queued on the socket). */
    public final AtomicLong framesSent = new AtomicLong();
    /** Frames not sent: no session yet, waiting for an IDR, uplink slow, or replaced in the queue. */
    public final AtomicLong framesDropped = new AtomicLong();
    /** RTP and RTCP bytes handed to the socket, transport framing included. */
    public final AtomicLong bytesSent = new AtomicLong();
    /** Connection attempts after a failure (the first attempt is not a reconnect). */
    public final AtomicLong reconnects = new AtomicLong();
    /** Sessions that reached RECORD. */
    public final AtomicLong sessions = new AtomicLong();
    volatile PublishPhase phase = PublishPhase.WAITING_FOR_STREAM;
    volatile String lastError;
    volatile long retryDelayNanos;

    public PublishPhase phase() {
        return phase;
    }

    /** The last failure ("401 wrong credentials", "connection refused"), kept after recovery; or null. */
    public String lastError() {
        return lastError;
    }

    /** The wait chosen before the latest retry, in nanoseconds (0 before any failure). */
    public long retryDelayNanos() {
        return retryDelayNanos;
    }
}
