package org.camstream.rtsp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The hand-over between send() and the loop: a bounded FIFO where the newest frames win. */
class FrameMailboxTest {
    /**
     * Random interleavings of offers, takes and releases (one producer) against a model queue: the loop
     * takes frames oldest first; when {@code depth} frames are pending, an offer drops the oldest; the
     * sequence number rises by one per offer; a single producer never runs out of buffers.
     */
    @Property(tries = 500)
    void behavesLikeABoundedNewestWinsQueue(@ForAll @IntRange(min = 1, max = 4) int depth,
                                            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 2) Integer> ops) {
        FrameMailbox mailbox = new FrameMailbox(16, depth);
        Deque<Long> model = new ArrayDeque<>();
        long offered = 0;
        List<Frame> held = new ArrayList<>();
        for (int op : ops) {
            if (op == 0) {
                int displaced = mailbox.offer(ByteBuffer.wrap(new byte[] {(byte) offered, 1, 2}), offered);
                boolean full = model.size() == depth;
                if (full) model.removeFirst();
                assertThat(displaced).isEqualTo(full ? 1 : 0); // never NO_BUFFER with one producer
                model.addLast(offered);
                offered++;
            } else if (op == 1 && held.isEmpty()) {
                Frame f = mailbox.take();
                Long expected = model.pollFirst();
                if (expected == null) {
                    assertThat(f).isNull();
                } else {
                    assertThat(f.sequence).isEqualTo(expected);
                    assertThat(f.captureNanos).isEqualTo(expected);
                    assertThat(f.length).isEqualTo(3);
                    assertThat(f.data[0]).isEqualTo((byte) (long) expected);
                    held.add(f);
                }
            } else if (!held.isEmpty()) {
                mailbox.release(held.remove(0));
            }
        }
        assertThat(mailbox.discardPending()).isEqualTo(model.size());
    }
}
