package org.camstream.conformance.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds a {@link ReferenceStream} to a sink (the server's {@code send}) at the clip's frame rate ({@link ReferenceStream#fps()})
 * from its own thread, looping the clip, and records every call: frame number, clip index, and
 * whether the sink accepted it. Pacing uses deadlines on {@link System#nanoTime()} so it does not
 * drift while on time; two frames are never closer than one period (33 ms): when the thread wakes
 * late (a loaded machine) it re-anchors the schedule instead of catching up with frames a few ms
 * apart, which the server's one-slot mailbox would legitimately collapse into one. Wake-ups more
 * than a period late are logged ({@link #stalls()}) so a failure can tell a starved test JVM from a
 * server fault.
 *
 * <p>Thread-safety: {@link #start()} and {@link #close()} from the test thread; the query methods
 * may be called from any thread while it runs. If the sink throws (e.g. the server was stopped),
 * feeding ends and the exception is kept in {@link #failure()}.
 */
public final class Feeder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Feeder.class.getName());

    /** Where access units go; the server's {@code send(byte[])}. */
    @FunctionalInterface
    public interface Sink {
        boolean send(byte[] accessUnit);
    }

    private final ReferenceStream clip;
    private final Sink sink;
    private final int extraSpacingMaxMillis;
    private final int burstEvery;
    private final Thread thread;
    private final List<Boolean> accepted = new ArrayList<>();
    /** Per frame number: nanoTime just before and just after the send() call (under accepted's lock). */
    private long[] sendStart = new long[1024];
    private long[] sendEnd = new long[1024];
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private volatile long maxLateNanos;
    private volatile int stalls;
    private final List<String> stallLog = new ArrayList<>();

    /** A feeder at the clip's frame rate (one frame every 33 ms for the default 30 fps clips). */
    public Feeder(ReferenceStream clip, Sink sink) {
        this(clip, sink, 0);
    }

    /**
     * A feeder whose frames are spaced one period plus a random 0..{@code extraSpacingMaxMillis}
     * ms (fixed seed): an irregular cadence that RTP timestamps must follow if they come from the
     * time of {@code send()} rather than from a nominal frame rate.
     */
    Feeder(ReferenceStream clip, Sink sink, int extraSpacingMaxMillis) {
        this(clip, sink, extraSpacingMaxMillis, 0);
    }

    /**
     * As above; in addition, if {@code burstEvery > 0}, each frame number {@code n} with
     * {@code n % burstEvery == burstEvery - 1} is followed at once (no wait) by the next frame: a
     * producer burst that the server may collapse, dropping a frame.
     */
    Feeder(ReferenceStream clip, Sink sink, int extraSpacingMaxMillis, int burstEvery) {
        this.clip = clip;
        this.sink = sink;
        this.extraSpacingMaxMillis = extraSpacingMaxMillis;
        this.burstEvery = burstEvery;
        this.thread = new Thread(this::run, "feeder-" + clip.width() + "x" + clip.height());
        this.thread.setDaemon(true);
    }

    public Feeder start() {
        thread.start();
        return this;
    }

    private void run() {
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / clip.fps();
        long next = System.nanoTime();
        // Copies made up front: the sink may keep no reference, but we do not rely on it.
        byte[][] units = new byte[clip.frameCount()][];
        for (int i = 0; i < units.length; i++) {
            units[i] = clip.accessUnit(i);
        }
        java.util.Random random = new java.util.Random(20261125L);
        for (long n = 0; running; n++) {
            long wait;
            while (running && (wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!running) {
                break;
            }
            long now = System.nanoTime();
            long late = now - next;
            maxLateNanos = Math.max(maxLateNanos, late);
            if (late > periodNanos) {
                stalls++;
                synchronized (stallLog) {
                    stallLog.add("frame " + n + " (clip " + clipIndex(n) + ") "
                            + TimeUnit.NANOSECONDS.toMillis(late) + " ms late");
                }
            }
            // Never closer than one period to the previous frame: a late frame re-anchors the
            // schedule instead of being followed by a catch-up frame a few ms later.
            next = Math.max(next, now) + periodNanos
                    + TimeUnit.MICROSECONDS.toNanos(random.nextInt(extraSpacingMaxMillis * 1000 + 1));
            if (burstEvery > 0 && n % burstEvery == burstEvery - 1) {
                next = now; // the next frame follows immediately
            }
            boolean ok;
            long before = System.nanoTime();
            long after;
            try {
                ok = sink.send(units[clipIndex(n)]);
                after = System.nanoTime();
            } catch (RuntimeException e) {
                failure = e;
                LOG.log(Level.INFO, "feeder stopped after {0} frames: {1}", n, e.toString());
                break;
            }
            synchronized (accepted) {
                int i = accepted.size();
                if (i == sendStart.length) {
                    sendStart = java.util.Arrays.copyOf(sendStart, i * 2);
                    sendEnd = java.util.Arrays.copyOf(sendEnd, i * 2);
                }
                sendStart[i] = before;
                sendEnd[i] = after;
                accepted.add(ok);
                accepted.notifyAll();
            }
        }
    }

    /** The clip index sent as frame number {@code n} (0-based). */
    int clipIndex(long n) {
        return (int) (n % clip.frameCount());
    }

    /** System.nanoTime() just before frame number {@code n} was handed to the sink. */
    public long sendStartNanos(int n) {
        synchronized (accepted) {
            return sendStart[n];
        }
    }

    /** System.nanoTime() just after the sink returned for frame number {@code n}. */
    public long sendEndNanos(int n) {
        synchronized (accepted) {
            return sendEnd[n];
        }
    }

    /** Frames handed to the sink so far. */
    public int sent() {
        synchronized (accepted) {
            return accepted.size();
        }
    }

    /** Frames for which the sink returned {@code true}. */
    public int acceptedCount() {
        synchronized (accepted) {
            int c = 0;
            for (boolean b : accepted) {
                c += b ? 1 : 0;
            }
            return c;
        }
    }

    /** Blocks until at least {@code frames} frames were sent; false on timeout. */
    boolean awaitSent(int frames, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (accepted) {
            while (accepted.size() < frames) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || failure != null || !thread.isAlive()) {
                    return accepted.size() >= frames;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(accepted, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Times the feeder thread woke more than one frame period late (and skipped ahead). */
    int stalls() {
        return stalls;
    }

    /** A line for failure messages: frames sent/accepted, stalls and the worst lateness. */
    public String describe() {
        synchronized (stallLog) {
            return "feeder: sent " + sent() + ", accepted " + acceptedCount() + ", max late "
                    + TimeUnit.NANOSECONDS.toMillis(maxLateNanos) + " ms, stalls " + stallLog;
        }
    }

    public RuntimeException failure() {
        return failure;
    }

    /** Stops feeding and joins the thread. Idempotent. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
