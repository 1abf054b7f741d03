package org.camstream.conformance.server;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.camstream.rtsp.RtspStream;
import org.camstream.rtsp.StreamSpec;

/**
 * An NVR-style camera under test: one server in-process on loopback with a main stream at
 * {@link #MAIN} and a sub stream at {@link #SUB}, each fed its own {@link ReferenceStream} by its
 * own {@link Feeder} at the same time (at each clip's frame rate), plus the client processes a test
 * starts. {@link #close()} stops both feeders, kills any client still running, closes the server
 * and deletes the work directory.
 *
 * <p>Owned by one test method's thread.
 */
final class TwoPathFixture implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TwoPathFixture.class.getName());
    static final String MAIN = "/live/main";
    static final String SUB = "/live/sub";

    final ReferenceStream mainClip;
    final ReferenceStream subClip;
    final RtspServer server;
    final RtspStream main;
    final RtspStream sub;
    final Feeder mainFeeder;
    final Feeder subFeeder;
    final Path workDir;
    private final List<ClientProcess> clients = new ArrayList<>();

    private TwoPathFixture(ReferenceStream mainClip, ReferenceStream subClip, RtspServer server,
            Path workDir) {
        this.mainClip = mainClip;
        this.subClip = subClip;
        this.server = server;
        this.main = server.stream(MAIN);
        this.sub = server.stream(SUB);
        this.workDir = workDir;
        this.mainFeeder = new Feeder(mainClip, main::send);
        this.subFeeder = new Feeder(subClip, sub::send);
    }

    /** Starts the server with both paths and starts feeding both clips. */
    static TwoPathFixture start(ReferenceStream mainClip, ReferenceStream subClip, String label) {
        RtspServer server = new RtspServer(RtspServerOptions.builder()
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .queuedFrames(4) // as ServerFixture: a late loop thread must not drop frames
                .stream(StreamSpec.builder(MAIN).size(mainClip.width(), mainClip.height())
                        .fps(mainClip.fps()).build())
                .stream(StreamSpec.builder(SUB).size(subClip.width(), subClip.height())
                        .fps(subClip.fps()).build())
                .build());
        TwoPathFixture f = new TwoPathFixture(mainClip, subClip, server,
                ReferenceStream.newWorkDir(label));
        f.mainFeeder.start();
        f.subFeeder.start();
        return f;
    }

    /** Server and per-stream counters and both feeders' timing, for failure messages. */
    String diagnostics() {
        return server.stats() + "; main " + main.stats() + ", " + mainFeeder.describe() + "; sub "
                + sub.stats() + ", " + subFeeder.describe();
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
            mainFeeder.close();
            subFeeder.close();
        } finally {
            try {
                for (ClientProcess c : clients) {
                    c.close();
                }
            } finally {
                try {
                    server.close();
                } finally {
                    ReferenceStream.deleteTree(workDir);
                }
            }
        }
    }
}
