package org.camstream.h264;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Manual quality probe (not a test: it asserts nothing and never runs under surefire). Reads a raw
 * I420 clip (e.g. made with {@code ffmpeg -f lavfi -i testsrc2=... -pix_fmt yuv420p -f rawvideo}), encodes
 * it at each given bitrate (fps 30, gop 30) on a fresh encoder and prints the achieved kb/s, the mean
 * per-frame Y-PSNR and YUV-PSNR (summed squared error over all 1.5 w h samples) of the encoder's
 * reconstruction (which equals a conforming decoder's output, see the conformance tests) against the
 * source, the mean P- and I-frame QP and sizes, and thread-CPU fps (no warm-up unless asked, so
 * treat fps as rough).
 *
 * <pre>
 * mvn -q -B test-compile -pl h264-baseline
 * java -cp h264-baseline/target/classes:h264-baseline/target/test-classes \
 *     org.camstream.h264.QualityProbe clip.yuv 640 480 150 500000,1000000,3000000 [warm] [frames]
 * </pre>
 * With {@code frames} as sixth argument, every frame's type, QP, size and Y-PSNR is printed too.
 */
public final class QualityProbe {
    private QualityProbe() {
    }

    private static byte[][] clean;

    private static byte[][] readY(String file, int w, int h, int frames) throws IOException {
        byte[][] y = new byte[frames][w * h];
        byte[] c = new byte[(w / 2) * (h / 2) * 2];
        try (DataInputStream in = new DataInputStream(new FileInputStream(file))) {
            for (int f = 0; f < frames; f++) {
                in.readFully(y[f]);
                in.readFully(c);
            }
        }
        return y;
    }

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        String file = args[0];
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        int frames = Integer.parseInt(args[3]);
        String[] rates = args[4].split(",");
        boolean warm = args.length > 5 && args[5].equals("warm");
        boolean perFrame = args.length > 6 && args[6].equals("frames");
        // optional seventh argument: a clean clip of the same size, for the Y-PSNR of the reconstruction
        // against it (how much of the source noise the reconstruction carries)
        clean = args.length > 7 ? readY(args[7], w, h, frames) : null;
        byte[][][] yuv = EncoderSpeedProbe.readI420(file, w, h, frames);
        byte[][] y = yuv[0], u = yuv[1], v = yuv[2];
        String name = file.substring(file.lastIndexOf('/') + 1);
        for (String r : rates) {
            int bitrate = Integer.parseInt(r.trim());
            EncoderConfig cfg = EncoderConfig.builder().fps(30).gop(30).bitrate(bitrate).build();
            if (warm) {
                run(name, w, h, frames, cfg, y, u, v, false, false);
            }
            run(name, w, h, frames, cfg, y, u, v, true, perFrame);
        }
    }

    private static void run(String name, int w, int h, int frames, EncoderConfig cfg, byte[][] y, byte[][] u,
            byte[][] v, boolean print, boolean perFrame) throws ReflectiveOperationException {
        // ThreadMXBean reached reflectively: the module under test does not read java.management
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method cpu = Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime");
        byte[] ry = new byte[w * h], ru = new byte[(w / 2) * (h / 2)], rv = new byte[ru.length];
        long bytes = 0, bytesI = 0;
        int nI = 0, nP = 0;
        long qpI = 0, qpP = 0;
        double psnrY = 0, psnrYuv = 0, psnrClean = 0, psnrYI = 0;
        long encCpu = 0;
        try (H264Encoder enc = new H264Encoder(w, h, cfg)) {
            byte[] out = new byte[enc.maxAccessUnitSize()];
            for (int f = 0; f < frames; f++) {
                long c0 = (long) cpu.invoke(mx);
                int n = enc.encodeI420(y[f], u[f], v[f], out, 0);
                encCpu += (long) cpu.invoke(mx) - c0;
                bytes += n;
                if (enc.keyframe()) {
                    nI++;
                    qpI += enc.lastQp();
                    bytesI += n;
                } else {
                    nP++;
                    qpP += enc.lastQp();
                }
                if (print) {
                    enc.reconstruction(ry, ru, rv);
                    long seY = se(y[f], ry);
                    long seAll = seY + se(u[f], ru) + se(v[f], rv);
                    double py = psnr(seY, ySizeOf(w, h));
                    psnrY += py;
                    psnrYI += enc.keyframe() ? py : 0;
                    double pc = clean == null ? 0 : psnr(se(clean[f], ry), ySizeOf(w, h));
                    psnrClean += pc;
                    psnrYuv += psnr(seAll, ySizeOf(w, h) + 2L * ru.length);
                    if (perFrame) {
                        System.out.printf(Locale.ROOT, "  f%03d %s qp=%d bytes=%d psnrY=%.2f clean=%.2f%n", f,
                                enc.keyframe() ? "I" : "P", enc.lastQp(), n, py, pc);
                    }
                }
            }
        }
        if (!print) {
            return;
        }
        System.out.printf(Locale.ROOT,
                "%-14s %dx%d target=%5d kbps=%7.1f Y=%.3f YUV=%.3f (I %.2f P %.2f) qpI=%.1f qpP=%.1f Ikb=%.1f Pkb=%.1f cpuFps=%.1f%s%n",
                name, w, h, cfg.bitrate() / 1000, bytes * 8.0 * cfg.fps() / frames / 1000.0, psnrY / frames,
                psnrYuv / frames, nI == 0 ? 0.0 : psnrYI / nI, nP == 0 ? 0.0 : (psnrY - psnrYI) / nP, nI == 0 ? 0.0 : (double) qpI / nI, nP == 0 ? 0.0 : (double) qpP / nP,
                nI == 0 ? 0.0 : bytesI * 8.0 / nI / 1000, nP == 0 ? 0.0 : (bytes - bytesI) * 8.0 / nP / 1000,
                frames / (encCpu / 1e9),
                clean == null ? "" : String.format(Locale.ROOT, " Yclean=%.3f", psnrClean / frames));
    }

    private static long ySizeOf(int w, int h) {
        return (long) w * h;
    }

    private static long se(byte[] a, byte[] b) {
        long se = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            se += d * d;
        }
        return se;
    }

    /** Identical planes count as 100 dB, as in the benchmark. */
    private static double psnr(long se, long samples) {
        if (se == 0) {
            return 100;
        }
        return 10 * Math.log10(255.0 * 255.0 * samples / se);
    }
}
