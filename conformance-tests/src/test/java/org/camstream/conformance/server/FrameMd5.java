package org.camstream.conformance.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses ffmpeg's framemd5 muxer output ("#" comment lines, then
 * {@code stream, dts, pts, duration, size, hash} per frame). Stateless.
 */
public final class FrameMd5 {
    private FrameMd5() {}

    /**
     * The hashes of stream 0's frames, in output order. A last line without its newline is still
     * being written and is ignored.
     */
    public static List<String> hashes(String framemd5) {
        List<String> out = new ArrayList<>();
        String complete = framemd5.substring(0, framemd5.lastIndexOf('\n') + 1);
        for (String line : complete.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] fields = l.split(",");
            if (fields.length != 6) {
                throw new AssertionError("unexpected framemd5 line: " + l);
            }
            if (fields[0].strip().equals("0")) {
                out.add(fields[5].strip());
            }
        }
        return out;
    }
}
