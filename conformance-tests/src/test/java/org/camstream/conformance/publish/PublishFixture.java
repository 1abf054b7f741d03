package org.camstream.conformance.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camstream.conformance.server.ClientProcess;
import org.camstream.conformance.server.Feeder;
import org.camstream.conformance.server.FrameMd5;
import org.camstream.conformance.server.ReferenceStream;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherOptions;

/**
 * One publisher under test on loopback, fed the {@link ReferenceStream} at 30 fps by a {@link Feeder},
 * plus the receiver processes a test starts. {@link #close()} stops the feeder and the publisher, kills
 * any receiver left and deletes the work directory. Owned by one test method's thread.
 */
final class PublishFixture implements AutoCloseable {
    final ReferenceStream clip;
    final Path workDir;
    final int port;
    private final List<ClientProcess> processes = new ArrayList<>();
    RtspPublisher publisher;
    Feeder feeder;

    PublishFixture(ReferenceStream clip, String label) {
        this.clip = clip;
        this.workDir = ReferenceStream.newWorkDir(label);
        this.port = Receivers.freePort();
    }

    /** Options for tests: short backoffs so a restart is picked up within a second or two. */
    static RtspPublisherOptions.Builder quickRetry() {
        return RtspPublisherOptions.builder().retry(200, 1000).refusedRetry(1000, 8000).queuedFrames(4);
    }

    ClientProcess start(String name, List<String> command) {
        ClientProcess p = ClientProcess.start(name, command, workDir);
        processes.add(p);
        return p;
    }

    /** Starts publishing to {@code url} and feeding the clip. */
    RtspPublisher publish(String url, RtspPublisherOptions options) {
        publisher = new RtspPublisher(url, clip.width(), clip.height(), options);
        feeder = new Feeder(clip, publisher::send).start();
        return publisher;
    }

    /** Waits until {@code process} printed {@code marker} on stdout. */
    static void awaitOutput(ClientProcess process, String marker, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!process.stdout().contains(marker)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError(process.name() + " did not print " + marker + "; stderr:\n" + process.stderr());
            }
            Thread.sleep(50);
        }
    }

    /** The MD5 of every picture in {@code file}, decoded strictly. */
    List<String> decode(Path file) {
        ClientProcess dec = start("decode-" + file.getFileName(), Receivers.framemd5(file));
        int exit = dec.awaitExit(Duration.ofSeconds(60));
        if (exit != 0) throw new AssertionError("strict decode of " + file + " failed (" + exit + "): " + dec.stderr());
        return FrameMd5.hashes(dec.stdout());
    }

    /** Threads whose name marks them as the publisher's. */
    static long publisherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("camstream-publish-") && t.isAlive()).count();
    }

    /** Open sockets of this JVM (Linux: /proc/self/fd links to "socket:[...]"). */
    static Set<String> openSockets() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(s -> s.startsWith("socket:")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (feeder != null) feeder.close();
            if (publisher != null) publisher.close();
        } finally {
            for (ClientProcess p : processes) p.close();
            ReferenceStream.deleteTree(workDir);
        }
    }
}
