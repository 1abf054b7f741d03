package org.camstream.conformance.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.mojo.animal_sniffer.SignatureChecker;
import org.codehaus.mojo.animal_sniffer.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parent POM's Android API 24 check (animal-sniffer with the android-api-level-24 signature) rejects
 * what Java 11 has but Android 7.0 lacks, and passes the Java 11 spellings that Android 7.0 has. The same
 * checker and signature run here on classes compiled at release 11 as the plugin runs on the product.
 */
class AndroidSignatureCanFailTest {

    @TempDir
    Path dir;

    @Test
    void apisNewerThanAndroid24AreReported() throws IOException {
        List<String> errors = check(Map.of("p/Newer.java", """
                package p;
                import java.lang.invoke.MethodHandles;
                import java.lang.invoke.VarHandle;
                import java.nio.ByteBuffer;
                import java.nio.ByteOrder;
                import java.util.Base64;
                import java.util.List;
                public class Newer {
                    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
                    public static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }
                    public static String strip(String s) { return s.strip(); }
                    public static List<String> one(String s) { return List.of(s); }
                    public static long unsigned(int i) { return Integer.toUnsignedLong(i); }
                    public static ByteBuffer flip(ByteBuffer b) { return b.flip(); }
                }
                """));

        assertThat(errors)
                .anySatisfy(e -> assertThat(e).contains("java.util.Base64"))
                .anySatisfy(e -> assertThat(e).contains("VarHandle"))
                .anySatisfy(e -> assertThat(e).contains("String.strip()"))
                .anySatisfy(e -> assertThat(e).contains("java.util.List.of(Object)"))
                .anySatisfy(e -> assertThat(e).contains("Integer.toUnsignedLong(int)"))
                .anySatisfy(e -> assertThat(e).contains("java.nio.ByteBuffer.flip()"));
    }

    /** String.join is API 26 too: the same fixture with it is reported. */
    @Test
    void stringJoinIsReported() throws IOException {
        List<String> errors = check(Map.of("p/Join.java",
                "package p; public class Join { public static String j(Iterable<String> s) { return String.join(\",\", s); } }"));

        assertThat(errors).singleElement().asString().endsWith("Undefined reference: String String.join(CharSequence, Iterable)");
    }

    @Test
    void theAndroid24SpellingsPass() throws IOException {
        List<String> errors = check(Map.of("p/Older.java", """
                package p;
                import java.nio.Buffer;
                import java.nio.ByteBuffer;
                import java.nio.channels.DatagramChannel;
                import java.util.ArrayList;
                import java.util.Collections;
                import java.util.List;
                public class Older {
                    public static String trim(String s) { return s.trim(); }
                    public static List<String> one(String s) { return Collections.singletonList(s); }
                    public static long unsigned(int i) { return i & 0xFFFF_FFFFL; }
                    public static ByteBuffer flip(ByteBuffer b) { ((Buffer) b).flip(); return b; }
                    public static DatagramChannel bind(DatagramChannel c) throws java.io.IOException {
                        return c.bind(null);
                    }
                    public static String joined(List<String> parts) {
                        List<String> out = new ArrayList<>();
                        parts.forEach(p -> out.add("<" + p + ">"));
                        return out.toString();
                    }
                }
                """));

        assertThat(errors).isEmpty();
    }

    /** Runs the checker as the plugin does; the fixtures' own package is known, like a project's own classes. */
    private List<String> check(Map<String, String> sources) throws IOException {
        Path classes = JavacFixture.compile(dir, "11", sources);
        String signature = System.getProperty("camstream.android.signature");
        assertThat(signature).as("system property camstream.android.signature (set by conformance-tests/pom.xml)")
                .isNotBlank();
        List<String> errors = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(signature))) {
            SignatureChecker checker = new SignatureChecker(in, Set.of("p.*"), new CollectingLogger(errors));
            checker.setSourcePath(List.of());
            checker.setAnnotationTypes(List.of());
            checker.process(classes.toFile());
            assertThat(checker.isSignatureBroken()).isEqualTo(!errors.isEmpty());
        }
        return errors;
    }

    /** Keeps animal-sniffer's errors; its other output is not needed. */
    private record CollectingLogger(List<String> errors) implements Logger {
        @Override public void info(String message) { }
        @Override public void info(String message, Throwable t) { }
        @Override public void debug(String message) { }
        @Override public void debug(String message, Throwable t) { }
        @Override public void warn(String message) { }
        @Override public void warn(String message, Throwable t) { }
        @Override public void error(String message) { errors.add(message); }
        @Override public void error(String message, Throwable t) { errors.add(message); }
    }
}
