package org.camstream.conformance.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Every {@code .class} file of a jar or a classes directory, by its path inside it. */
final class ClassTree {

    private ClassTree() {
    }

    static Map<String, ClassFileFacts> read(Path location) throws IOException {
        Map<String, ClassFileFacts> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    classes.put(location.relativize(f).toString(), ClassFileFacts.parse(Files.readAllBytes(f)));
                }
            }
            return classes;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(entry.getName(), ClassFileFacts.parse(in.readAllBytes()));
                    }
                }
            }
        }
        return classes;
    }
}
