package org.camstream.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The receivers' bookkeeping: RFC 3550 §5.1 sequence gaps and RFC 6184 §5.1 marker-delimited frames. */
class FrameLogTest {
    private static byte[] rtp(int seq, int ts, boolean marker, int payload) {
        byte[] b = new byte[12 + payload];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | 96);
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (ts >>> 24);
        b[5] = (byte) (ts >>> 16);
        b[6] = (byte) (ts >>> 8);
        b[7] = (byte) ts;
        return b;
    }

    @Test
    void framesEndAtTheMarkerAndCountTheirBytes() {
        FrameLog log = new FrameLog();
        log.packet(rtp(65534, 1000, false, 100), 0, 112, 1);
        log.packet(rtp(65535, 1000, true, 50), 0, 62, 2);
        log.packet(rtp(0, 4000, true, 10), 0, 22, 3); // sequence wraps (RFC 3550 §5.1)
        assertThat(log.frames()).isEqualTo(2);
        assertThat(log.bytes(0)).isEqualTo(174);
        assertThat(log.arrival(0)).isEqualTo(2);
        assertThat(log.complete(0)).isTrue();
        assertThat(log.complete(1)).isTrue();
        assertThat(log.lostPackets()).isZero();
    }

    @Test
    void aMissingMarkerOrAGapMakesTheFrameIncomplete() {
        FrameLog log = new FrameLog();
        log.packet(rtp(10, 1000, false, 10), 0, 22, 1); // its marker (seq 11) is lost
        log.packet(rtp(12, 4000, false, 10), 0, 22, 2);
        log.packet(rtp(13, 4000, true, 10), 0, 22, 3);
        log.packet(rtp(14, 7000, true, 10), 0, 22, 4);
        assertThat(log.frames()).isEqualTo(3);
        assertThat(log.complete(0)).isFalse(); // ended by the next timestamp
        assertThat(log.complete(1)).isFalse(); // had a gap in front of it
        assertThat(log.complete(2)).isTrue();
        assertThat(log.lostPackets()).isEqualTo(1);
    }

    @Property
    void lostPacketsEqualTheDroppedOnes(@ForAll @IntRange(min = 0, max = 65535) int start,
                                        @ForAll("drops") List<Boolean> dropped) {
        FrameLog log = new FrameLog();
        int expectedLost = 0;
        boolean firstSent = false;
        int pendingLost = 0;
        for (int i = 0; i < dropped.size(); i++) {
            if (dropped.get(i)) {
                if (firstSent) pendingLost++;
                continue;
            }
            byte[] p = rtp((start + i) & 0xFFFF, i / 3 * 3000, i % 3 == 2, 4);
            log.packet(p, 0, p.length, i);
            expectedLost += pendingLost;
            pendingLost = 0;
            firstSent = true;
        }
        assertThat(log.lostPackets()).isEqualTo(expectedLost);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Boolean>> drops() {
        return net.jqwik.api.Arbitraries.of(true, false, false, false).list().ofMaxSize(300).map(ArrayList::new);
    }
}
