package org.camstream.conformance.server;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;

/**
 * The server under test, in-process on loopback with a free port, fed by a {@link Feeder} with a
 * {@link ReferenceStream}, plus the client processes a test starts. {@link #close()} stops the
 * feeder, kills any client still running, closes the server and deletes the work directory, so
 * every test ends by itself and leaves nothing behind.
 *
 * <p>Owned by one test method's thread.
 */
final class ServerFixture implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServerFixture.class.getName());
    final ReferenceStream clip;
    final RtspServer server;
    final Feeder feeder;
    final Path workDir;
    private final List<ClientProcess> clients = new ArrayList<>();

    private ServerFixture(ReferenceStream clip, RtspServer server, Path workDir,
            int extraSpacingMaxMillis, int burstEvery) {
        this.clip = clip;
        this.server = server;
        this.workDir = workDir;
        this.feeder = new Feeder(clip, server::send, extraSpacingMaxMillis, burstEvery);
    }

    /** Starts a server for the {@code width x height} clip and starts feeding it at 30 fps. */
    static ServerFixture start(int width, int height, String label) {
        return start(ReferenceStream.of(width, height), label);
    }

    /** Starts a server for {@code clip}'s size and starts feeding it {@code clip} at 30 fps. */
    static ServerFixture start(ReferenceStream clip, String label) {
        return start(clip, label, 0);
    }

    /**
     * As {@link #start(ReferenceStream, String)}, with frames spaced irregularly by up to
     * {@code extraSpacingMaxMillis} ms more than the period (see {@link Feeder}).
     */
    static ServerFixture start(ReferenceStream clip, String label, int extraSpacingMaxMillis) {
        return start(clip, label, extraSpacingMaxMillis, 0);
    }

    /** As above, with a producer burst every {@code burstEvery} frames (see {@link Feeder}). */
    static ServerFixture start(ReferenceStream clip, String label, int extraSpacingMaxMillis,
            int burstEvery) {
        return start(clip, label, extraSpacingMaxMillis, burstEvery, UnaryOperator.identity());
    }

    /** As {@link #start(ReferenceStream, String)}, with options changed by {@code options}. */
    static ServerFixture start(ReferenceStream clip, String label,
            UnaryOperator<RtspServerOptions.Builder> options) {
        return start(clip, label, 0, 0, options);
    }

    private static ServerFixture start(ReferenceStream clip, String label, int extraSpacingMaxMillis,
            int burstEvery, UnaryOperator<RtspServerOptions.Builder> options) {
        int width = clip.width();
        int height = clip.height();
        RtspServer server = new RtspServer(width, height, options.apply(RtspServerOptions.builder()
                .fps(ReferenceStream.FPS)
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                // A few frames of queue: the strict contiguity checks must not fail because the loop
                // thread was not scheduled for 33 ms on a loaded CI machine. The burst scenario keeps
                // the default single queued frame, so its bursts really drop frames.
                .queuedFrames(burstEvery > 0 ? 1 : 4))
                .build());
        ServerFixture f = new ServerFixture(clip, server, ReferenceStream.newWorkDir(label),
                extraSpacingMaxMillis, burstEvery);
        f.feeder.start();
        return f;
    }

    String url() {
        return server.url();
    }

    /** Server counters and feeder timing, for failure messages. */
    String diagnostics() {
        return server.stats() + "; " + feeder.describe();
    }

    /** Starts a client whose process is killed at {@link #close()} if still running. */
    ClientProcess client(String name, List<String> command) {
        ClientProcess c = ClientProcess.start(name, command, workDir);
        clients.add(c);
        return c;
    }

    @Override
    public void close() {
        LOG.log(Level.INFO, "{0}: {1}", workDir.getFileName(), diagnostics());
        try {
            feeder.close();
        } finally {
            try {
                for (ClientProcess c : clients) {
                    c.close();
                }
            } finally {
                try {
                    server.close();
                } finally {
                    ReferenceStream.deleteTree(workDir); // client stderr is in the test log
                }
            }
        }
    }
}
