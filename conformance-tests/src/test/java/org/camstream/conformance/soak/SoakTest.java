package org.camstream.conformance.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.junit.jupiter.api.Test;

/**
 * Bounded soak of the RTSP server (issue #4, item 5): one steady ffmpeg client decodes the whole time
 * while clients join and leave at random (ffmpeg over UDP and TCP killed at random moments, raw
 * sockets sending garbage, half requests, never reading, resetting, half-closing). Afterwards:
 *
 * <ul>
 *   <li>the steady client decoded at least 90% of the frames sent while it played, every picture
 *       bit-exact to a picture of the reference decode, with no decoder error or RTP loss logged;</li>
 *   <li>open file descriptors and live threads are exactly back at the baseline, heap after GC within
 *       8 MiB of it (allocation noise of the JIT, class data and ffmpeg reaper bookkeeping);</li>
 *   <li>the server is back to one connection and one playing client, and still answers.</li>
 * </ul>
 *
 * <p>Length: {@code -Dcamstream.soak.seconds} (default 60; the long profile runs 600). The baseline is
 * taken after a warm-up that runs every misbehaver once, so classes and lazily opened JDK files are
 * already loaded. The random seed is logged; {@code -Dcamstream.soak.seed} replays a run's choices.
 */
class SoakTest {
    private static final System.Logger LOG = System.getLogger(SoakTest.class.getName());
    private static final long HEAP_TOLERANCE = 8L << 20;
    private static final int MAX_CONCURRENT_MISBEHAVERS = 4;

    @Test
    void steadyClientSurvivesRandomClientsAndResourcesReturnToBaseline() throws Exception {
        int seconds = Integer.getInteger("camstream.soak.seconds", 60);
        long seed = Long.getLong("camstream.soak.seed", System.nanoTime());
        LOG.log(Level.INFO, "soak: {0} s, seed {1}", seconds, Long.toString(seed));
        Path dir = Files.createTempDirectory("camstream-soak-");
        SoakClip clip = SoakClip.make(dir);
        RtspServer server = new RtspServer(SoakClip.WIDTH, SoakClip.HEIGHT, RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).fps(SoakClip.FPS)
                .maxClients(32).maxSessionsPerAddress(32).requestTimeoutSeconds(3).stalledClientTimeoutSeconds(3).build());
        Feeder feeder = new Feeder(server, clip);
        SoakFfmpeg steady = null;
        ThreadPoolExecutor chaos = null;
        try {
            feeder.start();
            String url = server.url();
            steady = SoakFfmpeg.start("steady", url, true, true, dir);
            SoakFfmpeg steadyRef = steady;
            waitUntil("steady client decodes", 30, () -> decoded(steadyRef) > 0);
            long steadyFrom = System.nanoTime();
            int steadyFromCount = decoded(steady);

            // Warm-up: every misbehaver once, sequentially, before the baseline.
            Random random = new Random(seed);
            int serial = 0;
            for (SoakMisbehaver m : SoakMisbehaver.values()) {
                m.run(url, server.port(), random, dir, serial++);
            }
            awaitOnlySteady(server);
            SoakResources baseline = SoakResources.sample();
            LOG.log(Level.INFO, "soak baseline: {0}", baseline);

            // The soak: a scheduler starts a random misbehaver every 0.2-1.5 s on one of 4 worker threads.
            AtomicInteger threadNo = new AtomicInteger();
            chaos = new ThreadPoolExecutor(MAX_CONCURRENT_MISBEHAVERS, MAX_CONCURRENT_MISBEHAVERS, 0, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "soak-chaos-" + threadNo.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.DiscardPolicy());
            Map<SoakMisbehaver, AtomicInteger> started = new EnumMap<>(SoakMisbehaver.class);
            List<Throwable> failures = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                SoakMisbehaver m = SoakMisbehaver.values()[random.nextInt(SoakMisbehaver.values().length)];
                long actionSeed = random.nextLong();
                int n = serial++;
                int before = chaos.getActiveCount();
                chaos.execute(() -> {
                    synchronized (started) {
                        started.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
                    }
                    try {
                        m.run(url, server.port(), new Random(actionSeed), dir, n);
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(new AssertionError(m + " #" + n + " failed", e));
                        }
                    }
                });
                if (before >= MAX_CONCURRENT_MISBEHAVERS) serial--; // discarded, not run
                Thread.sleep(200 + random.nextInt(1300));
                assertThat(steady.isAlive()).as("steady ffmpeg still running; stderr:\n%s", steady.stderr()).isTrue();
            }
            chaos.shutdown();
            assertThat(chaos.awaitTermination(60, TimeUnit.SECONDS)).as("misbehavers finished").isTrue();
            chaos = null;
            synchronized (failures) {
                if (!failures.isEmpty()) throw new AssertionError("misbehaver failed", failures.get(0));
            }
            synchronized (started) {
                LOG.log(Level.INFO, "soak misbehavers started: {0}", started);
            }

            awaitOnlySteady(server);
            SoakResources after = awaitBaseline(baseline);
            long heapGrowth = after.heapBytes() - baseline.heapBytes();
            assertOptions(server.port());

            long steadyNanos = System.nanoTime() - steadyFrom;
            steady.interrupt();
            List<String> pictures = SoakClip.framemd5(steady.stdout());
            int decodedWhileSoaking = pictures.size() - steadyFromCount;
            long expected = TimeUnit.NANOSECONDS.toMillis(steadyNanos) * SoakClip.FPS / 1000;
            String summary = String.format("soak %d s (seed %d): misbehavers %s; steady client decoded %d pictures"
                    + " (%d expected at %d fps); resources before %s, after %s (heap %+d KiB); server %s; feeder %s",
                    seconds, seed, started, decodedWhileSoaking, expected, SoakClip.FPS, baseline, after,
                    heapGrowth >> 10, server.stats(), feeder.describe());
            LOG.log(Level.INFO, summary);
            System.out.println("SOAK RESULT: " + summary);

            List<String> errors = SoakFfmpeg.MEDIA_ERRORS.matcher(steady.stderr()).results()
                    .map(r -> r.group()).toList();
            assertThat(errors).as("decoder/RTP errors of the steady client").isEmpty();
            for (int i = 0; i < pictures.size(); i++) {
                assertThat(clip.pictureMd5s).as("steady picture %d is a reference picture", i).contains(pictures.get(i));
            }
            assertThat((long) decodedWhileSoaking).as("steady pictures; %s", summary).isGreaterThanOrEqualTo(expected * 9 / 10);
            assertThat(after.fds()).as("open fds; %s", summary).isEqualTo(baseline.fds());
            assertThat(after.threads()).as("threads; new: %s", after.newThreadsSince(baseline)).isEqualTo(baseline.threads());
            assertThat(heapGrowth).as("heap growth after GC; %s", summary).isLessThanOrEqualTo(HEAP_TOLERANCE);
        } finally {
            if (chaos != null) {
                chaos.shutdownNow();
                chaos.awaitTermination(30, TimeUnit.SECONDS);
            }
            if (steady != null) steady.close();
            feeder.close();
            server.stop();
            deleteRecursively(dir);
        }
    }

    /** Polls until fds and threads are back at the baseline (sockets and threads end asynchronously). */
    private static SoakResources awaitBaseline(SoakResources baseline) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            SoakResources now = new SoakResources(SoakResources.countFds(), SoakResources.threadNames(), 0);
            if ((now.fds() <= baseline.fds() && now.threads().equals(baseline.threads()))
                    || System.nanoTime() > deadline) {
                return SoakResources.sample();
            }
            Thread.sleep(200);
        }
    }

    private static void awaitOnlySteady(RtspServer server) throws InterruptedException {
        waitUntil("server back to the steady client only (" + server.stats() + ")", 30,
                () -> server.stats().connections() == 1 && server.stats().playingClients() == 1);
    }

    private static int decoded(SoakFfmpeg f) {
        try {
            return SoakClip.framemd5(f.stdout()).size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void assertOptions(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = in.readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("RTSP/1.0 200");
        }
    }

    private static void waitUntil(String what, int seconds, java.util.function.BooleanSupplier c)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + seconds + " s");
            Thread.sleep(50);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * Sends the clip's access units at its frame rate from its own thread, looping; never bursts after
     * a stall (a camera delivers at most one frame per period). Stops at {@link #close()}.
     */
    static final class Feeder implements AutoCloseable {
        private final RtspServer server;
        private final SoakClip clip;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long sent;
        private volatile long stalls;

        Feeder(RtspServer server, SoakClip clip) {
            this.server = server;
            this.clip = clip;
            this.thread = new Thread(this::run, "soak-feeder");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            long period = 1_000_000_000L / SoakClip.FPS;
            long next = System.nanoTime();
            for (long n = 0; running; n++) {
                server.send(clip.accessUnits.get((int) (n % clip.accessUnits.size())));
                sent = n + 1;
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (-wait > period) {
                    stalls++;
                    next = System.nanoTime();
                }
            }
        }

        String describe() {
            return "sent " + sent + ", stalls " + stalls;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
