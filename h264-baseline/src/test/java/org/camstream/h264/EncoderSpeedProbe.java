package org.camstream.h264;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Manual speed probe (not a test: it asserts nothing and never runs under surefire). Encodes a raw
 * I420 clip once to warm up, then again on a fresh encoder, and prints wall and thread-CPU fps,
 * bitrate, mean luma PSNR of the reconstruction (= the decoder's output) against the source and a
 * hash of the stream, which shows whether a change altered the bitstream at all.
 *
 * <pre>
 * mvn -q -B test-compile -pl h264-baseline
 * java -cp h264-baseline/target/classes:h264-baseline/target/test-classes \
 *     [-Dpreset=FAST] [-Dthreads=1] [-DqpMin=10] \
 *     org.camstream.h264.EncoderSpeedProbe clip.yuv 320 240 [frames=300] [bitrate=500000] [passes=1]
 * </pre>
 */
public final class EncoderSpeedProbe {
    private EncoderSpeedProbe() {
    }

    public static void main(String[] args) throws IOException, ReflectiveOperationException, NoSuchAlgorithmException {
        String file = args[0];
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        int frames = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int bitrate = args.length > 4 ? Integer.parseInt(args[4]) : 500_000;
        int passes = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        byte[][][] yuv = readI420(file, w, h, frames);
        byte[][] y = yuv[0], u = yuv[1], v = yuv[2];
        EncoderConfig cfg = EncoderConfig.builder().fps(30).bitrate(bitrate)
                .preset(Preset.valueOf(System.getProperty("preset", "FAST")))
                .threads(Integer.getInteger("threads", 1)).qpMin(Integer.getInteger("qpMin", 10)).build();
        run(w, h, frames, cfg, y, u, v, false); // warm-up
        for (int p = 0; p < passes; p++) {
            run(w, h, frames, cfg, y, u, v, true);
        }
    }

    /** The first {@code frames} frames of a raw I420 clip as {y, u, v} planes per frame; also used by {@link QualityProbe}. */
    static byte[][][] readI420(String file, int w, int h, int frames) throws IOException {
        int ySize = w * h, cSize = (w / 2) * (h / 2);
        byte[][] y = new byte[frames][ySize], u = new byte[frames][cSize], v = new byte[frames][cSize];
        try (DataInputStream in = new DataInputStream(new FileInputStream(file))) {
            for (int f = 0; f < frames; f++) {
                in.readFully(y[f]);
                in.readFully(u[f]);
                in.readFully(v[f]);
            }
        }
        return new byte[][][] {y, u, v};
    }

    private static void run(int w, int h, int frames, EncoderConfig cfg, byte[][] y, byte[][] u, byte[][] v,
            boolean print) throws ReflectiveOperationException, NoSuchAlgorithmException {
        // ThreadMXBean reached reflectively: the module under test does not read java.management
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method cpu = Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] ry = new byte[w * h], ru = new byte[(w / 2) * (h / 2)], rv = new byte[ru.length];
        long bytes = 0;
        double psnrSum = 0, psnrU = 0, psnrV = 0;
        long qpSum = 0;
        long encNanos = 0, encCpu = 0;
        try (H264Encoder enc = new H264Encoder(w, h, cfg)) {
            byte[] out = new byte[enc.maxAccessUnitSize()];
            for (int f = 0; f < frames; f++) {
                long t0 = System.nanoTime(), c0 = (long) cpu.invoke(mx);
                int n = enc.encodeI420(y[f], u[f], v[f], out, 0);
                encCpu += (long) cpu.invoke(mx) - c0;
                encNanos += System.nanoTime() - t0;
                bytes += n;
                md.update(out, 0, n);
                if (print) {
                    enc.reconstruction(ry, ru, rv);
                    psnrSum += psnr(y[f], ry);
                    psnrU += psnr(u[f], ru);
                    psnrV += psnr(v[f], rv);
                    qpSum += enc.lastQp();
                }
            }
        }
        if (!print) {
            return;
        }
        byte[] d = md.digest();
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            hex.append(String.format("%02x", d[i]));
        }
        System.out.printf("%s t%d ", cfg.preset(), cfg.threads());
        System.out.printf("%dx%d frames=%d wallFps=%.1f cpuFps=%.1f kbps=%.1f psnrY=%.3f U=%.2f V=%.2f qp=%.1f sha=%s%n",
                w, h, frames, frames / (encNanos / 1e9), frames / (encCpu / 1e9),
                bytes * 8.0 * cfg.fps() / frames / 1000.0, psnrSum / frames, psnrU / frames, psnrV / frames,
                (double) qpSum / frames, hex);
    }

    private static double psnr(byte[] a, byte[] b) {
        long se = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            se += d * d;
        }
        if (se == 0) {
            return 100;
        }
        double mse = (double) se / a.length;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
