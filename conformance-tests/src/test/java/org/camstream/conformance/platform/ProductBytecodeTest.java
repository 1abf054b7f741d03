package org.camstream.conformance.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14's proof, run by {@code mvn -B verify} and so by CI: every class of every product module is Java 11
 * bytecode, refers to no denied API (what Android or Java 11 lacks at any level; the Android API 24 level itself
 * is animal-sniffer's check in the parent POM), and each module needs nothing beyond java.base and the product modules
 * it is allowed (by its module-info's {@code requires} and by what jdeps finds in its classes).
 * {@link ProductRulesCanFailTest} shows each rule rejecting a class that breaks it.
 */
class ProductBytecodeTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProductModule.class)
    void everyClassIsJava11Bytecode(ProductModule module) throws IOException {
        Map<String, ClassFileFacts> classes = classesOf(module);
        List<String> violations = new ArrayList<>();
        classes.values().forEach(c -> violations.addAll(ProductRules.versionViolations(c)));

        assertThat(violations.subList(0, Math.min(violations.size(), 8)))
                .as("%s: %d of %d classes are not Java 11 bytecode (the first 8 are listed); set <maven.compiler.release>11"
                        + "</maven.compiler.release> in %s/pom.xml", module, violations.size(), classes.size(),
                        module.directory)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProductModule.class)
    void noClassUsesADeniedApi(ProductModule module) throws IOException {
        List<String> violations = new ArrayList<>();
        classesOf(module).values().forEach(c -> violations.addAll(ProductRules.apiViolations(c)));

        assertThat(violations).as("%s uses APIs that Android or Java 11 lack (ProductRules.DENIED)", module).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProductModule.class)
    void moduleInfoRequiresOnlyJavaBaseAndProductModules(ProductModule module) throws IOException {
        ClassFileFacts moduleInfo = classesOf(module).get("module-info.class");

        assertThat(moduleInfo).as("%s has a module-info.class", module).isNotNull();
        assertThat(ProductRules.requiresViolations(moduleInfo, module.allowedRequires)).as("%s", module).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProductModule.class)
    void jdepsFindsOnlyJavaBaseAndProductModules(ProductModule module) {
        List<Path> others = Arrays.stream(ProductModule.values())
                .filter(m -> m != module).map(ProductModule::location).collect(Collectors.toList());

        Set<String> used = Jdeps.moduleDependencies(module.location(), others);

        Set<String> allowed = new TreeSet<>(module.allowedRequires);
        allowed.add("java.base");
        assertThat(used).as("%s: modules its classes use (jdeps -summary)", module)
                .contains("java.base")
                .isSubsetOf(allowed);
    }

    private static Map<String, ClassFileFacts> classesOf(ProductModule module) throws IOException {
        Map<String, ClassFileFacts> classes = ClassTree.read(module.location());
        assertThat(classes).as("%s: classes at %s", module, module.location()).isNotEmpty();
        return classes;
    }
}
