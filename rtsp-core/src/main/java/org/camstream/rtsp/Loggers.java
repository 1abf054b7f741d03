package org.camstream.rtsp;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.camstream.rtsp.runtime.Log;

/**
 * The default {@link RtspLogger} (System.Logger when present), the global default, and the bridge to
 * the internal {@link Log.Sink}.
 *
 * <p>{@code System.Logger} is reached only by reflection: Android has no such class, and a direct
 * reference in a class that loads there would fail its initialisation (issue #14).
 */
final class Loggers {
    static final RtspLogger SYSTEM = SystemLoggerBridge.create();

    static volatile RtspLogger defaultLogger = SYSTEM;

    private static final RtspLogger.Level[] LEVELS = RtspLogger.Level.values();

    private Loggers() {
    }

    /** The sink the internal layers write to: {@code logger}, or the default at each call when null. */
    static Log.Sink sink(RtspLogger logger) {
        return new Log.Sink() {
            @Override
            public boolean isEnabled(int level, String source) {
                return target().isEnabled(LEVELS[level], source);
            }

            @Override
            public void write(int level, String source, String message, Throwable thrown) {
                target().log(LEVELS[level], source, message, thrown);
            }

            private RtspLogger target() {
                return logger != null ? logger : defaultLogger;
            }
        };
    }

    /** Writes to {@code System.Logger}, found by reflection; silent when the JVM lacks it. */
    static final class SystemLoggerBridge implements RtspLogger {
        private final Method getLogger;
        private final Method isLoggable;
        private final Method log;
        private final Object[] levels;
        private final ConcurrentMap<String, Object> loggers = new ConcurrentHashMap<>();

        private SystemLoggerBridge(Method getLogger, Method isLoggable, Method log, Object[] levels) {
            this.getLogger = getLogger;
            this.isLoggable = isLoggable;
            this.log = log;
            this.levels = levels;
        }

        static RtspLogger create() {
            try {
                Class<?> loggerClass = Class.forName("java.lang.System$Logger");
                Class<?> levelClass = Class.forName("java.lang.System$Logger$Level");
                Method getLogger = System.class.getMethod("getLogger", String.class);
                Method isLoggable = loggerClass.getMethod("isLoggable", levelClass);
                Method log = loggerClass.getMethod("log", levelClass, String.class, Throwable.class);
                Object[] levels = new Object[LEVELS.length];
                for (RtspLogger.Level l : LEVELS) {
                    levels[l.ordinal()] = levelClass.getField(l.name()).get(null); // DEBUG, INFO, WARNING, ERROR
                }
                return new SystemLoggerBridge(getLogger, isLoggable, log, levels);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return RtspLogger.SILENT; // no System.Logger here (Android)
            }
        }

        private Object logger(String source) throws ReflectiveOperationException {
            Object l = loggers.get(source);
            if (l == null) {
                l = getLogger.invoke(null, source);
                Object raced = loggers.putIfAbsent(source, l);
                if (raced != null) l = raced;
            }
            return l;
        }

        @Override
        public boolean isEnabled(Level level, String source) {
            try {
                return (Boolean) isLoggable.invoke(logger(source), levels[level.ordinal()]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public void log(Level level, String source, String message, Throwable thrown) {
            try {
                log.invoke(logger(source), levels[level.ordinal()], message, thrown);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a logger that fails must not take the server with it
            }
        }

        @Override
        public String toString() {
            return "RtspLogger.systemLogger()";
        }
    }
}
