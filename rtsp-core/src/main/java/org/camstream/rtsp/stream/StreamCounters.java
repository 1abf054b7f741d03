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
}
