package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** PSNR as defined in {@link Psnr}: per frame, from squared error, Y and all-planes, mean over frames. */
class PsnrTest {

    private static RawVideo clip(int w, int h, int frames, int yValue, int cValue) {
        RawVideo v = new RawVideo("t", w, h, 30, frames);
        for (int f = 0; f < frames; f++) {
            Arrays.fill(v.y[f], (byte) yValue);
            Arrays.fill(v.u[f], (byte) cValue);
            Arrays.fill(v.v[f], (byte) cValue);
        }
        return v;
    }

    private static byte[] i420(RawVideo v) {
        byte[] out = new byte[v.frames() * v.frameBytes()];
        int o = 0;
        for (int f = 0; f < v.frames(); f++) {
            System.arraycopy(v.y[f], 0, out, o, v.y[f].length);
            o += v.y[f].length;
            System.arraycopy(v.u[f], 0, out, o, v.u[f].length);
            o += v.u[f].length;
            System.arraycopy(v.v[f], 0, out, o, v.v[f].length);
            o += v.v[f].length;
        }
        return out;
    }

    @Test
    void identicalVideoIsCapped() throws IOException {
        RawVideo src = clip(16, 8, 3, 77, 200);
        Psnr.Quality q = Psnr.compare(src, new ByteArrayInputStream(i420(src)));
        assertThat(q.frames()).isEqualTo(3);
        assertThat(q.psnrY()).isEqualTo(Psnr.CAP_DB);
        assertThat(q.psnrYuv()).isEqualTo(Psnr.CAP_DB);
    }

    /** Every luma sample off by d, chroma exact: Y-PSNR = 10 log10(255^2 / d^2); YUV MSE = d^2 / 1.5. */
    @Property(tries = 50)
    void constantLumaErrorGivesTheTextbookValue(@ForAll @IntRange(min = 1, max = 100) int d) throws IOException {
        RawVideo src = clip(16, 16, 2, 100, 128);
        RawVideo dec = clip(16, 16, 2, 100 + d, 128);
        Psnr.Quality q = Psnr.compare(src, new ByteArrayInputStream(i420(dec)));
        assertThat(q.psnrY()).isCloseTo(20 * Math.log10(255.0 / d), within(1e-9));
        assertThat(q.psnrYuv()).isCloseTo(10 * Math.log10(255.0 * 255.0 * 1.5 / (d * d)), within(1e-9));
    }

    /** The clip figure is the mean of per-frame PSNRs, not the PSNR of the mean error. */
    @Test
    void averagesPerFramePsnr() throws IOException {
        RawVideo src = clip(8, 8, 2, 50, 128);
        RawVideo dec = clip(8, 8, 2, 50, 128);
        Arrays.fill(dec.y[1], (byte) 60); // frame 0 exact (100 dB), frame 1 off by 10
        Psnr.Quality q = Psnr.compare(src, new ByteArrayInputStream(i420(dec)));
        assertThat(q.psnrY()).isCloseTo((Psnr.CAP_DB + 20 * Math.log10(255.0 / 10)) / 2, within(1e-9));
    }

    @Test
    void frameCountMismatchIsAnError() {
        RawVideo src = clip(8, 8, 3, 50, 128);
        byte[] two = Arrays.copyOf(i420(src), 2 * src.frameBytes());
        assertThatThrownBy(() -> Psnr.compare(src, new ByteArrayInputStream(two)))
                .isInstanceOf(IOException.class).hasMessageContaining("2 of 3");
        byte[] partial = Arrays.copyOf(i420(src), 2 * src.frameBytes() + 10);
        assertThatThrownBy(() -> Psnr.compare(src, new ByteArrayInputStream(partial)))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }

    @Test
    void sseUsesUnsignedSamples() {
        byte[] a = {(byte) 255, 0};
        byte[] b = {0, (byte) 255};
        assertThat(Psnr.sse(a, b, 2)).isEqualTo(2L * 255 * 255);
    }
}
