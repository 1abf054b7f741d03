package org.camstream.bench;

import java.util.Arrays;

/** Small pure helpers for the report: bitrate, median, rate-distortion interpolation. Stateless. */
final class RateMath {
    private RateMath() {
    }

    /** Average bitrate in bits per second of {@code bytes} spread over {@code frames} frames at {@code fps}. */
    static double bitrate(long bytes, int frames, int fps) {
        if (frames <= 0 || fps <= 0) {
            throw new IllegalArgumentException("frames and fps must be positive, were " + frames + ", " + fps);
        }
        return bytes * 8.0 * fps / frames;
    }

    /** Median of a non-empty array (mean of the two middle values for an even count); does not modify it. */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of nothing");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return (s.length & 1) == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /**
     * Indices of the rate-distortion points not dominated by another point (one with no more bits and
     * at least as much PSNR, and better in one of the two), i.e. the best quality the encoder showed
     * for each rate. Used so that a non-monotonic sweep is judged by its best points.
     */
    static int[] paretoFront(double[] rates, double[] psnrs) {
        int[] keep = new int[rates.length];
        int n = 0;
        for (int i = 0; i < rates.length; i++) {
            boolean dominated = false;
            for (int j = 0; j < rates.length && !dominated; j++) {
                dominated = j != i && rates[j] <= rates[i] && psnrs[j] >= psnrs[i]
                        && (rates[j] < rates[i] || psnrs[j] > psnrs[i]);
            }
            if (!dominated) {
                keep[n++] = i;
            }
        }
        return Arrays.copyOf(keep, n);
    }

    /**
     * PSNR at {@code bitrate} on a rate-distortion curve given as points (rates[i], psnrs[i]): linear in
     * log(bitrate) between the two neighbouring points, the usual assumption behind BD-rate
     * comparisons (VCEG-M33). Points may come in any order.
     *
     * @return the interpolated PSNR, or NaN if {@code bitrate} lies outside [min rate, max rate] (no
     *         extrapolation: a comparison outside the measured range is reported as missing)
     */
    static double psnrAtBitrate(double[] rates, double[] psnrs, double bitrate) {
        if (rates.length != psnrs.length) {
            throw new IllegalArgumentException("rates and psnrs differ in length");
        }
        Integer[] order = new Integer[rates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(rates[a], rates[b]));
        for (int k = 0; k + 1 < order.length; k++) {
            double r0 = rates[order[k]], r1 = rates[order[k + 1]];
            if (bitrate >= r0 && bitrate <= r1) {
                if (r1 == r0) {
                    return Math.max(psnrs[order[k]], psnrs[order[k + 1]]);
                }
                double t = (Math.log(bitrate) - Math.log(r0)) / (Math.log(r1) - Math.log(r0));
                return psnrs[order[k]] + t * (psnrs[order[k + 1]] - psnrs[order[k]]);
            }
        }
        if (order.length == 1 && bitrate == rates[0]) {
            return psnrs[0];
        }
        return Double.NaN;
    }
}
