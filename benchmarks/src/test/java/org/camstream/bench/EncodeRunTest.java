package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Speed figures of one encode. */
class EncodeRunTest {
    @Test
    void fpsPerWallPerCpuAndPerBusiestThread() {
        EncodeRun r = new EncodeRun(1000, 60, 3_000_000_000L, 2.4, 1.2);
        assertThat(r.fps()).isEqualTo(20);
        assertThat(r.cpuFps()).isEqualTo(25);
        assertThat(r.busiestThreadFps()).isEqualTo(50);
    }

    @Test
    void oneThreadHasNoBusiestThreadFigure() {
        assertThat(new EncodeRun(1000, 60, 3_000_000_000L, 2.4).busiestThreadFps()).isNaN();
    }
}
