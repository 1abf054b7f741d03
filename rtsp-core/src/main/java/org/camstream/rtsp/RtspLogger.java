package org.camstream.rtsp;

import java.util.Objects;

/**
 * Where the server's log records go: a tiny seam so the core needs no logging library and no
 * {@code System.Logger} (which Android lacks). Set one per server with
 * {@link RtspServerOptions.Builder#logger(RtspLogger)}, or for every server that sets none with
 * {@link #setDefault(RtspLogger)}. The default writes to {@code System.Logger} when the JVM has it
 * (found reflectively, so loading this class never fails) and is {@link #silent()} otherwise.
 *
 * <p>Routing to SLF4J, for example:
 * <pre>{@code
 * RtspLogger.setDefault(new RtspLogger() {
 *     public boolean isEnabled(Level level, String source) {
 *         return level.compareTo(Level.INFO) >= 0 && LoggerFactory.getLogger(source).isInfoEnabled();
 *     }
 *     public void log(Level level, String source, String message, Throwable thrown) {
 *         LoggerFactory.getLogger(source).info(message, thrown);   // pick the method by level
 *     }
 * });
 * }</pre>
 * and to Android: {@code android.util.Log.println(priority, "camstream", message)} in {@code log}.
 *
 * <p>Implementations must be thread-safe; they are called from the server's loop thread and from
 * {@code RtspServer}'s callers.
 */
public interface RtspLogger {
    /** Levels, least severe first. */
    enum Level { DEBUG, INFO, WARNING, ERROR }

    /**
     * Whether records of {@code level} from {@code source} are wanted; the message is formatted only
     * then.
     *
     * @param source the class that logs, e.g. {@code org.camstream.rtsp.server.EventLoop}
     */
    boolean isEnabled(Level level, String source);

    /**
     * Writes one record.
     *
     * @param thrown the exception behind it, or null
     */
    void log(Level level, String source, String message, Throwable thrown);

    /** A logger that drops everything. */
    static RtspLogger silent() {
        return Loggers.SILENT;
    }

    /** {@code System.Logger} when the JVM has it (Java 9+), else {@link #silent()}. */
    static RtspLogger systemLogger() {
        return Loggers.SYSTEM;
    }

    /** The logger of servers that set none: initially {@link #systemLogger()}. */
    static RtspLogger getDefault() {
        return Loggers.defaultLogger;
    }

    /** Replaces the logger of every server that sets none, from now on (also of running ones). */
    static void setDefault(RtspLogger logger) {
        Loggers.defaultLogger = Objects.requireNonNull(logger, "logger");
    }
}
