package org.camstream.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness rewrites only its own section of the docs page, and its derived figures are the stated ratios. */
class ReportTest {
    private static FanoutRow row(String server, int clients, long fed, long delivered, double mbps, double cpu) {
        return new FanoutRow(server, "UDP", clients, 10, fed, delivered, mbps, cpu, cpu / 2, 0, 500, 900, 10, 20, -1, 40, "");
    }

    @Test
    void derivedFigures() {
        FanoutRow r = row("camstream", 10, 300, 2700, 30, 1.5);
        assertThat(r.frameLoss()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.cpuMsPerMbit()).isCloseTo(1.5 * 1000 / (30 * 10), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.cpuPercent()).isCloseTo(15, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rewritesOnlyTheGeneratedSection(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("server-benchmarks.md");
        Files.writeString(md, "# Title\n\nintro\n\n" + Report.BEGIN + "\nold table\n" + Report.END + "\n\n## Notes\nkept\n");
        ClipAccessUnits clip = ClipAccessUnits.split(new byte[] {0, 0, 1, 0x65, (byte) 0x88, 0, 0, 1, 0x41, (byte) 0x9a});
        List<FanoutRow> rows = List.of(row("camstream", 1, 300, 300, 3, 0.2), row("gst-rtsp-server", 1, 300, 299, 3, 0.3));
        Report.writeMarkdown(md, rows, List.of(), List.of(), clip, "0.1", "0.2", "ffmpeg ...", Instant.EPOCH);
        Report.writeMarkdown(md, rows, List.of(), List.of(), clip, "0.1", "0.2", "ffmpeg ...", Instant.EPOCH); // idempotent
        String text = Files.readString(md);
        assertThat(text).startsWith("# Title\n\nintro\n\n" + Report.BEGIN).endsWith(Report.END + "\n\n## Notes\nkept\n");
        assertThat(text).doesNotContain("old table");
        assertThat(text.split(java.util.regex.Pattern.quote(Report.BEGIN), -1)).hasSize(2);
        assertThat(text).contains("| gst-rtsp-server | UDP | 1 |").contains("0.33 %");
    }
}
