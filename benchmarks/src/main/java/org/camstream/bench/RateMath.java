package org.camstream.bench;

import java.util.Arrays;

/**
 * Small pure helpers for the report: bitrate, median, rate-distortion interpolation, the peers' envelope
 * and the Bjøntegaard delta PSNR. Stateless.
 */
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
        return (s.length & 1) == 1 ? s[m] : s[m - 1] / 2 + s[m] / 2; // halves first: no overflow near MAX_VALUE
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

    /**
     * The generous rate-distortion envelope of a set of measured points: the Pareto front
     * ({@link #paretoFront}) by increasing rate, joined linearly in log rate. Along it PSNR rises with
     * rate, so its value at a rate R is at least the best PSNR of any point with rate <= R, and a
     * non-monotonic sweep is judged by its best points (the encoder could always have chosen them). It
     * passes through every undominated point: unlike a concave hull it never lifts a curve that is
     * convex in log rate (x264 on testsrc2 is) above what was measured.
     *
     * @return {rates, psnrs} of the front, by increasing rate (and so by increasing PSNR)
     */
    static double[][] upperEnvelope(double[] rates, double[] psnrs) {
        if (rates.length != psnrs.length) {
            throw new IllegalArgumentException("rates and psnrs differ in length");
        }
        int[] front = paretoFront(rates, psnrs);
        Integer[] order = new Integer[front.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = front[i];
        }
        Arrays.sort(order, (a, b) -> Double.compare(rates[a], rates[b]));
        double[] r = new double[order.length], p = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            r[i] = rates[order[i]];
            p[i] = psnrs[order[i]];
        }
        return new double[][] {r, p};
    }

    /**
     * PSNR on {@link #upperEnvelope} at {@code bitrate}: linear in log rate between neighbouring front
     * points; past the best point, that point's PSNR (more bits could have been wasted).
     *
     * @return NaN outside [lowest, highest measured rate] (no extrapolation)
     */
    static double envelopePsnr(double[] rates, double[] psnrs, double bitrate) {
        if (rates.length == 0) {
            return Double.NaN;
        }
        double lo = Arrays.stream(rates).min().orElseThrow(), hi = Arrays.stream(rates).max().orElseThrow();
        if (bitrate < lo || bitrate > hi) {
            return Double.NaN;
        }
        double[][] e = upperEnvelope(rates, psnrs);
        int last = e[0].length - 1;
        if (bitrate >= e[0][last]) {
            return e[1][last];
        }
        return psnrAtBitrate(e[0], e[1], bitrate); // e[0][0] == lo: the lowest-rate point is never dominated
    }

    /**
     * Bjøntegaard delta PSNR (VCEG-M33, "Calculation of average PSNR differences between RD-curves"):
     * the mean vertical distance, in dB, of curve A above curve B over the rate range both cover. Each
     * curve is fitted by least squares with a polynomial of degree min(3, points - 1) in PSNR over
     * log10(rate) (VCEG-M33 §2: a third-order polynomial through four points); the fits are integrated
     * over the overlap of the two log-rate ranges and the difference is divided by its width. Only the
     * points inside the overlap plus the nearest point outside it on each side take part in a fit, so a
     * long sweep far from the overlap does not bend the curve where it is compared (with four points
     * per curve, as in VCEG-M33, this is the same as fitting all of them).
     *
     * @return A minus B in dB, or NaN if the rate ranges do not overlap or a curve has fewer than 2 points
     */
    static double bdPsnr(double[] ratesA, double[] psnrA, double[] ratesB, double[] psnrB) {
        if (ratesA.length != psnrA.length || ratesB.length != psnrB.length) {
            throw new IllegalArgumentException("rates and psnrs differ in length");
        }
        if (ratesA.length < 2 || ratesB.length < 2) {
            return Double.NaN;
        }
        double lo = Math.max(min(ratesA), min(ratesB)), hi = Math.min(max(ratesA), max(ratesB));
        if (!(hi > lo)) {
            return Double.NaN;
        }
        double xlo = Math.log10(lo), xhi = Math.log10(hi);
        double mid = (xlo + xhi) / 2, half = (xhi - xlo) / 2; // fit in u = (x - mid) / half, well conditioned
        double[] a = fitAround(ratesA, psnrA, lo, hi, mid, half);
        double[] b = fitAround(ratesB, psnrB, lo, hi, mid, half);
        // mean over u in [-1, 1] of sum c_k u^k: odd powers integrate to 0, even k to 2 / (k + 1), over width 2
        double mean = 0;
        for (int k = 0; k < 4; k += 2) {
            mean += (coef(a, k) - coef(b, k)) / (k + 1);
        }
        return mean;
    }

    private static double coef(double[] c, int k) {
        return k < c.length ? c[k] : 0;
    }

    /** Least-squares polynomial (coefficients by power of u) through the points that bracket [lo, hi]. */
    private static double[] fitAround(double[] rates, double[] psnrs, double lo, double hi, double mid, double half) {
        double below = Double.NEGATIVE_INFINITY, above = Double.POSITIVE_INFINITY;
        for (double r : rates) {
            if (r <= lo) {
                below = Math.max(below, r);
            }
            if (r >= hi) {
                above = Math.min(above, r);
            }
        }
        int n = 0;
        double[] u = new double[rates.length], p = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] >= below && rates[i] <= above) {
                u[n] = (Math.log10(rates[i]) - mid) / half;
                p[n] = psnrs[i];
                n++;
            }
        }
        return polyFit(Arrays.copyOf(u, n), Arrays.copyOf(p, n), Math.min(3, distinct(u, n) - 1));
    }

    private static int distinct(double[] u, int n) {
        return (int) Arrays.stream(u, 0, n).distinct().count();
    }

    /** Least-squares fit of y by a polynomial of {@code degree} in x (normal equations, partial pivoting). */
    static double[] polyFit(double[] x, double[] y, int degree) {
        int m = degree + 1;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < x.length; i++) {
            double[] pw = new double[2 * m];
            pw[0] = 1;
            for (int k = 1; k < pw.length; k++) {
                pw[k] = pw[k - 1] * x[i];
            }
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) {
                    a[r][c] += pw[r + c];
                }
                a[r][m] += pw[r] * y[i];
            }
        }
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            for (int r = 0; r < m; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= m; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] coef = new double[m];
        for (int r = 0; r < m; r++) {
            coef[r] = a[r][m] / a[r][r];
        }
        return coef;
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    /** How far (as a rate ratio) {@link #envelopeNear} may extrapolate below the lowest encode. */
    static final double NEAR_EXTRAPOLATION = 1.10;
    /** Envelope points closer than this (rate ratio) to the lowest one give no slope to extrapolate with. */
    static final double MIN_EXTRAPOLATION_SPAN = 1.005;

    /**
     * PSNR of a peer at {@code bitrate} read on the upper envelope ({@link #upperEnvelope}) of its encodes,
     * for reading x264 at camstream's exact achieved rate after re-running it at that target: its ABR lands
     * a few per cent off (~6 dB per doubling makes 5 % worth ~0.4 dB), and encodes at nearly the same rate
     * can differ by dB (a different first-IDR QP), so the peer is judged by its best encodes.
     * Inside the measured range: linear in log rate between envelope points. Above it: the best encode's
     * PSNR (the peer reached it with fewer bits). Below it: the line through the lowest envelope point and the
     * next one at least {@link #MIN_EXTRAPOLATION_SPAN} above it (closer ones give a meaningless slope), no
     * further below the lowest rate than those two are apart, and at most {@link #NEAR_EXTRAPOLATION}.
     *
     * @return the PSNR, or NaN when there is no encode or the rate is too far below them
     */
    static double envelopeNear(double[] rates, double[] psnrs, double bitrate) {
        if (rates.length != psnrs.length) {
            throw new IllegalArgumentException("rates and psnrs differ in length");
        }
        int n = 0;
        double[] r = new double[rates.length], p = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] > 0 && !Double.isNaN(psnrs[i])) {
                r[n] = rates[i];
                p[n++] = psnrs[i];
            }
        }
        if (n == 0 || !(bitrate > 0)) {
            return Double.NaN;
        }
        double[][] e = upperEnvelope(Arrays.copyOf(r, n), Arrays.copyOf(p, n));
        double[] er = e[0], ep = e[1];
        int last = er.length - 1;
        if (bitrate >= er[last]) {
            return ep[last];
        }
        if (bitrate >= er[0]) {
            return psnrAtBitrate(er, ep, bitrate);
        }
        int k = 1;
        while (k <= last && er[k] < er[0] * MIN_EXTRAPOLATION_SPAN) {
            k++;
        }
        // no further below than the two points are apart: the error stays within their PSNR difference
        if (bitrate < er[0] / NEAR_EXTRAPOLATION || k > last || er[0] / bitrate > er[k] / er[0]) {
            return Double.NaN;
        }
        double t = Math.log(bitrate / er[0]) / Math.log(er[k] / er[0]);
        return ep[0] + t * (ep[k] - ep[0]);
    }
}
