package org.camstream.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;

/**
 * Serves a raw Annex-B {@code .h264} file over RTSP in a loop, paced at the given frame rate: a
 * stand-in camera for any encoder's output.
 *
 * <pre>usage: ServeH264File --in clip.h264 --width 640 --height 480 [--fps 30] [--port 8554]</pre>
 */
public final class ServeH264File {
    private ServeH264File() { }

    public static void main(String[] args) throws IOException, InterruptedException {
        Args a = new Args(args);
        String in = a.string("--in", null);
        if (in == null) throw new IllegalArgumentException("--in <file.h264> is required");
        int width = a.integer("--width", 640);
        int height = a.integer("--height", 480);
        int fps = a.integer("--fps", 30);
        int port = a.integer("--port", 8554);
        List<byte[]> units = AccessUnits.split(Files.readAllBytes(Path.of(in)));
        int largest = units.stream().mapToInt(u -> u.length).max().orElse(0);
        RtspServer server = new RtspServer(width, height, RtspServerOptions.builder()
                .fps(fps).port(port).maxFrameLength(Math.max(largest, width * height)).build());
        System.out.println("Serving " + units.size() + " frames of " + in + " in a loop. Open " + server.url());
        long frameNanos = TimeUnit.SECONDS.toNanos(1) / fps;
        long next = System.nanoTime();
        try {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i = (i + 1) % units.size()) {
                server.send(units.get(i));
                next += frameNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
            }
        } finally {
            server.stop();
        }
    }
}
