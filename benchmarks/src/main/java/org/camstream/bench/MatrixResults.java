package org.camstream.bench;

import java.io.Serializable;
import java.util.List;
import org.camstream.bench.MatrixOptions.Size;
import org.camstream.h264.Preset;

/** What the preset benchmark measured, as plain values (NaN = not measured or failed). */
final class MatrixResults {
    private MatrixResults() {
    }

    /**
     * Everything one run measured, written to {@code <work>/results.ser} after every size and at the end, so
     * that the report can be written again ({@code --report-from}) without measuring again.
     */
    record Run(List<String> args, int availableProcessors, Report.Env env, List<Cell> cells, List<Jcodec> jcodec,
               List<String> failures) implements Serializable {
    }

    /**
     * One camstream preset in one cell. {@code cpuFps1}/{@code wallFps1}: threads = 1, per CPU second of the
     * encoding thread / per wall second; {@code wallFpsN}/{@code cpuFpsN}: threads = N, per wall second / per
     * CPU second of the process; {@code bitrate}, {@code psnrY}, {@code psnrYuv} of the 1-thread stream;
     * {@code bitrateN} of the N-thread stream (one slice per thread costs a few bits); {@code boundFpsN}: threads =
     * N, frames per CPU second of the busiest encoding thread, the most an idle machine could give.
     */
    record Cam(Preset preset, double cpuFps1, double wallFps1, double wallFpsN, double cpuFpsN, double bitrate,
               double psnrY, double psnrYuv, double bitrateN, String failure, double boundFpsN)
            implements Serializable {
        Cam(Preset preset, double cpuFps1, double wallFps1, double wallFpsN, double cpuFpsN, double bitrate,
            double psnrY, double psnrYuv, double bitrateN, String failure) {
            this(preset, cpuFps1, wallFps1, wallFpsN, cpuFpsN, bitrate, psnrY, psnrYuv, bitrateN, failure, Double.NaN);
        }

        static Cam failed(Preset p, String why) {
            double n = Double.NaN;
            return new Cam(p, n, n, n, n, n, n, n, n, why);
        }

        /** Frames per CPU second of the busiest thread with N threads (0 in results saved before it existed). */
        double boundFps() {
            return boundFpsN > 0 ? boundFpsN : Double.NaN;
        }

        boolean ok() {
            return failure == null;
        }
    }

    /** One x264 encode: achieved rate, quality, speed per CPU second of the ffmpeg process (utime). */
    record X264Point(double bitrate, double psnrY, double psnrYuv, double cpuFps) implements Serializable {
    }

    /** All encodes of one x264 preset in one cell (at the camstream presets' achieved rates). */
    record X264(String preset, List<X264Point> points, String failure) implements Serializable {
        /** Median CPU fps over the encodes of this cell. */
        double cpuFps() {
            double[] f = points.stream().mapToDouble(X264Point::cpuFps).filter(d -> !Double.isNaN(d)).toArray();
            return f.length == 0 ? Double.NaN : RateMath.median(f);
        }

        /** PSNR-Y (or YUV) at {@code rate}, read on the envelope of this cell's encodes ({@link RateMath#envelopeNear}). */
        double psnrAt(double rate, boolean yuv) {
            double[] r = points.stream().mapToDouble(X264Point::bitrate).toArray();
            double[] p = points.stream().mapToDouble(yuv ? X264Point::psnrYuv : X264Point::psnrY).toArray();
            return RateMath.envelopeNear(r, p, rate);
        }
    }

    /** One clip x size x target bitrate: every camstream preset and every x264 preset measured there. */
    record Cell(String clip, Size size, int frames, int rate, List<Cam> cam, List<X264> x264) implements Serializable {
        Cam cam(Preset p) {
            return cam.stream().filter(c -> c.preset() == p).findFirst().orElse(null);
        }

        X264 x264(String preset) {
            return x264.stream().filter(x -> x.preset().equals(preset)).findFirst().orElse(null);
        }

        String label() {
            return clip + " " + size + " " + Math.round(rate / 1e6) + " Mb/s";
        }
    }

    /** JCodec 0.2.5 at its default rate control (no bitrate target) on one clip and size, one thread. */
    record Jcodec(String clip, Size size, int frames, double cpuFps, double bitrate, double psnrY, double psnrYuv,
                  String failure) implements Serializable {
    }
}
