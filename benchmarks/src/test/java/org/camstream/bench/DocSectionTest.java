package org.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The encoder report replaces only its own section of docs/benchmarks.md (issue #3 item 6, #5 shares the file). */
class DocSectionTest {

    @Test
    void newFileGetsTheMarkedSectionOnly() {
        assertThat(DocSection.splice(null, "# Enc\nbody\n"))
                .isEqualTo(DocSection.BEGIN + "\n# Enc\nbody\n" + DocSection.END + "\n");
    }

    @Test
    void markersAreCreatedAtTheTopAndTheRestIsKept() {
        String server = "# Server benchmark\n\n| a | b |\n";
        String out = DocSection.splice(server, "enc");
        assertThat(out).startsWith(DocSection.BEGIN + "\nenc\n" + DocSection.END).endsWith(server);
    }

    @Test
    void onlyTheTextBetweenTheMarkersChanges() {
        String before = "intro by the lead\n\n";
        String after = "\n\n## Server (issue #5)\nfigures\n";
        String doc = before + DocSection.BEGIN + "\nold encoder report\nmore old\n" + DocSection.END + after;
        String out = DocSection.splice(doc, "new report\n");
        assertThat(out).isEqualTo(before + DocSection.BEGIN + "\nnew report\n" + DocSection.END + after);
        assertThat(out).doesNotContain("old encoder report");
    }

    /** Writing twice gives the same file as writing once: no growing duplicate sections. */
    @Property
    void spliceIsIdempotentAndKeepsTheOutside(@ForAll String prefix, @ForAll String suffix, @ForAll String section) {
        String p = prefix.replace("<!--", ""), s = suffix.replace("<!--", "");
        String sec = section.replace("<!--", "");
        String doc = p + DocSection.BEGIN + "\nold\n" + DocSection.END + s;
        String once = DocSection.splice(doc, sec);
        assertThat(DocSection.splice(once, sec)).isEqualTo(once);
        assertThat(once).startsWith(p).endsWith(s);
        assertThat(once.split(java.util.regex.Pattern.quote(DocSection.END), -1)).hasSize(2);
    }

    @Test
    void beginWithoutEndIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> DocSection.splice("x\n" + DocSection.BEGIN + "\nhalf", "new"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
