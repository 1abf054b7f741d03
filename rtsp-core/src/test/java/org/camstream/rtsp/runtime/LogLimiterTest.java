package org.camstream.rtsp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.FakeClock;
import org.junit.jupiter.api.Test;

/** Issue 10 Low 14: repeated log records, on the fake clock. */
class LogLimiterTest {
    private final FakeClock clock = new FakeClock();
    private final List<String> lines = new ArrayList<>();
    private final Log.Sink sink = new Log.Sink() {
        @Override
        public boolean isEnabled(int level, String source) {
            return true;
        }

        @Override
        public void write(int level, String source, String message, Throwable thrown) {
            lines.add(source + " " + level + " " + message);
        }
    };
    private final LogLimiter limiter = new LogLimiter(clock, 3, TimeUnit.SECONDS.toNanos(10));
    private final Log log = new Log(sink, "a", limiter);

    @Test
    void atMostBurstSimilarRecordsPerWindowThenOneLineCountsTheRest() {
        for (int i = 0; i < 1000; i++) log.info("closing connection from {0}", i);
        assertThat(lines).containsExactly("a 1 closing connection from 0", "a 1 closing connection from 1",
                "a 1 closing connection from 2");
        assertThat(limiter.unreported()).isEqualTo(997);
        clock.advanceMillis(9_999);
        limiter.flush();
        assertThat(lines).as("the window is not over").hasSize(3);
        clock.advanceMillis(1);
        limiter.flush();
        assertThat(lines).hasSize(4).last()
                .isEqualTo("a 1 suppressed 997 similar messages in 10 s: closing connection from {0}");
        assertThat(limiter.unreported()).isZero();
        log.info("closing connection from {0}", "x");
        assertThat(lines).as("a new window").hasSize(5).last().isEqualTo("a 1 closing connection from x");
    }

    @Test
    void theCountComesBeforeTheNextSimilarRecordWhenNoFlushRanInBetween() {
        for (int i = 0; i < 5; i++) log.warning("refused");
        clock.advanceMillis(10_000);
        log.warning("refused");
        assertThat(lines).containsExactly("a 2 refused", "a 2 refused", "a 2 refused",
                "a 2 suppressed 2 similar messages in 10 s: refused", "a 2 refused");
        limiter.flush();
        assertThat(lines).as("reported once").hasSize(5);
    }

    @Test
    void otherPatternsAndOtherSourcesHaveTheirOwnWindows() {
        Log other = log.forClass(LogLimiterTest.class);
        for (int i = 0; i < 5; i++) {
            log.info("one {0}", i);
            log.info("two {0}", i);
            other.info("one {0}", i);
        }
        assertThat(lines).hasSize(9);
    }

    @Test
    void aDisabledLevelCostsNoWindow() {
        Log.Sink errorsOnly = new Log.Sink() {
            @Override
            public boolean isEnabled(int level, String source) {
                return level == Log.ERROR;
            }

            @Override
            public void write(int level, String source, String message, Throwable thrown) {
                lines.add(message);
            }
        };
        Log quiet = new Log(errorsOnly, "q", limiter);
        for (int i = 0; i < 100; i++) quiet.debug("noise {0}", i);
        assertThat(limiter.unreported()).isZero();
        quiet.error(null, "noise {0}", 1);
        assertThat(lines).containsExactly("noise 1");
    }
}
