package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.camstream.rtsp.RtspStream;
import org.camstream.rtsp.StreamSpec;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11: a libx264 stream (baseline; main with B-frames) with SPS/PPS only at its start, piped in
 * as a byte stream (RtspStream.readAnnexB, paced like a live encoder), served on a named path; ffmpeg
 * joins mid-stream and decodes from its first frame, bit-exactly: its frames are a contiguous run of
 * the reference decode of the same file. (ffmpeg also reads sprop-parameter-sets, so this does not by
 * itself prove the in-band SPS/PPS; ParameterSetsTest checks those on the wire with synthetic
 * streams, and {@link #everyIdrReceivedOverRtpCarriesSpsAndPps} in the RTP a client receives of these
 * libx264 streams.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipedEncoderConformanceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"baseline,bframes=0,tcp", "main,bframes=2:b-adapt=0,tcp", "baseline,bframes=0,udp"})
    void clientJoiningMidStreamDecodesFromItsFirstFrame(String profile, String x264, String transport) throws Exception {
        String ffmpeg = Tools.require(Tools.FFMPEG);
        byte[] once = encodeWithParameterSetsOnlyAtStart(profile, x264);
        Path clip = dir.resolve("clip.h264");
        Files.write(clip, once);
        List<String> reference = FrameMd5.hashes(run(ffmpeg, "-loglevel", "error", "-i", clip.toString(),
                "-f", "framemd5", "-"));
        assertThat(reference).hasSize(250);

        try (RtspServer server = new RtspServer(RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).queuedFrames(8)
                .stream(StreamSpec.builder("/live/main").size(320, 240).fps(25).build()).build())) {
            RtspStream stream = server.stream("/live/main");
            Thread feeder = new Thread(() -> {
                try {
                    stream.readAnnexB(new PacedInput(once, 10_000));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            feeder.start();
            Thread.sleep(2500); // join after the first IDR (frame 0) and its in-band SPS/PPS have gone by
            String got = run(ffmpeg, "-loglevel", "error", "-rtsp_transport", transport, "-i", stream.url(),
                    "-frames:v", "75", "-fps_mode", "passthrough", "-f", "framemd5", "-");
            feeder.join(20_000);
            List<String> received = FrameMd5.hashes(got);
            assertThat(received).hasSize(75);
            int first = reference.indexOf(received.get(0));
            assertThat(first).as("first decoded frame is an IDR after the start").isGreaterThanOrEqualTo(25);
            assertThat(first % 25).isZero();
            assertThat(received).isEqualTo(reference.subList(first, first + 75));
            if (profile.equals("main")) assertThat(stream.stats().framesWithBSlices()).isPositive();
            else assertThat(stream.stats().framesWithBSlices()).isZero();
        }
    }

    /**
     * Issue 11, "in-band parameter sets verified in the received RTP": the same libx264 streams
     * (SPS/PPS only in the first access unit) piped in; a raw RTSP client joins mid-stream over TCP
     * interleaved and reads the RTP itself (RFC 6184 depacketized by the test, access units
     * delimited by the marker bit, §5.1). The first access unit it gets is an IDR, every IDR
     * access unit carries the stream's SPS and PPS before its first slice in the same access unit
     * (same RTP timestamp; RFC 6184 §8.4 in-band parameter sets), and no other access unit
     * carries any (the server adds them before IDRs only). Decoders that ignore the SDP's
     * sprop-parameter-sets (Jetson's, some NVRs') need exactly this.
     */
    @ParameterizedTest
    @CsvSource({"baseline,bframes=0", "main,bframes=2:b-adapt=0"})
    void everyIdrReceivedOverRtpCarriesSpsAndPps(String profile, String x264) throws Exception {
        byte[] once = encodeWithParameterSetsOnlyAtStart(profile, x264);
        List<NalUnit> sent = AnnexB.split(once);
        NalUnit sps = sent.stream().filter(n -> n.type() == NalUnit.SPS).findFirst().orElseThrow();
        NalUnit pps = sent.stream().filter(n -> n.type() == NalUnit.PPS).findFirst().orElseThrow();
        assertThat(sent.stream().filter(NalUnit::isParameterSet).count())
                .as("parameter sets in the piped stream").isEqualTo(2);
        long idrsSent = sent.stream().filter(n -> n.isIdr() && n.startsPicture()).count();
        assertThat(idrsSent).as("IDR pictures in the piped stream").isEqualTo(10);

        try (RtspServer server = new RtspServer(RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).queuedFrames(8)
                .stream(StreamSpec.builder("/live/main").size(320, 240).fps(25).build()).build())) {
            RtspStream stream = server.stream("/live/main");
            Thread feeder = new Thread(() -> {
                try {
                    stream.readAnnexB(new PacedInput(once, 10_000));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            feeder.start();
            Thread.sleep(2500); // join after the first IDR and its (only) SPS/PPS have gone by
            List<RtpAccessUnits.AccessUnit> units;
            try (InterleavedRtspClient c = new InterleavedRtspClient(server.port())) {
                InterleavedRtspClient.Response described = c.request("DESCRIBE", stream.url(),
                        "Accept: application/sdp");
                assertThat(described.status()).isEqualTo(200);
                InterleavedRtspClient.Response setup = c.request("SETUP",
                        InterleavedRtspClient.controlUrl(described),
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                assertThat(setup.status()).isEqualTo(200);
                assertThat(c.request("PLAY", stream.url(), "Session: "
                        + InterleavedRtspClient.sessionId(setup)).status()).isEqualTo(200);
                units = RtpAccessUnits.split(c.readAccessUnits(100)); // 4 s: 4 or 5 IDRs
            }
            feeder.interrupt(); // PacedInput ends the input early: readAnnexB returns
            feeder.join(20_000);
            String client = "raw RTP client (" + profile + ") [" + stream.stats() + "]";
            assertThat(units.get(0).hasIdr()).as("%s: first access unit received is an IDR: %s",
                    client, units.get(0).nals()).isTrue();
            int idrs = RtpAccessUnits.assertEveryIdrHasParameterSets(client, units, sps, pps);
            assertThat(idrs).as("%s: IDR access units received", client).isGreaterThanOrEqualTo(3);
            for (int i = 0; i < units.size(); i++) {
                if (!units.get(i).hasIdr()) {
                    assertThat(units.get(i).nals()).as("%s: access unit %d (no IDR)", client, i)
                            .noneMatch(NalUnit::isParameterSet);
                }
            }
        }
    }

    /**
     * 10 s of testsrc at 25 fps (an IDR every 25 frames) from libx264 with {@code profile} and
     * {@code x264} parameters, with the SPS and PPS x264 repeats before each IDR removed but the
     * first.
     */
    private byte[] encodeWithParameterSetsOnlyAtStart(String profile, String x264) throws Exception {
        Path full = dir.resolve("full-" + profile + ".h264");
        run(Tools.require(Tools.FFMPEG), "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=25", "-t", "10", "-pix_fmt", "yuv420p", "-c:v", "libx264",
                "-profile:v", profile, "-x264-params", x264, "-g", "25", "-threads", "1", "-f", "h264",
                full.toString());
        return parameterSetsOnlyAtStart(Files.readAllBytes(full));
    }

    /** Keeps the first SPS and PPS, drops every later one (an encoder that writes them once). */
    static byte[] parameterSetsOnlyAtStart(byte[] annexB) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int seen = 0;
        int start = 0;
        for (int i = 3; i <= annexB.length; i++) {
            boolean boundary = i == annexB.length
                    || annexB[i - 3] == 0 && annexB[i - 2] == 0 && annexB[i - 1] == 1 && i - 3 > start;
            if (!boundary) continue;
            int end = i == annexB.length ? i : i - 3;
            int type = end - start > 3 ? annexB[start + 3] & 0x1F : -1;
            if (type == 7 || type == 8) seen++;
            if (!((type == 7 || type == 8) && seen > 2)) out.write(annexB, start, end - start);
            start = end;
        }
        return out.toByteArray();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The bytes in {@code durationMillis}, a slice every 20 ms: a live encoder's pipe. */
    static final class PacedInput extends InputStream {
        private final byte[] data;
        private final long startNanos = System.nanoTime();
        private final long durationNanos;
        private int pos;

        PacedInput(byte[] data, long durationMillis) {
            this.data = data;
            this.durationNanos = TimeUnit.MILLISECONDS.toNanos(durationMillis);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) return -1;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            long due = (System.nanoTime() - startNanos) * data.length / durationNanos;
            int n = (int) Math.min(len, Math.max(1, Math.min(data.length, due) - pos));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
