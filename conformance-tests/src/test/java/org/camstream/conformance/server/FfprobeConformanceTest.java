package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.Clients.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ffprobe sees, through the server (SDP of RFC 6184 §8.1/§8.2.1 plus in-band parameter sets), the
 * same stream parameters as in the reference file: H.264 Constrained Baseline at the fed size,
 * and it decodes every packet it reads.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FfprobeConformanceTest {
    static final int PACKETS = 60;

    @ParameterizedTest(name = "{0}x{1} over {2}")
    @CsvSource({"320, 240, TCP", "1280, 720, UDP"})
    void streamParametersMatchTheReferenceFile(int width, int height, Transport transport) {
        try (ServerFixture f = ServerFixture.start(width, height, "ffprobe-" + transport)) {
            ClientProcess live = f.client("ffprobe-" + transport,
                    Clients.ffprobe(f.url(), transport, PACKETS));
            assertThat(live.awaitExit(Duration.ofSeconds(30)))
                    .as("ffprobe exit status; stderr:\n%s", live.stderr()).isZero();
            ClientProcess file = f.client("ffprobe-file",
                    Clients.ffprobe(f.clip.writeOriginal(f.workDir).toString(), null, PACKETS));
            assertThat(file.awaitExit(Duration.ofSeconds(30))).isZero();

            Map<String, String> got = parse(live.stdout());
            Map<String, String> want = parse(file.stdout());
            assertThat(got).as("ffprobe of the live stream; stderr:\n%s", live.stderr())
                    .containsEntry("codec_name", "h264")
                    .containsEntry("profile", "Constrained Baseline")
                    .containsEntry("width", Integer.toString(width))
                    .containsEntry("height", Integer.toString(height))
                    .containsEntry("pix_fmt", "yuv420p")
                    .containsEntry("nb_read_packets", Integer.toString(PACKETS))
                    .containsEntry("nb_read_frames", Integer.toString(PACKETS));
            assertThat(got).as("live vs file").isEqualTo(want);
            assertThat(live.stderr()).as("ffprobe stderr at -v error").isBlank();
        }
    }

    private static Map<String, String> parse(String keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : keyValues.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return m;
    }
}
