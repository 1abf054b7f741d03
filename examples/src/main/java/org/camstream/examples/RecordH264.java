package org.camstream.examples;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;

/**
 * The seed's record example: encodes the test pattern into a raw Annex-B {@code .h264} file that
 * ffplay, ffprobe or VLC open directly.
 *
 * <pre>usage: RecordH264 --out clip.h264 [--width 640] [--height 480] [--fps 30] [--frames 300] [--bitrate 1500000]</pre>
 */
public final class RecordH264 {
    private RecordH264() { }

    public static void main(String[] args) throws IOException {
        Args a = new Args(args);
        Path out = Path.of(a.string("--out", "camstream.h264"));
        int width = a.integer("--width", 640);
        int height = a.integer("--height", 480);
        int fps = a.integer("--fps", 30);
        int frames = a.integer("--frames", 300);
        int bitrate = a.integer("--bitrate", 1_500_000);
        TestPatternCamera camera = new TestPatternCamera(width, height);
        long bytes = 0;
        try (H264Encoder encoder = new H264Encoder(width, height,
                     EncoderConfig.builder().fps(fps).bitrate(bitrate).build());
             OutputStream file = new BufferedOutputStream(Files.newOutputStream(out))) {
            byte[] buffer = new byte[encoder.maxAccessUnitSize()];
            for (int i = 0; i < frames; i++) {
                int len = encoder.encodeRgb565(camera.capture(), ByteOrder.BIG_ENDIAN, buffer, 0);
                file.write(buffer, 0, len);
                bytes += len;
            }
        }
        System.out.printf("wrote %d frames, %d bytes (%.0f kb/s) to %s%n", frames, bytes,
                bytes * 8.0 * fps / frames / 1000, out.toAbsolutePath());
    }
}
