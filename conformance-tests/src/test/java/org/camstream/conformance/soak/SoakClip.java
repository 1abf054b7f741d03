package org.camstream.conformance.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The soak's source video: a short libx264 Constrained Baseline clip (testsrc2, IDR every
 * {@value #GOP} frames, SPS/PPS repeated before every IDR), its access units, and the MD5 of every
 * picture of a reference decode (ffmpeg framemd5), so a client's decoded pictures can be checked
 * one by one. Immutable once made.
 */
final class SoakClip {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FPS = 30;
    static final int GOP = 30;
    static final int FRAMES = 90;

    final List<byte[]> accessUnits;
    final Set<String> pictureMd5s;

    private SoakClip(List<byte[]> accessUnits, Set<String> pictureMd5s) {
        this.accessUnits = List.copyOf(accessUnits);
        this.pictureMd5s = Set.copyOf(pictureMd5s);
    }

    static SoakClip make(Path dir) throws IOException, InterruptedException {
        Path clip = dir.resolve("soak.h264");
        run(dir, "encode", List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS, "-frames:v", Integer.toString(FRAMES),
                "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-x264-params", "keyint=" + GOP + ":min-keyint=" + GOP + ":scenecut=0:repeat-headers=1",
                "-f", "h264", clip.toString()));
        Path md5 = dir.resolve("soak.framemd5");
        run(dir, "reference-decode", List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y",
                "-i", clip.toString(), "-f", "framemd5", md5.toString()));
        List<byte[]> aus = accessUnits(Files.readAllBytes(clip));
        if (aus.size() != FRAMES) throw new IllegalStateException("clip has " + aus.size() + " access units");
        Set<String> md5s = new HashSet<>(framemd5(Files.readString(md5, StandardCharsets.UTF_8)));
        return new SoakClip(aus, md5s);
    }

    private static void run(Path dir, String name, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " failed: " + Files.readString(dir.resolve(name + ".log")));
        }
    }

    /**
     * Splits an Annex-B byte stream (H.264 §B.1.1: start code 00 00 01, optionally preceded by 00) into
     * access units: each ends with its one slice NAL unit (types 1 or 5, Table 7-1); the parameter sets
     * and SEI before a slice belong to its access unit (§7.4.1.2.3). x264 writes one slice per picture.
     */
    static List<byte[]> accessUnits(byte[] s) {
        List<Integer> starts = new ArrayList<>(); // index of the first byte of each start code
        List<Integer> nalStarts = new ArrayList<>();
        for (int i = 0; i + 2 < s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                int sc = i > 0 && s[i - 1] == 0 ? i - 1 : i;
                starts.add(sc);
                nalStarts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> aus = new ArrayList<>();
        int auStart = starts.isEmpty() ? 0 : starts.get(0);
        for (int k = 0; k < nalStarts.size(); k++) {
            int type = s[nalStarts.get(k)] & 0x1F;
            if (type == 1 || type == 5) {
                int end = k + 1 < starts.size() ? starts.get(k + 1) : s.length;
                byte[] au = new byte[end - auStart];
                System.arraycopy(s, auStart, au, 0, au.length);
                aus.add(au);
                auStart = end;
            }
        }
        return aus;
    }

    /** ffmpeg framemd5: "#" comments, then "stream, dts, pts, duration, size, md5" per picture. */
    static List<String> framemd5(String text) {
        List<String> out = new ArrayList<>();
        int lastNewline = text.lastIndexOf('\n');
        for (String line : text.substring(0, lastNewline + 1).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = l.split(",");
            if (f.length == 6 && f[0].strip().equals("0")) out.add(f[5].strip());
        }
        return out;
    }
}
