package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.Clients.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ffmpeg as an RTSP client (RFC 2326 DESCRIBE/SETUP/PLAY/TEARDOWN, RTP/AVP over UDP and
 * RTP/AVP/TCP interleaved §10.12) decodes exactly the pictures the server was fed. At 1280x720
 * the IDR slices exceed one RTP payload, so FU-A (RFC 6184 §5.8) reassembly is exercised.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FfmpegDecodeConformanceTest {
    static final int FRAMES = 60;

    @ParameterizedTest(name = "{0}x{1} over {2}")
    @CsvSource({"320, 240, UDP", "320, 240, TCP", "1280, 720, UDP", "1280, 720, TCP"})
    void decodesAContiguousRunFromAnIdrWithoutErrors(int width, int height, Transport transport) {
        try (ServerFixture f = ServerFixture.start(width, height, "decode-" + transport)) {
            ClientProcess ffmpeg = f.client("ffmpeg-" + transport,
                    Clients.ffmpegFramemd5(f.url(), transport, FRAMES));
            int exit = ffmpeg.awaitExit(Duration.ofSeconds(30));

            List<String> decoded = FrameMd5.hashes(ffmpeg.stdout());
            f.clip.assertContiguousRunFromIdr(ffmpeg.name() + " [" + f.diagnostics() + "]", decoded, FRAMES);
            assertThat(Clients.mediaErrors(ffmpeg.stderr())).as("ffmpeg media errors").isEmpty();
            assertThat(exit).as("ffmpeg exit status; stderr:\n%s", ffmpeg.stderr()).isZero();
        }
    }
}
