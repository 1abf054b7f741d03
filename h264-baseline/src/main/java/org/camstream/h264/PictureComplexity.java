package org.camstream.h264;

/**
 * How hard a picture is to code as intra, measured on the source before it is coded: the sum over its
 * 4x4 luma blocks of the absolute 2-D Hadamard coefficients without the DC one (halved, as
 * {@link IntraAnalysis#satd4x4} sums them). Intra prediction removes mostly what the DC term carries, so
 * this sum follows the Intra residual that the IDR picture's bits pay for; the {@link RateControl} scales it
 * into a bit estimate (an encoder choice, like the SATD costs of x264's lookahead; the standard is silent).
 *
 * <p>Stateless; reads the source plane only; allocation-free.
 */
final class PictureComplexity {
    private PictureComplexity() {
    }

    /**
     * @param y      luma plane, {@code stride} bytes per row
     * @param width  samples per row to measure (a multiple of 4)
     * @param height rows to measure (a multiple of 4)
     * @return the picture's summed AC SATD
     */
    static long intraSatd(byte[] y, int stride, int width, int height) {
        long sum = 0;
        for (int by = 0; by < height; by += 4) {
            for (int bx = 0; bx < width; bx += 4) {
                sum += acSatd4x4(y, by * stride + bx, stride);
            }
        }
        return sum;
    }

    private static int acSatd4x4(byte[] y, int off, int stride) {
        int s = 0;
        // rows: 1-D Hadamard of each row into t, then columns, summing magnitudes
        int t00, t01, t02, t03, t10, t11, t12, t13, t20, t21, t22, t23, t30, t31, t32, t33;
        {
            int a = y[off] & 0xFF, b = y[off + 1] & 0xFF, c = y[off + 2] & 0xFF, d = y[off + 3] & 0xFF;
            int p = a + b, q = c + d, r = a - b, u = c - d;
            t00 = p + q; t01 = p - q; t02 = r + u; t03 = r - u;
        }
        {
            int o = off + stride;
            int a = y[o] & 0xFF, b = y[o + 1] & 0xFF, c = y[o + 2] & 0xFF, d = y[o + 3] & 0xFF;
            int p = a + b, q = c + d, r = a - b, u = c - d;
            t10 = p + q; t11 = p - q; t12 = r + u; t13 = r - u;
        }
        {
            int o = off + 2 * stride;
            int a = y[o] & 0xFF, b = y[o + 1] & 0xFF, c = y[o + 2] & 0xFF, d = y[o + 3] & 0xFF;
            int p = a + b, q = c + d, r = a - b, u = c - d;
            t20 = p + q; t21 = p - q; t22 = r + u; t23 = r - u;
        }
        {
            int o = off + 3 * stride;
            int a = y[o] & 0xFF, b = y[o + 1] & 0xFF, c = y[o + 2] & 0xFF, d = y[o + 3] & 0xFF;
            int p = a + b, q = c + d, r = a - b, u = c - d;
            t30 = p + q; t31 = p - q; t32 = r + u; t33 = r - u;
        }
        s += IntraAnalysis.col(t00, t10, t20, t30) - Math.abs(t00 + t10 + t20 + t30); // without the DC coefficient
        s += IntraAnalysis.col(t01, t11, t21, t31);
        s += IntraAnalysis.col(t02, t12, t22, t32);
        s += IntraAnalysis.col(t03, t13, t23, t33);
        return s >> 1;
    }
}
