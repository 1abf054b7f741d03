package org.camstream.rtsp;

/**
 * One access unit in flight from {@link RtspServer#send} to the event loop.
 *
 * <p>Ownership: a frame belongs to exactly one party at a time — the {@link FrameMailbox}'s free pool,
 * the producer copying into it, the mailbox's pending slot, or the loop thread delivering it. The
 * hand-over happens under the mailbox lock, which gives the memory visibility.
 *
 * <p>Public only so that {@code org.camstream.rtsp.publish} (the RECORD client) can use it until
 * issue 9's layered packages give it a non-exported home; not supported API.
 */
public final class Frame {
    public final byte[] data;
    public int length;
    /** {@link System#nanoTime()} at {@code send()}: RTP timestamps follow capture time, not delivery time. */
    public long captureNanos;
    /** Position in the producer's sequence; a gap tells the loop that a frame was dropped before it. */
    public long sequence;

    Frame(int capacity) {
        this.data = new byte[capacity];
    }
}
