package org.camstream.rtsp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * All live sessions by id, plus an array snapshot the delivery path iterates without allocating.
 * The snapshot is rebuilt only when a session is added or removed. Thread: event loop only.
 */
final class SessionRegistry {
    private static final Session[] NONE = new Session[0];
    private final Map<String, Session> byId = new HashMap<>();
    private Session[] snapshot = NONE;
    private final int maxSessions;

    SessionRegistry(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    boolean full() {
        return byId.size() >= maxSessions;
    }

    Session get(String id) {
        return byId.get(id);
    }

    void add(Session session) {
        byId.put(session.id, session);
        rebuild();
    }

    void remove(Session session) {
        if (byId.remove(session.id) != null) rebuild();
    }

    /** The sessions at this moment; do not modify. Removed sessions are absent from later snapshots. */
    Session[] snapshot() {
        return snapshot;
    }

    int size() {
        return byId.size();
    }

    int playingCount() {
        int n = 0;
        for (Session s : snapshot) if (s.playing()) n++;
        return n;
    }

    private void rebuild() {
        snapshot = byId.isEmpty() ? NONE : byId.values().toArray(NONE);
        Arrays.sort(snapshot, (a, b) -> a.id.compareTo(b.id)); // stable order: deterministic delivery
    }
}
