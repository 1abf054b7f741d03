package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.camstream.bench.MatrixOptions.Size;
import org.camstream.h264.Preset;
import org.junit.jupiter.api.Test;

/** The preset benchmark's command line: the full matrix by default, subsets, and rejected values. */
class MatrixOptionsTest {
    @Test
    void defaultsAreTheWholeMatrixOfIssue13() {
        MatrixOptions o = MatrixOptions.parse(new String[0], 2);
        assertThat(o.presets).containsExactly(Preset.FASTEST, Preset.FAST, Preset.MEDIUM, Preset.QUALITY);
        assertThat(o.sizes).containsExactly(new Size(320, 240), new Size(640, 480), new Size(1280, 720));
        assertThat(o.clips).containsExactly(ClipSource.TESTSRC2, ClipSource.MANDELBROT, ClipSource.PAN,
                ClipSource.NOISE);
        assertThat(o.rates).containsExactly(1_000_000, 3_000_000);
        assertThat(o.x264).containsExactly("ultrafast", "veryfast");
        assertThat(o.threads).isEqualTo(2);
        assertThat(o.jcodec).isTrue();
        assertThat(o.framesFor(new Size(320, 240))).isEqualTo(150);
        assertThat(o.framesFor(new Size(640, 480))).isEqualTo(90);
        assertThat(o.framesFor(new Size(1280, 720))).isEqualTo(60);
    }

    @Test
    void subsetsParseCaseInsensitivelyWithoutDuplicates() {
        MatrixOptions o = MatrixOptions.parse(new String[] {"--presets", "fast,FASTEST,fast", "--sizes", "1280X720",
                "--clips", "Pan,noise", "--rates", "3000", "--x264", "veryfast", "--no-jcodec", "--threads", "4",
                "--runs", "3"}, 2);
        assertThat(o.presets).containsExactly(Preset.FAST, Preset.FASTEST);
        assertThat(o.sizes).containsExactly(new Size(1280, 720));
        assertThat(o.clips).containsExactly(ClipSource.PAN, ClipSource.NOISE);
        assertThat(o.rates).containsExactly(3_000_000);
        assertThat(o.x264).containsExactly("veryfast");
        assertThat(o.jcodec).isFalse();
        assertThat(o.threads).isEqualTo(4);
        assertThat(o.runs).isEqualTo(3);
        assertThat(o.args).startsWith("--presets fast,FASTEST,fast");
    }

    @Test
    void quickMeansOneRunAndFewFramesWhateverElseIsAsked() {
        MatrixOptions o = MatrixOptions.parse(new String[] {"--runs", "5", "--frames", "300", "--quick"}, 2);
        assertThat(o.runs).isEqualTo(1);
        assertThat(o.framesFor(new Size(1280, 720))).isEqualTo(MatrixOptions.QUICK_FRAMES);
        assertThat(MatrixOptions.parse(new String[] {"--frames", "300"}, 2).framesFor(new Size(320, 240)))
                .isEqualTo(300);
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--sizes", "320x241"}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("320x241");
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--clips", "cat"}, 2))
                .hasMessageContaining("cat");
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--presets", "SLOW"}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--x264", "placebo"}, 2))
                .hasMessageContaining("placebo");
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--runs", "0"}, 2)).hasMessageContaining("--runs");
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--runs"}, 2)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--rates", ","}, 2)).hasMessageContaining("empty");
        assertThatThrownBy(() -> MatrixOptions.parse(new String[] {"--bogus"}, 2)).hasMessageContaining("--bogus");
        assertThat(List.of(MatrixOptions.parse(new String[] {"--rates", "500"}, 2).rates.get(0))).containsExactly(500_000);
    }
}
