package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real H.264 the server is fed: generated once per size per JVM by ffmpeg/libx264
 * (Constrained Baseline, IDR every 30 frames, one slice per picture), split into access units, and
 * the reference decode's per-frame MD5s (ffmpeg framemd5 = MD5 of the packed yuv420p picture).
 *
 * <p>Immutable after construction and safe to share between threads; {@link #of} caches.
 */
public final class ReferenceStream {
    public static final int FPS = 30;
    public static final int GOP = 30;
    /** Three GOPs; the feeder loops the clip, and the loop point is an IDR. */
    static final int FRAMES = 90;

    private static final Map<String, ReferenceStream> CACHE = new ConcurrentHashMap<>();
    private static Path workRoot;

    private final int width;
    private final int height;
    private final int fps;
    private final int gop;
    private final byte[] original;
    private final List<byte[]> accessUnits;
    private final List<List<NalUnit>> nals;
    private final List<String> frameMd5;
    private final Map<String, Integer> indexOfMd5;

    private ReferenceStream(int width, int height, int fps, int gop, byte[] original,
            List<byte[]> accessUnits, List<List<NalUnit>> nals, List<String> frameMd5) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.gop = gop;
        this.original = original;
        this.accessUnits = accessUnits;
        this.nals = nals;
        this.frameMd5 = frameMd5;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < frameMd5.size(); i++) {
            index.putIfAbsent(frameMd5.get(i), i);
        }
        this.indexOfMd5 = index;
    }

    /** The stream for {@code width x height}, generated on first use. */
    public static ReferenceStream of(int width, int height) {
        return of(width, height, FPS, GOP);
    }

    /**
     * The stream for {@code width x height} at {@code fps} with an IDR every {@code gop} frames
     * (three GOPs long), generated on first use; e.g. an NVR sub stream at a lower frame rate.
     */
    public static ReferenceStream of(int width, int height, int fps, int gop) {
        return CACHE.computeIfAbsent(width + "x" + height + "@" + fps + "/" + gop,
                k -> generate(width, height, fps, gop));
    }

    /**
     * A fresh directory for one test's files, under one shared root in the temp directory. Its
     * owner deletes it ({@link #deleteTree}) when done: client outputs (raw 720p video among
     * them) must not pile up.
     */
    public static synchronized Path newWorkDir(String label) {
        try {
            if (workRoot == null) {
                workRoot = Files.createDirectories(
                        Path.of(System.getProperty("java.io.tmpdir"), "camstream-conformance"));
            }
            return Files.createTempDirectory(workRoot, label + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree, best effort. */
    public static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // leave it; it is a temp directory
        }
    }

    private static ReferenceStream generate(int width, int height, int fps, int gop) {
        int frames = 3 * gop;
        String size = width + "x" + height + (fps == FPS && gop == GOP ? "" : "-" + fps + "fps");
        Path dir = newWorkDir("reference-" + size);
        Path file = dir.resolve("reference-" + size + ".h264");
        String ffmpeg = Tools.require(Tools.FFMPEG);
        try (ClientProcess enc = ClientProcess.start("x264-" + size, List.of(ffmpeg, "-hide_banner",
                "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-frames:v",
                Integer.toString(frames),
                "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast",
                "-x264-params", "keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0",
                "-pix_fmt", "yuv420p", "-f", "h264", file.toString()), dir)) {
            assertThat(enc.awaitExit(Duration.ofSeconds(60)))
                    .as("ffmpeg/libx264 encode of the reference clip: %s", enc.stderr()).isZero();
        }
        List<String> md5;
        try (ClientProcess dec = ClientProcess.start("framemd5-" + size, List.of(ffmpeg,
                "-hide_banner", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "framemd5",
                "-"), dir)) {
            assertThat(dec.awaitExit(Duration.ofSeconds(60)))
                    .as("reference decode: %s", dec.stderr()).isZero();
            md5 = FrameMd5.hashes(dec.stdout());
        }
        byte[] stream;
        try {
            stream = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<NalUnit>> units = AnnexB.accessUnits(AnnexB.split(stream));
        List<byte[]> aus = sliceAccessUnits(stream, units);
        assertThat(units).as("access units in the reference clip").hasSize(frames);
        assertThat(md5).as("frames in the reference decode").hasSize(frames);
        deleteTree(dir); // everything needed is in memory now
        return new ReferenceStream(width, height, fps, gop, stream, Collections.unmodifiableList(aus),
                Collections.unmodifiableList(units), Collections.unmodifiableList(md5));
    }

    /**
     * Cuts the original bytes (start codes as x264 wrote them, 3- and 4-byte) into access units:
     * each ends where its last NAL unit ends, the next begins right after.
     */
    private static List<byte[]> sliceAccessUnits(byte[] stream, List<List<NalUnit>> units) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        int search = 0;
        for (List<NalUnit> unit : units) {
            int end = search;
            for (NalUnit nal : unit) {
                int at = indexOf(stream, nal.bytes(), end);
                end = at + nal.length();
            }
            byte[] au = new byte[end - from];
            System.arraycopy(stream, from, au, 0, au.length);
            out.add(au);
            from = end;
            search = end;
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("NAL unit not found in its own stream");
    }

    /**
     * The same pictures with SPS and PPS only in access unit 0: the later IDR access units lack
     * them, so a server must prepend them for a client that starts there (the decode is
     * identical). Access units are rewritten with 4-byte start codes; {@link #writeOriginal}
     * still writes the x264 original.
     */
    ReferenceStream withParameterSetsOnlyInFirstAccessUnit() {
        List<byte[]> aus = new ArrayList<>();
        List<List<NalUnit>> units = new ArrayList<>();
        for (int i = 0; i < frameCount(); i++) {
            List<NalUnit> unit = new ArrayList<>(nals.get(i));
            if (i > 0) {
                unit.removeIf(NalUnit::isParameterSet);
            }
            units.add(Collections.unmodifiableList(unit));
            aus.add(AnnexB.join(unit));
        }
        return new ReferenceStream(width, height, fps, gop, original, Collections.unmodifiableList(aus),
                Collections.unmodifiableList(units), frameMd5);
    }

    /** The SPS and the PPS of the clip (from access unit 0), in that order. */
    List<NalUnit> parameterSets() {
        return nals.get(0).stream().filter(NalUnit::isParameterSet).toList();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Frames per second the clip was encoded for and is fed at ({@link Feeder}). */
    public int fps() {
        return fps;
    }

    /** Frames from one IDR to the next. */
    public int gop() {
        return gop;
    }

    /** Writes the byte stream x264 produced (for a derived clip, its original's) into {@code dir}. */
    Path writeOriginal(Path dir) {
        try {
            return Files.write(dir.resolve("reference-" + width + "x" + height + ".h264"), original);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int frameCount() {
        return accessUnits.size();
    }

    /** Bytes of a yuv420p picture (packed planes), as framemd5 and an I420 filesink write them. */
    public int frameBytes() {
        return width * height * 3 / 2;
    }

    /** The Annex-B access unit {@code index}; a copy, which the caller owns. */
    public byte[] accessUnit(int index) {
        return accessUnits.get(index).clone();
    }

    List<NalUnit> nalUnits(int index) {
        return nals.get(index);
    }

    public boolean isIdr(int index) {
        return nals.get(index).stream().anyMatch(NalUnit::isIdr);
    }

    public String frameMd5(int index) {
        return frameMd5.get(index);
    }

    /** The clip index of the frame whose decoded picture has this MD5, or -1. */
    public int indexOfMd5(String md5) {
        return indexOfMd5.getOrDefault(md5, -1);
    }

    public static String md5(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data, offset, length);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that {@code decoded} is exactly {@code expected} pictures equal, in order, to the
     * reference decode from one IDR on (cyclically, as the feeder loops the clip): nothing lost,
     * repeated, reordered or corrupted. Returns the clip index of the first picture.
     */
    public int assertContiguousRunFromIdr(String client, List<String> decoded, int expected) {
        assertThat(decoded).as("%s: number of decoded pictures", client).hasSize(expected);
        int first = indexOfMd5(decoded.get(0));
        assertThat(first).as("%s: first decoded picture %s is not a picture of the %dx%d clip",
                client, decoded.get(0), width, height).isGreaterThanOrEqualTo(0);
        assertThat(isIdr(first)).as("%s: first decoded picture is clip frame %d, not an IDR",
                client, first).isTrue();
        for (int k = 0; k < decoded.size(); k++) {
            int want = (first + k) % frameCount();
            if (!decoded.get(k).equals(frameMd5(want))) {
                throw new AssertionError(client + ": picture " + k + " should be clip frame " + want
                        + " (run started at IDR frame " + first + ") but is "
                        + describe(decoded.get(k)) + "; decoded run: " + describeAll(decoded));
            }
        }
        return first;
    }

    private String describe(String md5) {
        int i = indexOfMd5(md5);
        return i < 0 ? "not a reference picture (" + md5 + ")" : "clip frame " + i;
    }

    private String describeAll(List<String> decoded) {
        StringBuilder sb = new StringBuilder("[");
        for (String d : decoded) {
            int i = indexOfMd5(d);
            sb.append(i < 0 ? "?" : Integer.toString(i)).append(' ');
        }
        return sb.append(']').toString();
    }
}
