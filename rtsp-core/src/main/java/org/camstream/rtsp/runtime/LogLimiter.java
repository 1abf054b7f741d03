package org.camstream.rtsp.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rate limit of repeated log records (issue 10 Low 14: one attack wrote 12,000 lines, synchronously,
 * on the event loop). Records are "similar" when they come from the same source with the same
 * message pattern, whatever the arguments. Of similar records at most {@code burst} are written per
 * window of {@code windowNanos} on the server's {@link Clock}, counted from the first; the rest are
 * counted, and once the window is over one line says how many were suppressed, before the next
 * similar record or at the next {@link #flush()} (the event loop calls it on its timer).
 *
 * <p>Memory: one entry per pattern with an open window, at most {@link #MAX_KEYS}; patterns are the
 * code's constants, so the bound is never reached in practice (beyond it records pass unlimited).
 * Thread-safe: the loop thread and {@code RtspServer}'s callers log.
 */
public final class LogLimiter {
    public static final int DEFAULT_BURST = 10;
    public static final long DEFAULT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int MAX_KEYS = 256;

    private final Clock clock;
    private final int burst;
    private final long windowNanos;
    /** By pattern (constants: their hash is cached), then a short chain by source. */
    private final Map<String, Entry> windows = new HashMap<>();
    private int entries;
    /** Suppressed records not reported yet, over all entries: {@link #flush()} does nothing while 0. */
    private int unreported;

    public LogLimiter(Clock clock) {
        this(clock, DEFAULT_BURST, DEFAULT_WINDOW_NANOS);
    }

    public LogLimiter(Clock clock, int burst, long windowNanos) {
        if (burst < 1 || windowNanos <= 0) throw new IllegalArgumentException("burst and window must be positive");
        this.clock = clock;
        this.burst = burst;
        this.windowNanos = windowNanos;
    }

    /** Where a window's count of suppressed records is written: the logger that opened the window. */
    interface Output {
        void writeSummary(int level, String message);
    }

    /** {@link #admit}: write the record (nothing was suppressed before it). */
    static final int WRITE = 0;
    /** {@link #admit}: drop the record (counted). */
    static final int SUPPRESS = -1;

    /**
     * Whether a record may be written: {@link #SUPPRESS} if not; else the number of similar records
     * suppressed in the window that just ended, for the caller to report first.
     */
    synchronized int admit(Output output, int level, String source, String pattern) {
        long now = clock.nanoTime();
        Entry head = windows.get(pattern);
        Entry e = head;
        while (e != null && !e.source.equals(source)) e = e.next;
        if (e == null) {
            if (entries >= MAX_KEYS) return WRITE;
            e = new Entry(output, level, source, pattern, now, head);
            windows.put(pattern, e);
            entries++;
            return WRITE;
        }
        if (now - e.windowStart >= windowNanos) {
            int report = e.suppressed;
            unreported -= report;
            e.windowStart = now;
            e.written = 1;
            e.suppressed = 0;
            return report;
        }
        if (e.written < burst) {
            e.written++;
            return WRITE;
        }
        e.suppressed++;
        unreported++;
        return SUPPRESS;
    }

    /**
     * Reports the suppressed records of every window that has ended and forgets the ended windows.
     * Returns at once while nothing is suppressed (windows without suppression are reset when their
     * pattern is logged again; there is at most one per pattern).
     */
    public void flush() {
        List<Entry> due = null;
        synchronized (this) {
            if (unreported == 0) return; // the timer's usual case: nothing to do, nothing allocated
            long now = clock.nanoTime();
            for (Iterator<Map.Entry<String, Entry>> it = windows.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Entry> slot = it.next();
                Entry kept = null;
                for (Entry e = slot.getValue(); e != null; ) {
                    Entry next = e.next;
                    if (now - e.windowStart >= windowNanos) {
                        entries--;
                        if (e.suppressed > 0) {
                            unreported -= e.suppressed;
                            if (due == null) due = new ArrayList<>();
                            due.add(e);
                        }
                    } else {
                        e.next = kept;
                        kept = e;
                    }
                    e = next;
                }
                if (kept == null) it.remove();
                else slot.setValue(kept);
            }
        }
        if (due == null) return;
        for (Entry e : due) e.output.writeSummary(e.level, summary(e.suppressed, e.pattern));
    }

    /** Suppressed records not reported yet (for tests and stats). */
    public synchronized int unreported() {
        return unreported;
    }

    String summary(int suppressed, String pattern) {
        return "suppressed " + suppressed + " similar message" + (suppressed == 1 ? "" : "s") + " in "
                + TimeUnit.NANOSECONDS.toSeconds(windowNanos) + " s: " + pattern;
    }

    private static final class Entry {
        final Output output;
        final int level;
        final String source;
        final String pattern;
        long windowStart;
        int written = 1;
        int suppressed;
        Entry next;

        Entry(Output output, int level, String source, String pattern, long windowStart, Entry next) {
            this.output = output;
            this.level = level;
            this.source = source;
            this.pattern = pattern;
            this.windowStart = windowStart;
            this.next = next;
        }
    }
}
