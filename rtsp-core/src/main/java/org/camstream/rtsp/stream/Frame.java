package org.camstream.rtsp.stream;

/**
 * One access unit in flight from {@code RtspServer.send} to the event loop.
 *
 * <p>Ownership: a frame belongs to exactly one party at a time — the {@link FrameMailbox}'s free pool,
 * the producer copying into it, the mailbox's pending slot, or the loop thread delivering it. The
 * hand-over happens under the mailbox lock, which gives the memory visibility.
 */
public final class Frame {
    public final byte[] data;
    public int length;
    /** The stream clock at {@code send()}: RTP timestamps follow capture time, not delivery time. */
    public long captureNanos;
    /** Position in the producer's sequence; a gap tells the loop that a frame was dropped before it. */
    long sequence;

    public Frame(int capacity) {
        this.data = new byte[capacity];
    }

    /** Position in the producer's sequence (see {@link #followsALoss}). */
    public long sequence() {
        return sequence;
    }

    /**
     * Whether a frame was lost between the one numbered {@code previousSequence} (-1: none taken yet)
     * and this one: the mailbox replaced it, so what follows may reference a picture never delivered.
     */
    public boolean followsALoss(long previousSequence) {
        return previousSequence >= 0 && sequence != previousSequence + 1;
    }
}
