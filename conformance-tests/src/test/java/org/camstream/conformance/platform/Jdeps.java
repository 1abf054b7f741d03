package org.camstream.conformance.platform;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/** The JDK's jdeps, in process: which modules a jar's or directory's classes really use. */
final class Jdeps {

    private Jdeps() {
    }

    /** Modules that {@code jdeps -summary} finds the classes at {@code target} depend on. */
    static Set<String> moduleDependencies(Path target, List<Path> modulePath) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is missing: run the build on a full JDK"));
        List<String> args = new ArrayList<>();
        if (!modulePath.isEmpty()) {
            args.add("--module-path");
            args.add(modulePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        }
        args.add("-summary");
        args.add(target.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("jdeps " + args + " exited " + rc + ": " + err + out);
        }
        Set<String> modules = new TreeSet<>();
        for (String line : out.toString().split("\\R")) {
            int arrow = line.indexOf(" -> ");
            if (arrow > 0) {
                modules.add(line.substring(arrow + 4).trim());
            }
        }
        return modules;
    }
}
