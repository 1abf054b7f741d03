package org.camstream.rtsp.server;

/**
 * The loop's counts of connections and playing sessions, written by the loop (volatile stores) and
 * read by any thread for the server's stats.
 */
public final class ServerCounters {
    private volatile int connections;
    private volatile int playingClients;

    public int connections() {
        return connections;
    }

    public int playingClients() {
        return playingClients;
    }

    void connections(int n) {
        connections = n;
    }

    void playingClients(int n) {
        playingClients = n;
    }
}
