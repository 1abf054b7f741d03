package org.camstream.examples;

import java.io.IOException;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.camstream.rtsp.RtspServerStats;
import org.camstream.rtsp.RtspStream;
import org.camstream.rtsp.StreamSpec;

/**
 * Serves an H.264 byte stream read from standard input (any encoder: {@code rpicam-vid --codec h264
 * --inline -o -}, {@code ffmpeg ... -c:v libx264 -f h264 -}) at one path, {@code /} too.
 *
 * <pre>
 * usage: PipeDemo --width W --height H [--path /live/main] [--fps 30] [--port 8554]
 * </pre>
 */
public final class PipeDemo {
    private PipeDemo() { }

    public static void main(String[] args) throws IOException {
        Args a = new Args(args);
        int width = a.integer("--width", 0);
        int height = a.integer("--height", 0);
        if (width < 1 || height < 1) {
            System.err.println("usage: ./demo pipe --width W --height H [--path /live/main] [--fps 30] [--port 8554]");
            System.exit(2);
        }
        String path = a.string("--path", "/live/main");
        StreamSpec.Builder spec = StreamSpec.builder(path).size(width, height).fps(a.integer("--fps", 30))
                .maxFrameLength(Math.max(width * height, 1 << 20));
        if (!path.equals("/")) spec.aliases("/");
        RtspServer server = new RtspServer(RtspServerOptions.builder().port(a.integer("--port", 8554))
                .queuedFrames(4).stream(spec.build()).build());
        RtspStream stream = server.streams().get(0);
        System.err.println("Serving standard input at " + stream.url() + " (and " + server.url() + ")");
        try {
            long units = stream.readAnnexB(System.in);
            RtspServerStats s = stream.stats();
            System.err.println("end of input after " + units + " access units; " + s);
        } finally {
            server.stop();
        }
    }
}
