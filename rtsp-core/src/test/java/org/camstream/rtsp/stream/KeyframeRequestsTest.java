package org.camstream.rtsp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camstream.rtsp.testing.FakeClock;
import org.junit.jupiter.api.Test;

/**
 * The per-stream keyframe limiter (issue 10 High 4, Medium 5) on a fake clock: at most one callback
 * per interval, a request inside the interval remembered and forwarded when it ends, an IDR meanwhile
 * answering it.
 */
class KeyframeRequestsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final FakeClock clock = new FakeClock();
    private final AtomicInteger callbacks = new AtomicInteger();
    private final StreamCounters counters = new StreamCounters();
    private final KeyframeRequests requests = new KeyframeRequests(callbacks::incrementAndGet, SECOND, counters);

    @Test
    void firstRequestIsForwardedAtOnce() {
        requests.request(clock.nanoTime());
        assertThat(callbacks).hasValue(1);
        assertThat(requests.pending()).isFalse();
    }

    @Test
    void requestsInsideTheIntervalAreCoalescedAndForwardedWhenItEnds() {
        requests.request(clock.nanoTime());
        for (int i = 0; i < 29; i++) {
            clock.advanceMillis(33);
            requests.request(clock.nanoTime());
            requests.poll(clock.nanoTime());
        }
        assertThat(callbacks).as("30 requests in 957 ms").hasValue(1);
        assertThat(requests.pending()).isTrue();
        clock.advanceMillis(42); // 999 ms after the first
        requests.poll(clock.nanoTime());
        assertThat(callbacks).as("1 ms before the interval ends").hasValue(1);
        clock.advance(1, TimeUnit.MILLISECONDS);
        requests.poll(clock.nanoTime());
        assertThat(callbacks).as("the remembered request, once the interval is over").hasValue(2);
        assertThat(requests.pending()).isFalse();
        requests.poll(clock.nanoTime());
        clock.advanceMillis(5000);
        requests.poll(clock.nanoTime());
        assertThat(callbacks).as("forwarded once, not repeated").hasValue(2);
        assertThat(counters.keyframeRequests).hasValue(30);
        assertThat(counters.keyframesForced).hasValue(2);
        assertThat(counters.keyframeRequestsSuppressed).hasValue(29);
    }

    @Test
    void anIdrMeanwhileAnswersTheRememberedRequest() {
        requests.request(clock.nanoTime());
        clock.advanceMillis(100);
        requests.request(clock.nanoTime());
        clock.advanceMillis(100);
        requests.idrDelivered(); // e.g. the encoder's own periodic IDR
        clock.advanceMillis(2000);
        requests.poll(clock.nanoTime());
        assertThat(callbacks).hasValue(1);
    }

    @Test
    void aRequestAfterTheIntervalIsForwardedAtOnce() {
        requests.request(clock.nanoTime());
        clock.advanceMillis(1000);
        requests.request(clock.nanoTime());
        assertThat(callbacks).hasValue(2);
    }

    /** 30 requests per second for 10 s (a PLI flood, a stalled reader failing every frame): 10 callbacks, not 300. */
    @Test
    void aSteadyFloodIsForwardedOncePerInterval() {
        for (int i = 0; i < 300; i++) {
            requests.request(clock.nanoTime());
            clock.advance(SECOND / 30, TimeUnit.NANOSECONDS);
            requests.poll(clock.nanoTime());
        }
        assertThat(callbacks.get()).isBetween(10, 11);
        assertThat(counters.keyframeRequests).hasValue(300);
    }

    @Test
    void intervalZeroForwardsEveryRequest() {
        KeyframeRequests unlimited = new KeyframeRequests(callbacks::incrementAndGet, 0, counters);
        for (int i = 0; i < 5; i++) unlimited.request(clock.nanoTime());
        assertThat(callbacks).hasValue(5);
        assertThatThrownBy(() -> new KeyframeRequests(callbacks::incrementAndGet, -1, counters))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
