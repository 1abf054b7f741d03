package org.camstream.conformance.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Small classes compiled by the JDK's javac for the checks to reject or pass. */
final class JavacFixture {

    private JavacFixture() {
    }

    /**
     * Compiles {@code sources} (path -> text) at {@code release} into {@code dir/classes} and returns that
     * directory; each stub module is an empty module the sources may require.
     */
    static Path compile(Path dir, String release, Map<String, String> sources, String... stubModules)
            throws IOException {
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("--release", release, "-d", classes.toString()));
        for (String stub : stubModules) {
            Path stubSrc = dir.resolve("stub-src").resolve(stub);
            Files.createDirectories(stubSrc);
            Files.writeString(stubSrc.resolve("module-info.java"), "module " + stub + " { }");
            javac(List.of("--release", release, "-d", dir.resolve("stub").resolve(stub).toString(),
                    stubSrc.resolve("module-info.java").toString()));
            args.addAll(List.of("--module-path", dir.resolve("stub").toString()));
        }
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(s.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        javac(args);
        return classes;
    }

    private static void javac(List<String> args) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = javac.run(null, log, log, args.toArray(String[]::new));
        assertThat(rc).as("javac %s: %s", args, log).isZero();
    }
}
