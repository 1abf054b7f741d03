package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #9: rtsp-core's packages are layers, and nothing depends on a layer above it. Reads the main
 * sources (comments and string literals removed) and finds every reference to an rtsp-core class:
 * imports, fully qualified names, and simple names of classes of the same package. Fails on a
 * reference to a higher or equal layer (siblings stay independent), on a package missing from the
 * table below, and on any cycle between classes.
 *
 * <p>Adding a layer (e.g. {@code publish}, the RECORD client, beside {@code server}) means adding one
 * line to {@link #RANK}.
 */
class LayeringTest {
    /** Lower rank = lower layer; a package may refer only to packages of a strictly lower rank. */
    static final Map<String, Integer> RANK = Map.of(
            "org.camstream.rtsp.runtime", 0,
            "org.camstream.rtsp.wire", 1,
            "org.camstream.rtsp.headers", 2,
            "org.camstream.rtsp.auth", 3,
            "org.camstream.rtsp.transport", 3,
            "org.camstream.rtsp.session", 4,
            "org.camstream.rtsp.stream", 5,
            "org.camstream.rtsp.server", 6,
            "org.camstream.rtsp.publish", 6, // the RECORD client: a sibling of server, over stream/auth/headers/wire
            "org.camstream.rtsp", 7);

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern QUALIFIED = Pattern.compile("\\borg\\.camstream\\.rtsp((?:\\.[a-z][a-z0-9]*)*)\\.([A-Z]\\w*)");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Z]\\w*\\b");

    /** Top-level class (package.Name) -> its source without comments and literals. */
    private static final Map<String, String> SOURCES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = MAIN.resolve("org/camstream/rtsp");
        assertThat(root).as("rtsp-core main sources (tests run in the module directory)").isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String name = p.getFileName().toString().replace(".java", "");
                if (name.equals("package-info")) continue;
                String pkg = MAIN.relativize(p.getParent()).toString().replace('/', '.').replace('\\', '.');
                SOURCES.put(pkg + "." + name, stripCommentsAndLiterals(Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        assertThat(SOURCES).hasSizeGreaterThan(40);
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> packages = new TreeSet<>();
        for (String cls : SOURCES.keySet()) packages.add(packageOf(cls));
        assertThat(RANK.keySet()).as("layers of LayeringTest.RANK").containsAll(packages);
    }

    @Test
    void noPackageReferencesOneAboveItOrBesideIt() {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : references().entrySet()) {
            String from = packageOf(e.getKey());
            for (String to : e.getValue()) {
                String toPkg = packageOf(to);
                if (toPkg.equals(from)) continue;
                Integer fromRank = RANK.get(from);
                Integer toRank = RANK.get(toPkg);
                if (fromRank == null || toRank == null || toRank >= fromRank) {
                    violations.add(e.getKey() + " -> " + to);
                }
            }
        }
        assertThat(violations).as("references to a layer at or above the referring one").isEmpty();
    }

    @Test
    void onlyTheApiPackageIsExported() throws IOException {
        String moduleInfo = stripCommentsAndLiterals(Files.readString(MAIN.resolve("module-info.java")));
        Matcher m = Pattern.compile("\\bexports\\s+([\\w.]+)").matcher(moduleInfo);
        List<String> exported = new ArrayList<>();
        while (m.find()) exported.add(m.group(1));
        assertThat(exported).containsExactly("org.camstream.rtsp");
    }

    @Test
    void noCycleBetweenClasses() {
        Map<String, Set<String>> graph = references();
        List<List<String>> cycles = stronglyConnected(graph);
        assertThat(cycles).as("groups of classes that depend on each other in a circle").isEmpty();
    }

    /** The detector itself must see a cycle and a layer violation, or the tests above prove nothing. */
    @Test
    void theChecksCatchWhatTheyLookFor() {
        Map<String, Set<String>> g = new LinkedHashMap<>();
        g.put("a.A", Set.of("a.B"));
        g.put("a.B", Set.of("a.C"));
        g.put("a.C", Set.of("a.A"));
        g.put("a.D", Set.of("a.A"));
        assertThat(stronglyConnected(g)).containsExactly(List.of("a.A", "a.B", "a.C"));
        String code = stripCommentsAndLiterals("import org.camstream.rtsp.server.EventLoop; // org.camstream.rtsp.Fake\n"
                + "/* org.camstream.rtsp.Fake2 */ String s = \"org.camstream.rtsp.Fake3\"; char c = '\"';");
        assertThat(referencesIn("org.camstream.rtsp.wire.X", code, Set.of("org.camstream.rtsp.server.EventLoop")))
                .containsExactly("org.camstream.rtsp.server.EventLoop");
    }

    // ---- the scan ---------------------------------------------------------------------------------

    private static Map<String, Set<String>> references() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            out.put(e.getKey(), referencesIn(e.getKey(), e.getValue(), SOURCES.keySet()));
        }
        return out;
    }

    /** The rtsp-core classes {@code code} (of class {@code self}) refers to, other than itself. */
    private static Set<String> referencesIn(String self, String code, Set<String> known) {
        Set<String> refs = new TreeSet<>();
        Matcher q = QUALIFIED.matcher(code);
        while (q.find()) {
            String cls = "org.camstream.rtsp" + q.group(1) + "." + q.group(2);
            if (known.contains(cls)) refs.add(cls);
        }
        String pkg = packageOf(self);
        Matcher id = IDENTIFIER.matcher(code);
        while (id.find()) {
            String cls = pkg + "." + id.group();
            if (known.contains(cls)) refs.add(cls);
        }
        refs.remove(self);
        return refs;
    }

    private static String packageOf(String cls) {
        return cls.substring(0, cls.lastIndexOf('.'));
    }

    /** Tarjan's strongly connected components with more than one class, members sorted. */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) connect(v, graph, index, low, stack, onStack, out, counter);
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }

    /** Java source without comments, string/char literals and text blocks (so words in them do not count). */
    static String stripCommentsAndLiterals(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && src.charAt(i) != c) {
                    if (src.charAt(i) == '\\') i++;
                    i++;
                }
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
