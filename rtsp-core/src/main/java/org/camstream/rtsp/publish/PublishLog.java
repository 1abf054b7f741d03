package org.camstream.rtsp.publish;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The publisher's one route to a log (java.util.logging under {@code org.camstream.rtsp.publish}).
 * Every log line of the package goes through here, so the logging seam of the rtsp-core restructure
 * can replace this class alone.
 */
final class PublishLog {
    private static final Logger LOG = Logger.getLogger("org.camstream.rtsp.publish");

    private PublishLog() {
    }

    static void info(String message) {
        LOG.log(Level.INFO, message);
    }

    static void warn(String message) {
        LOG.log(Level.WARNING, message);
    }

    static void debug(String message) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, message);
        }
    }
}
