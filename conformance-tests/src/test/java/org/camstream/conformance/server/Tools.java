package org.camstream.conformance.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the external client programs. A missing tool is a test failure with a clear message,
 * never a skip: CI installs ffmpeg and GStreamer. Stateless.
 */
public final class Tools {
    public static final String FFMPEG = "ffmpeg";
    public static final String FFPROBE = "ffprobe";
    public static final String GST_LAUNCH = "gst-launch-1.0";

    private Tools() {}

    /** Absolute path of {@code name} on the PATH; throws {@link AssertionError} if absent. */
    public static String require(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new AssertionError(name + " is not on the PATH (" + path + "). The RTSP conformance"
                + " tests need real clients: install ffmpeg (with libx264) and GStreamer"
                + " (gst-launch-1.0 with rtspsrc, rtph264depay, h264parse, avdec_h264).");
    }
}
