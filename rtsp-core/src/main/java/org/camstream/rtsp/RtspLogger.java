package org.camstream.rtsp;

/**
 * Where the server's log records go: a tiny seam so the core needs no logging library and no
 * {@code System.Logger} (which Android lacks). Set one per server with
 * {@link RtspServerOptions.Builder#logger(RtspLogger)}, or for every server that sets none with
 * {@link RtspServer#setDefaultLogger(RtspLogger)}. That default writes to {@code System.Logger} when
 * the JVM has it (found reflectively, so loading the server never fails on Android) and is
 * {@link #SILENT} otherwise.
 *
 * <p>Routing to SLF4J, for example:
 * <pre>{@code
 * RtspServer.setDefaultLogger(new RtspLogger() {
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
    RtspLogger SILENT = new RtspLogger() {
        @Override
        public boolean isEnabled(Level level, String source) {
            return false;
        }

        @Override
        public void log(Level level, String source, String message, Throwable thrown) {
            // silent
        }

        @Override
        public String toString() {
            return "RtspLogger.SILENT";
        }
    };
}
