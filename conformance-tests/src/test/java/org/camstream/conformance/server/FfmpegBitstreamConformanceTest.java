package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.camstream.conformance.server.Clients.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The H.264 ffmpeg depacketizes (RFC 6184 single NAL §5.6 / FU-A §5.8, over RTSP interleaved TCP,
 * RFC 2326 §10.12) equals, NAL for NAL, what the feeder sent from the first IDR the client got —
 * see {@link BitstreamCheck} for the exact rule. TCP so that a mismatch cannot be network loss.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FfmpegBitstreamConformanceTest {
    static final int FRAMES = 60;

    @ParameterizedTest(name = "{0}x{1} over {2}")
    @CsvSource({"320, 240, TCP", "1280, 720, TCP"})
    void receivedNalUnitsEqualSentNalUnits(int width, int height, Transport transport)
            throws Exception {
        try (ServerFixture f = ServerFixture.start(width, height, "copy-" + transport)) {
            Path out = f.workDir.resolve("received.h264");
            ClientProcess ffmpeg = f.client("ffmpeg-copy-" + transport,
                    Clients.ffmpegCopy(f.url(), transport, FRAMES, out));
            int exit = ffmpeg.awaitExit(Duration.ofSeconds(30));
            assertThat(exit).as("ffmpeg exit status; stderr:\n%s", ffmpeg.stderr()).isZero();

            BitstreamCheck.assertReceivedEqualsSent(ffmpeg.name() + " [" + f.diagnostics() + "]", f.clip,
                    AnnexB.split(Files.readAllBytes(out)), FRAMES);
            assertThat(Clients.mediaErrors(ffmpeg.stderr())).as("ffmpeg media errors").isEmpty();
        }
    }

    /**
     * The clip with SPS/PPS only in its first access unit: the client starts at an IDR that has
     * none, so the server must prepend the SPS+PPS it saw in-band, before that IDR and every later
     * one (issue 11) — and nothing else.
     */
    @Test
    void idrWithoutInBandParameterSetsGetsThemPrepended() throws Exception {
        ReferenceStream bare = ReferenceStream.of(320, 240).withParameterSetsOnlyInFirstAccessUnit();
        try (ServerFixture f = ServerFixture.start(bare, "copy-bare")) {
            Path out = f.workDir.resolve("received.h264");
            ClientProcess ffmpeg = f.client("ffmpeg-copy-bare",
                    Clients.ffmpegCopy(f.url(), Transport.TCP, FRAMES, out));
            int exit = ffmpeg.awaitExit(Duration.ofSeconds(30));
            assertThat(exit).as("ffmpeg exit status; stderr:\n%s", ffmpeg.stderr()).isZero();

            BitstreamCheck.assertReceivedEqualsSent(ffmpeg.name() + " [" + f.diagnostics() + "]",
                    f.clip, AnnexB.split(Files.readAllBytes(out)), FRAMES);
            assertThat(Clients.mediaErrors(ffmpeg.stderr())).as("ffmpeg media errors").isEmpty();
        }
    }
}
