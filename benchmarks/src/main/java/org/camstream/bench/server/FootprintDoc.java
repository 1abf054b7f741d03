package org.camstream.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The footprint section of {@code docs/benchmarks.md}: everything between {@code <!-- footprint:begin -->}
 * and {@code <!-- footprint:end -->} is generated. Inside, the per-client part ({@link FootprintHarness})
 * and the soak ({@link FootprintSoak}) each own a block between their own markers, so running one
 * leaves the other's figures in place. The section is appended at the end of the file the first time.
 */
final class FootprintDoc {
    static final String BEGIN = "<!-- footprint:begin -->";
    static final String END = "<!-- footprint:end -->";

    private FootprintDoc() {
    }

    /** Replaces block {@code name} (clients or soak) inside the footprint section with {@code body}. */
    static void write(Path file, String name, String body) throws IOException {
        String doc = Files.exists(file) ? Files.readString(file) : "";
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        String section;
        if (b < 0 || e < b) {
            section = "\n" + BEGIN + "\n" + block("clients", "_(not run yet)_\n") + "\n" + block("soak", "_(not run yet)_\n") + END + "\n";
            doc = doc + (doc.endsWith("\n") ? "" : "\n") + section;
            b = doc.indexOf(BEGIN);
            e = doc.indexOf(END);
        }
        section = doc.substring(b, e);
        String open = "<!-- footprint-" + name + ":begin (generated; edits inside are overwritten) -->";
        String close = "<!-- footprint-" + name + ":end -->";
        int ob = section.indexOf(open);
        int oe = section.indexOf(close);
        String replaced;
        if (ob < 0 || oe < ob) {
            replaced = section + block(name, body);
        } else {
            replaced = section.substring(0, ob) + open + "\n\n" + body + "\n" + section.substring(oe);
        }
        Files.writeString(file, doc.substring(0, b) + replaced + doc.substring(e));
    }

    private static String block(String name, String body) {
        return "<!-- footprint-" + name + ":begin (generated; edits inside are overwritten) -->\n\n" + body + "\n"
                + "<!-- footprint-" + name + ":end -->\n";
    }
}
