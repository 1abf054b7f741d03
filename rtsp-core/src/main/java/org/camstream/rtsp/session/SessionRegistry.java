package org.camstream.rtsp.session;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Live sessions by id, plus an array snapshot the delivery path iterates without allocating. The
 * snapshot is rebuilt only when a session is added or removed. Thread: event loop only.
 */
public final class SessionRegistry {
    private static final Session[] NONE = new Session[0];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final Map<String, Session> byId = new HashMap<>();
    private Session[] snapshot = NONE;
    private final int maxSessions;

    public SessionRegistry(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    public boolean full() {
        return byId.size() >= maxSessions;
    }

    public Session get(String id) {
        return byId.get(id);
    }

    public void add(Session session) {
        if (byId.putIfAbsent(session.id(), session) != null) {
            throw new IllegalArgumentException("duplicate session id " + session.id());
        }
        rebuild();
    }

    public void remove(Session session) {
        if (byId.remove(session.id(), session)) rebuild();
    }

    /** The sessions at this moment; do not modify. Removed sessions are absent from later snapshots. */
    public Session[] snapshot() {
        return snapshot;
    }

    public int playingCount() {
        int n = 0;
        for (Session s : snapshot) if (s.isPlaying()) n++;
        return n;
    }

    /** 64 random bits as 16 hex digits, not in use (RFC 2326 §12.37: ids must be hard to guess). */
    public String newId(SecureRandom random) {
        byte[] b = new byte[8];
        String id;
        do {
            random.nextBytes(b);
            char[] c = new char[16];
            for (int i = 0; i < 8; i++) {
                c[2 * i] = HEX[(b[i] >> 4) & 0xF];
                c[2 * i + 1] = HEX[b[i] & 0xF];
            }
            id = new String(c);
        } while (byId.containsKey(id));
        return id;
    }

    private void rebuild() {
        snapshot = byId.isEmpty() ? NONE : byId.values().toArray(NONE);
        Arrays.sort(snapshot, (a, b) -> a.id().compareTo(b.id())); // stable order: deterministic delivery
    }
}
