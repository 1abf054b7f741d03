package org.camstream.conformance.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rule of {@link ProductBytecodeTest} rejects a class that breaks it, and passes one that does not:
 * the fixtures are compiled here by the JDK's javac (at release 11 or 17) and read back from disk exactly
 * like the product jars.
 */
class ProductRulesCanFailTest {

    @TempDir
    Path dir;

    @Test
    void aClassCompiledFor17IsReportedWithItsVersion() throws IOException {
        Map<String, ClassFileFacts> classes = compile("17",
                Map.of("p/Point.java", "package p; public record Point(int x, int y) { }"));

        ClassFileFacts point = classes.get("p/Point.class");
        assertThat(point.major()).isEqualTo(61);
        assertThat(ProductRules.versionViolations(point))
                .containsExactly("p/Point: class-file version 61 (Java 17), want 55 (Java 11)");
        assertThat(ProductRules.apiViolations(point))
                .anySatisfy(v -> assertThat(v).startsWith("p/Point uses java.lang.Record: records"))
                .anySatisfy(v -> assertThat(v).startsWith("p/Point uses java.lang.runtime.ObjectMethods"));
    }

    @Test
    void systemLoggerIsReportedEvenInJava11Bytecode() throws IOException {
        Map<String, ClassFileFacts> classes = compile("11", Map.of("p/Logs.java", """
                package p;
                public class Logs {
                    private static final System.Logger LOG = System.getLogger("p");
                    public static void hello() { LOG.log(System.Logger.Level.INFO, "hi"); }
                }
                """));

        ClassFileFacts logs = classes.get("p/Logs.class");
        assertThat(ProductRules.versionViolations(logs)).isEmpty();
        assertThat(ProductRules.apiViolations(logs)).contains(
                "p/Logs uses java.lang.System$Logger: System.Logger is missing on Android (class init fails)",
                "p/Logs uses java.lang.System$Logger$Level: System.Logger is missing on Android (class init fails)");
    }

    /** Only the class named in the allowance may use the denied API; its neighbour is still reported. */
    @Test
    void anAllowanceCoversOnlyTheClassItNames() throws IOException {
        String logs = "package p; public class %s { public static void hi() {"
                + " System.getLogger(\"p\").log(System.Logger.Level.INFO, \"hi\"); } }";
        Map<String, ClassFileFacts> classes = compile("11",
                Map.of("p/Adapter.java", String.format(logs, "Adapter"), "p/Other.java", String.format(logs, "Other")));
        Map<String, Set<String>> allowance = Map.of("java/lang/System$Logger", Set.of("p/Adapter"));

        assertThat(ProductRules.apiViolations(classes.get("p/Adapter.class"), allowance)).isEmpty();
        assertThat(ProductRules.apiViolations(classes.get("p/Other.class"), allowance))
                .contains("p/Other uses java.lang.System$Logger: System.Logger is missing on Android (class init fails)");
    }

    @Test
    void jmxStackWalkerAndProcessHandleAreReported() throws IOException {
        Map<String, ClassFileFacts> classes = compile("11", Map.of("p/Busy.java", """
                package p;
                public class Busy {
                    public static long heap() {
                        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    }
                    public static String caller() {
                        return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).get().getMethodName();
                    }
                    public static long pid() { return ProcessHandle.current().pid(); }
                }
                """));

        assertThat(ProductRules.apiViolations(classes.get("p/Busy.class")))
                .anySatisfy(v -> assertThat(v).startsWith("p/Busy uses java.lang.management.ManagementFactory"))
                .anySatisfy(v -> assertThat(v).startsWith("p/Busy uses java.lang.management.MemoryMXBean"))
                .anySatisfy(v -> assertThat(v).startsWith("p/Busy uses java.lang.StackWalker: "))
                .anySatisfy(v -> assertThat(v).startsWith("p/Busy uses java.lang.ProcessHandle: "));
    }

    /** Lambdas, string concatenation and nested classes compile to java.lang.invoke references that D8 removes. */
    @Test
    void lambdasConcatenationAndNestedClassesPass() throws IOException {
        Map<String, ClassFileFacts> classes = compile("11", Map.of("p/Clean.java", """
                package p;
                import java.util.ArrayList;
                import java.util.List;
                import java.util.function.IntSupplier;
                public class Clean {
                    static final class Box { int v; }
                    public static String run(int n) {
                        List<IntSupplier> list = new ArrayList<>();
                        Box box = new Box();
                        list.add(() -> box.v + n);
                        list.forEach(s -> box.v += s.getAsInt());
                        return "n=" + n + " v=" + box.v;
                    }
                }
                """));

        assertThat(classes).containsKeys("p/Clean.class", "p/Clean$Box.class");
        List<String> violations = new ArrayList<>();
        classes.values().forEach(c -> {
            violations.addAll(ProductRules.versionViolations(c));
            violations.addAll(ProductRules.apiViolations(c));
        });
        assertThat(violations).isEmpty();
        assertThat(classes.get("p/Clean.class").referencedClasses())
                .contains("java/util/ArrayList", "java/util/function/IntSupplier", "p/Clean$Box")
                .noneMatch(ref -> ref.startsWith("java/lang/invoke/"));
    }

    @Test
    void aModuleRequiringMoreThanJavaBaseIsReportedByItsModuleInfoAndByJdeps() throws IOException {
        Map<String, ClassFileFacts> classes = compile("11", Map.of(
                "module-info.java", "module fixture { requires java.logging; requires org.camstream.none; }",
                "p/Jul.java", "package p; public class Jul { public static void log() {"
                        + " java.util.logging.Logger.getLogger(\"p\").info(\"hi\"); } }"),
                "org.camstream.none");

        ClassFileFacts moduleInfo = classes.get("module-info.class");
        assertThat(moduleInfo.isModuleInfo()).isTrue();
        assertThat(moduleInfo.requires()).containsExactlyInAnyOrder("java.base", "java.logging", "org.camstream.none");
        assertThat(ProductRules.requiresViolations(moduleInfo, Set.of("org.camstream.sdp")))
                .containsExactly(
                        "module-info requires java.logging: only java.base and [org.camstream.sdp] are allowed",
                        "module-info requires org.camstream.none: only java.base and [org.camstream.sdp] are allowed");
        assertThat(ProductRules.requiresViolations(moduleInfo, Set.of("java.logging", "org.camstream.none"))).isEmpty();
        assertThat(Jdeps.moduleDependencies(dir.resolve("classes"), List.of(dir.resolve("stub").resolve("org.camstream.none"))))
                .contains("java.base", "java.logging");
    }

    private Map<String, ClassFileFacts> compile(String release, Map<String, String> sources, String... stubModules)
            throws IOException {
        return ClassTree.read(JavacFixture.compile(dir, release, sources, stubModules));
    }
}
