package org.camstream.bench;

import java.io.IOException;
import java.io.OutputStream;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;

/**
 * Encodes a clip with camstream's {@link H264Encoder} on the calling thread, through the
 * zero-allocation {@code encodeI420(y, u, v, out, off)} variant into one reused buffer.
 *
 * <p>Settings shared by all three encoders in this benchmark: 30 fps, one IDR every 30 frames,
 * average-bitrate rate control at the given target. Stateless.
 */
final class CamstreamRunner {
    static final String NAME = "camstream";

    private CamstreamRunner() {
    }

    /**
     * @param sink receives the Annex-B stream, or null to discard it (timed runs); its writes are inside
     *             the timed loop, so pass null when measuring speed
     */
    static EncodeRun encode(RawVideo clip, int bitrate, OutputStream sink) throws IOException {
        EncoderConfig cfg = EncoderConfig.builder().fps(clip.fps).gop(EncoderBenchmark.GOP).bitrate(bitrate).build();
        try (H264Encoder enc = new H264Encoder(clip.width, clip.height, cfg)) {
            byte[] out = new byte[enc.maxAccessUnitSize()];
            long bytes = 0;
            long c0 = ThreadCpu.nanos();
            long t0 = System.nanoTime();
            for (int f = 0; f < clip.frames(); f++) {
                int n = enc.encodeI420(clip.y[f], clip.u[f], clip.v[f], out, 0);
                bytes += n;
                if (sink != null) {
                    sink.write(out, 0, n);
                }
            }
            long t = System.nanoTime() - t0;
            return new EncodeRun(bytes, clip.frames(), t, ThreadCpu.seconds(c0, ThreadCpu.nanos()));
        }
    }
}
