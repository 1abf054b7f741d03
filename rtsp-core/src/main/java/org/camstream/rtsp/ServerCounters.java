package org.camstream.rtsp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters shared by the producer thread(s) and the event loop. Each field has one meaning and is
 * written with atomics or volatile stores, so {@link #snapshot()} is safe from any thread.
 */
final class ServerCounters {
    final AtomicLong framesAccepted = new AtomicLong();
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong framesDropped = new AtomicLong();
    final AtomicLong framesOversize = new AtomicLong();
    final AtomicLong senderWakeups = new AtomicLong();
    /** Written by the loop; read by {@code send()} to drop frames early when nobody plays. */
    volatile int connections;
    volatile int playingClients;

    RtspServerStats snapshot() {
        return new RtspServerStats(framesAccepted.get(), framesSent.get(), framesDropped.get(),
                framesOversize.get(), connections, playingClients, senderWakeups.get());
    }
}
