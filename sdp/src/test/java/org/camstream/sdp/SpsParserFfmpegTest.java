package org.camstream.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPS reader against parameter sets written by x264 (through ffmpeg) at test time. Expected sizes
 * and profiles come from the ffmpeg command line. ffmpeg is required: if it is missing the test
 * fails (CI installs it), it is never skipped.
 */
class SpsParserFfmpegTest {
    static final String FFMPEG = "/usr/bin/ffmpeg";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}x{2} {3}")
    @CsvSource({
        "baseline, 320, 240, yuv420p, 66, 1, true, ''",
        "baseline, 1366, 768, yuv420p, 66, 1, true, ''",
        "main, 322, 242, yuv420p, 77, 1, true, ''",
        "high, 1920, 1080, yuv420p, 100, 1, true, ''",
        "high, 176, 144, yuv420p, 100, 1, false, interlaced=1",
        "high444, 321, 243, yuv444p, 244, 3, true, ''",
    })
    void parsesX264Sps(String profile, int width, int height, String pixFmt, int profileIdc, int chroma,
            boolean progressive, String x264Params) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i",
                // testsrc2 rounds odd sizes down; the scale filter yields the exact size
                "testsrc2=size=" + width + "x" + height + ":rate=30,scale=" + width + ":" + height, "-frames:v", "1", "-c:v", "libx264",
                "-pix_fmt", pixFmt, "-profile:v", profile));
        if (!x264Params.isEmpty()) {
            cmd.addAll(List.of("-x264-params", x264Params));
        }
        Path out = dir.resolve("out.h264");
        cmd.addAll(List.of("-f", "h264", out.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        } catch (IOException e) {
            fail("ffmpeg is required for this test (install ffmpeg with libx264): " + e);
            return;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
        assertThat(p.exitValue()).as("ffmpeg exit code; log: %s", Files.readString(dir.resolve("log"))).isZero();

        byte[] sps = firstNal(Files.readAllBytes(out), 7);
        SpsInfo info = SpsParser.parse(sps, 0, sps.length);
        assertThat(info.width()).isEqualTo(width);
        assertThat(info.height()).isEqualTo(height);
        assertThat(info.profileIdc()).isEqualTo(profileIdc);
        assertThat(info.chromaFormatIdc()).isEqualTo(chroma);
        assertThat(info.frameMbsOnly()).isEqualTo(progressive);
        assertThat(info.fps()).isEqualTo(30.0);
        assertThat(H264Fmtp.profileLevelId(sps, 0, sps.length)).startsWith(String.format("%02X", profileIdc));
    }

    /** Tiny Annex-B splitter (sdp must not depend on rtp, even in tests): first NAL of the given type. */
    static byte[] firstNal(byte[] s, int type) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                starts.add(i + 3);
            }
        }
        for (int k = 0; k < starts.size(); k++) {
            int a = starts.get(k);
            int b = k + 1 < starts.size() ? starts.get(k + 1) - 3 : s.length;
            while (b > a && s[b - 1] == 0) {
                b--;
            }
            if (b > a && (s[a] & 0x1f) == type) {
                byte[] nal = new byte[b - a];
                System.arraycopy(s, a, nal, 0, nal.length);
                return nal;
            }
        }
        throw new AssertionError("no NAL of type " + type);
    }
}
