package org.camstream.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Frames are paired with the send() call that produced them, so the measured latency is the real one. */
class LatencyMatcherTest {
    private static final long PERIOD = 33_333_333L;

    @Property(tries = 200)
    void recoversEachFramesLatency(@ForAll @LongRange(min = 0, max = 1L << 40) long clockOrigin,
                                   @ForAll int rtpOffset, @ForAll long seed,
                                   @ForAll @IntRange(min = 2, max = 120) int frames) {
        Random r = new Random(seed);
        long[] sends = new long[frames];
        long[] latency = new long[frames];
        boolean[] delivered = new boolean[frames];
        long t = clockOrigin;
        FrameLog log = new FrameLog();
        for (int i = 0; i < frames; i++) {
            t += PERIOD + r.nextInt(4_000_000) - 2_000_000; // feeder jitter ±2 ms
            sends[i] = t;
            latency[i] = 50_000 + r.nextInt(8_000_000); // 0.05 .. 8 ms
            delivered[i] = r.nextInt(10) > 0;
        }
        // the server's 90 kHz clock (RFC 6184 §5.1) from the send time plus a random offset (RFC 3550 §5.1)
        int[] seqOf = new int[frames];
        int seq = 0;
        for (int i = 0; i < frames; i++) {
            int ts = rtpOffset + (int) Math.floorDiv((sends[i] - clockOrigin) * 9, 100_000L);
            seqOf[i] = seq;
            if (delivered[i]) {
                byte[] p = new byte[20];
                p[0] = (byte) 0x80;
                p[1] = (byte) 0x80 | 96;
                p[2] = (byte) (seq >>> 8);
                p[3] = (byte) seq;
                p[4] = (byte) (ts >>> 24);
                p[5] = (byte) (ts >>> 16);
                p[6] = (byte) (ts >>> 8);
                p[7] = (byte) ts;
                log.packet(p, 0, p.length, sends[i] + latency[i]);
                seq++; // a frame the server never sent uses no sequence numbers (camstream drops whole frames)
            }
        }
        int[] m = LatencyMatcher.match(log, sends, PERIOD);
        int k = 0;
        for (int i = 0; i < frames; i++) {
            if (!delivered[i]) continue;
            assertThat(m[k]).as("frame %d", i).isEqualTo(i);
            assertThat(log.arrival(k) - sends[m[k]]).isEqualTo(latency[i]);
            k++;
        }
        assertThat(k).isEqualTo(log.frames());
    }
}
