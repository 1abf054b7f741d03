package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The hand-over between send() and the loop: newest frame wins, buffers are never lost or shared. */
class FrameMailboxTest {
    /**
     * A random interleaving of offers and takes (single thread): the loop always takes the newest frame
     * offered since its last take, sequence numbers rise by one per offer, and the three buffers are
     * never exhausted by a single producer.
     */
    @Property(tries = 300)
    void newestFrameWinsAndBuffersCirculate(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 2) Integer> ops) {
        FrameMailbox mailbox = new FrameMailbox(16);
        long offered = 0;
        byte lastPayload = -1;
        boolean pendingExpected = false;
        List<Frame> held = new ArrayList<>();
        for (int op : ops) {
            if (op == 0) {
                byte payload = (byte) offered;
                FrameMailbox.OfferResult r = mailbox.offer(ByteBuffer.wrap(new byte[] {payload, 1, 2}), offered);
                assertThat(r).isNotEqualTo(FrameMailbox.OfferResult.NO_BUFFER);
                assertThat(r == FrameMailbox.OfferResult.QUEUED_REPLACING_OLDER).isEqualTo(pendingExpected);
                offered++;
                lastPayload = payload;
                pendingExpected = true;
            } else if (op == 1 && held.isEmpty()) {
                Frame f = mailbox.take();
                if (!pendingExpected) {
                    assertThat(f).isNull();
                } else {
                    assertThat(f.length).isEqualTo(3);
                    assertThat(f.data[0]).isEqualTo(lastPayload);
                    assertThat(f.sequence).isEqualTo(offered - 1);
                    held.add(f);
                }
                pendingExpected = false;
            } else if (!held.isEmpty()) {
                mailbox.release(held.remove(0));
            }
        }
    }
}
