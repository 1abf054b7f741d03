package org.camstream.rtsp.stream;

import java.util.HashMap;
import java.util.Map;

/**
 * The streams of one server by path: each stream answers at its own path and its aliases (e.g.
 * {@code /stream1}, {@code /Streaming/Channels/101}). Paths are normalised like request paths
 * ({@link #normalise}): {@code /live/main/} and {@code live//main} name the same stream. Built once
 * before the loop starts; immutable afterwards, so any thread may read it.
 */
public final class StreamTable {
    private final Map<String, Stream> byPath = new HashMap<>();
    private final Stream[] all;

    /**
     * @param paths {@code paths[i]}: the path and aliases of {@code streams[i]}
     * @throws IllegalArgumentException when two streams claim the same path
     */
    public StreamTable(Stream[] streams, String[][] paths) {
        if (streams.length == 0) throw new IllegalArgumentException("a server needs at least one stream");
        this.all = streams.clone();
        for (int i = 0; i < streams.length; i++) {
            for (String p : paths[i]) {
                Stream previous = byPath.put(normalise(p), streams[i]);
                if (previous != null && previous != streams[i]) {
                    throw new IllegalArgumentException("path " + p + " is declared by two streams");
                }
            }
        }
    }

    /** One stream at {@code /}: the single-stream server. */
    public static StreamTable single(Stream stream) {
        return new StreamTable(new Stream[] {stream}, new String[][] {{"/"}});
    }

    /** The stream at {@code path} (already normalised, as {@code StreamUri} resolves it), or null. */
    public Stream find(String path) {
        return byPath.get(path);
    }

    /** Every stream, in declaration order; do not modify. */
    public Stream[] all() {
        return all;
    }

    /** {@code /a/b} for {@code a/b}, {@code /a//b/}, {@code /a/./b}; {@code /} for the empty path. */
    public static String normalise(String path) {
        StringBuilder b = new StringBuilder();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            b.append('/').append(seg);
        }
        return b.length() == 0 ? "/" : b.toString();
    }
}
