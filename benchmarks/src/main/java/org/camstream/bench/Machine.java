package org.camstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about the machine and build the figures were taken on, for the report. Stateless. */
final class Machine {
    private Machine() {
    }

    /** @return the "model name" of the first CPU in /proc/cpuinfo, or "unknown" */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return "unknown";
    }

    /** @return /proc/loadavg's first three fields, or "n/a" */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "n/a";
        }
    }

    /** @return e.g. "OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1" */
    static String java() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** @return {@code git describe --always --dirty} of the working tree, or "unknown" */
    static String gitRevision() {
        StringBuilder sb = new StringBuilder();
        try {
            Subprocess.Result r = Subprocess.run(List.of("git", "describe", "--always", "--dirty"),
                    in -> sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
            return r.ok() ? sb.toString() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return how many paths under {@code dir} git reports as modified or untracked, or -1 if unknown */
    static int uncommittedPaths(String dir) {
        int[] n = {0};
        try {
            Subprocess.Result r = Subprocess.run(List.of("git", "status", "--porcelain", "--", dir),
                    in -> n[0] = (int) new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count());
            return r.ok() ? n[0] : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
