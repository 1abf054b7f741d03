package org.camstream.conformance.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every product class obeys (issue 14): Java 11 bytecode, no API that Android or Java 11 lacks, and modules that need nothing beyond java.base and each other. Each rule returns readable
 * violations; an empty list means the class passes.
 *
 * <p>The deny-list names, with the reason, what no Android level has or Java 11 lacks: a product class
 * must never use it. What a later Android level added (java.util.Base64 and java.time at 26, List.of at 30,
 * VarHandle and String.strip at 33) is animal-sniffer's job: its Android API 24 signature in the parent POM
 * lists every class, method and field of that level. Java 11's own API is enforced by javac's
 * {@code --release 11}.
 */
final class ProductRules {

    /** Class-file major version of Java 11 (JVMS §4.1, Table 4.1-A). */
    static final int JAVA_11_MAJOR = 55;

    /** Internal-name prefix -> why it must not appear in product bytecode. */
    static final Map<String, String> DENIED = deniedApis();

    /**
     * Denied prefix -> the product classes that may use it anyway. Empty: no product class may. A logging
     * adapter that links against System.Logger directly and is loaded only where System.Logger exists would
     * be listed here by its internal name (and animal-sniffer told to ignore java.lang.System$Logger);
     * every other class stays checked.
     */
    static final Map<String, Set<String>> ALLOWED_USERS = Map.of();

    private ProductRules() {
    }

    private static Map<String, String> deniedApis() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("java/lang/System$Logger", "System.Logger is missing on Android (class init fails)");
        d.put("java/lang/management/", "java.lang.management (JMX) is missing on Android");
        d.put("javax/management/", "javax.management (JMX) is missing on Android");
        d.put("java/lang/StackWalker", "StackWalker is missing on Android");
        d.put("java/lang/ProcessHandle", "ProcessHandle is missing on Android");
        d.put("java/lang/Module", "java.lang.Module/ModuleLayer are missing on Android");
        d.put("java/net/http/", "java.net.http is missing on Android");
        d.put("jdk/", "jdk.* is missing on Android and outside java.base");
        d.put("sun/", "sun.* internals are not an API and missing on Android");
        d.put("java/lang/Record", "records are Java 16");
        d.put("java/lang/runtime/", "record/pattern bootstraps (ObjectMethods, SwitchBootstraps) are Java 16+");
        d.put("java/util/HexFormat", "java.util.HexFormat is Java 17");
        return Collections.unmodifiableMap(d);
    }

    /** A class that is not Java 11 bytecode. */
    static List<String> versionViolations(ClassFileFacts c) {
        if (c.major() == JAVA_11_MAJOR) {
            return List.of();
        }
        return List.of(c.name() + ": class-file version " + c.major() + " (Java " + (c.major() - 44)
                + "), want " + JAVA_11_MAJOR + " (Java 11)");
    }

    /** Each denied API a class refers to, with the reason. */
    static List<String> apiViolations(ClassFileFacts c) {
        return apiViolations(c, ALLOWED_USERS);
    }

    static List<String> apiViolations(ClassFileFacts c, Map<String, Set<String>> allowedUsers) {
        List<String> out = new ArrayList<>();
        for (String ref : c.referencedClasses()) {
            for (Map.Entry<String, String> d : DENIED.entrySet()) {
                boolean allowed = allowedUsers.getOrDefault(d.getKey(), Set.of()).contains(c.name());
                if (ref.startsWith(d.getKey()) && !allowed) {
                    out.add(c.name() + " uses " + ref.replace('/', '.') + ": " + d.getValue());
                }
            }
        }
        return out;
    }

    /** A module-info that requires a module outside java.base and the allowed product modules. */
    static List<String> requiresViolations(ClassFileFacts moduleInfo, Set<String> allowedProductModules) {
        List<String> out = new ArrayList<>();
        for (String module : moduleInfo.requires()) {
            if (!module.equals("java.base") && !allowedProductModules.contains(module)) {
                out.add("module-info requires " + module + ": only java.base and " + allowedProductModules
                        + " are allowed");
            }
        }
        return out;
    }
}
