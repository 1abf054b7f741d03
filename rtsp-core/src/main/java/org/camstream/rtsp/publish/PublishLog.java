package org.camstream.rtsp.publish;

import org.camstream.rtsp.runtime.Log;

/**
 * Where the publisher's few log lines go: the logging seam of the server ({@link Log}), set by
 * {@code RtspPublisher} from its options (silent until then). One line per state change or failure,
 * never per frame.
 */
public final class PublishLog {
    private static volatile Log log = new Log(Log.SILENT, "org.camstream.rtsp.publish");

    private PublishLog() {
    }

    /** Routes the publisher's lines to {@code sink} (the API layer passes the configured logger). */
    public static void use(Log.Sink sink) {
        log = new Log(sink, "org.camstream.rtsp.publish");
    }

    static void info(String message) {
        log.info("{0}", message);
    }

    static void warn(String message) {
        log.warning("{0}", message);
    }

    static void debug(String message) {
        Log l = log;
        if (l.isEnabled(Log.DEBUG)) {
            l.debug("{0}", message);
        }
    }
}
