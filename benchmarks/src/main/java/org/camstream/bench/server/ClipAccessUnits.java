package org.camstream.bench.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camstream.rtp.AnnexBReader;

/**
 * The benchmark stream: a 1280x720 Constrained Baseline clip at about 3 Mb/s made once by ffmpeg/libx264,
 * split into access units. Immutable after construction; safe to share between threads.
 *
 * <p>Access-unit boundaries follow H.264 §7.4.1.2.3: an access unit delimiter (type 9), SPS (7), PPS (8)
 * or SEI (6) after a slice starts a new access unit, and so does a slice whose first_mb_in_slice is 0
 * (its ue(v) code is the single bit '1', §9.1, so the first payload byte has its top bit set).
 */
final class ClipAccessUnits {
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int FPS = 30;

    private final List<byte[]> units;

    private ClipAccessUnits(List<byte[]> units) {
        this.units = units;
    }

    int size() { return units.size(); }

    byte[] get(int i) { return units.get(i); }

    /** Mean bit rate of the clip when played at {@link #FPS}. */
    double bitsPerSecond() {
        long bytes = 0;
        for (byte[] u : units) bytes += u.length;
        return bytes * 8.0 * FPS / units.size();
    }

    /** The ffmpeg command that makes the clip (printed in the report so anyone can reproduce it). */
    static List<String> ffmpegCommand(Path out) {
        return List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS, "-t", "20",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "baseline",
                "-b:v", "3M", "-maxrate", "3M", "-bufsize", "1M", "-g", "30", "-pix_fmt", "yuv420p",
                "-f", "h264", out.toString());
    }

    /** Loads {@code clip}, making it with ffmpeg first when it does not exist. */
    static ClipAccessUnits loadOrMake(Path clip) throws IOException, InterruptedException {
        if (!Files.exists(clip)) {
            Files.createDirectories(clip.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(ffmpegCommand(clip)).inheritIO().start();
            if (p.waitFor() != 0) throw new IOException("ffmpeg failed making " + clip);
        }
        return split(Files.readAllBytes(clip));
    }

    /** Groups the NAL units of an Annex-B byte stream into access units, each re-emitted with 4-byte start codes. */
    static ClipAccessUnits split(byte[] stream) {
        List<byte[]> out = new ArrayList<>();
        AnnexBReader r = new AnnexBReader().reset(stream, 0, stream.length);
        List<int[]> current = new ArrayList<>();
        boolean sliceSeen = false;
        while (r.next()) {
            int type = r.nalType();
            boolean slice = type == 1 || type == 5;
            boolean firstMbZero = slice && r.nalLength() > 1 && (stream[r.nalOffset() + 1] & 0x80) != 0;
            boolean startsNew = sliceSeen && (type == 9 || type == 7 || type == 8 || type == 6 || firstMbZero);
            if (startsNew) {
                out.add(join(stream, current));
                current.clear();
                sliceSeen = false;
            }
            current.add(new int[] {r.nalOffset(), r.nalLength()});
            sliceSeen |= slice;
        }
        if (!current.isEmpty()) out.add(join(stream, current));
        return new ClipAccessUnits(List.copyOf(out));
    }

    private static byte[] join(byte[] stream, List<int[]> nals) {
        int len = 0;
        for (int[] n : nals) len += 4 + n[1];
        byte[] au = new byte[len];
        int p = 0;
        for (int[] n : nals) {
            au[p + 3] = 1; // H.264 §B.1: zero_byte + start_code_prefix_one_3bytes
            System.arraycopy(stream, n[0], au, p + 4, n[1]);
            p += 4 + n[1];
        }
        return au;
    }

    /** Writes the units as (32-bit big-endian length, bytes) records, the format the GStreamer script reads. */
    void writeLengthPrefixed(OutputStream os) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        for (byte[] u : units) {
            out.writeInt(u.length);
            out.write(u);
        }
        out.flush();
    }

    static ClipAccessUnits readLengthPrefixed(InputStream is) throws IOException {
        DataInputStream in = new DataInputStream(is);
        List<byte[]> units = new ArrayList<>();
        while (in.available() > 0) {
            byte[] u = new byte[in.readInt()];
            in.readFully(u);
            units.add(u);
        }
        return new ClipAccessUnits(List.copyOf(units));
    }
}
