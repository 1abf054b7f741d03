package org.camstream.rtsp.runtime;

import java.text.MessageFormat;

/**
 * A named logger of the server's internal layers, writing to a {@link Sink}. The server adapts the
 * public {@code org.camstream.rtsp.RtspLogger} to a sink, so no internal layer depends on the API
 * package or on {@code System.Logger} (absent on Android).
 *
 * <p>Messages are {@link MessageFormat} patterns ({@code {0}}); they are formatted only when the sink
 * accepts the level. Thread-safe if the sink is.
 */
public final class Log implements LogLimiter.Output {
    /** Levels, lowest first. */
    public static final int DEBUG = 0;
    public static final int INFO = 1;
    public static final int WARNING = 2;
    public static final int ERROR = 3;

    /** Where records go. */
    public interface Sink {
        boolean isEnabled(int level, String source);

        void write(int level, String source, String message, Throwable thrown);
    }

    /** Accepts nothing. */
    public static final Sink SILENT = new Sink() {
        @Override
        public boolean isEnabled(int level, String source) {
            return false;
        }

        @Override
        public void write(int level, String source, String message, Throwable thrown) {
            // silent
        }
    };

    private final Sink sink;
    private final String source;
    /** Null: every record is written. */
    private final LogLimiter limiter;

    public Log(Sink sink, String source) {
        this(sink, source, null);
    }

    /** A logger whose repeated records are rate-limited by {@code limiter} (shared by the server's loggers). */
    public Log(Sink sink, String source, LogLimiter limiter) {
        this.sink = sink;
        this.source = source;
        this.limiter = limiter;
    }

    /** A logger for {@code type}, named by its class name, on the same sink and limiter. */
    public Log forClass(Class<?> type) {
        return new Log(sink, type.getName(), limiter);
    }

    public Sink sink() {
        return sink;
    }

    public boolean isEnabled(int level) {
        return sink.isEnabled(level, source);
    }

    public void debug(String pattern, Object... args) {
        log(DEBUG, null, pattern, args);
    }

    public void info(String pattern, Object... args) {
        log(INFO, null, pattern, args);
    }

    public void warning(String pattern, Object... args) {
        log(WARNING, null, pattern, args);
    }

    public void error(Throwable thrown, String pattern, Object... args) {
        log(ERROR, thrown, pattern, args);
    }

    /** A rate limiter's count of suppressed records (not public API: the interface is package-private). */
    @Override
    public void writeSummary(int level, String message) {
        sink.write(level, source, message, null);
    }

    private void log(int level, Throwable thrown, String pattern, Object[] args) {
        if (!sink.isEnabled(level, source)) return;
        if (limiter != null) {
            int suppressedBefore = limiter.admit(this, level, source, pattern);
            if (suppressedBefore == LogLimiter.SUPPRESS) return;
            if (suppressedBefore > 0) writeSummary(level, limiter.summary(suppressedBefore, pattern));
        }
        String message = args.length == 0 ? pattern : MessageFormat.format(pattern, args);
        sink.write(level, source, message, thrown);
    }
}
