package org.camstream.h264;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed crew of worker threads that run one task per index, index 0 on the calling thread and 1..n on
 * the workers, and return when all are done: one picture's slices in parallel. The threads are created
 * once and park between pictures; a run hands over with a volatile generation counter and
 * {@link LockSupport#unpark}, which allocate nothing (unlike an executor's futures or a condition queue).
 *
 * <p>Memory visibility: what the caller wrote before {@link #run()} is visible to the workers (the
 * volatile generation write / read), and what the workers wrote is visible to the caller after
 * {@code run()} returns (the atomic countdown). Used by one calling thread at a time.
 */
final class SliceThreads implements AutoCloseable {
    private final Thread[] workers;
    private final IntConsumer task;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile Thread caller;
    private volatile boolean stopped;
    private volatile Throwable failure;

    /**
     * @param workerCount threads besides the caller (>= 1)
     * @param task        what index i runs; must not throw in normal operation (a throw is re-thrown by run)
     */
    SliceThreads(int workerCount, IntConsumer task, String name) {
        this.task = task;
        this.workers = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++) {
            int index = i + 1;
            Thread t = new Thread(() -> work(index), name + "-" + index);
            t.setDaemon(true); // an encoder the application forgot to close must not keep the JVM alive
            workers[i] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /** Runs task(0) here and task(1..workers) on the workers; returns once every one has finished. */
    void run() {
        if (stopped) {
            throw new IllegalStateException("slice threads are stopped");
        }
        caller = Thread.currentThread();
        pending.set(workers.length);
        generation++; // single writer; the volatile write publishes the picture's inputs
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        Throwable own = null;
        try {
            task.accept(0);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        while (pending.get() != 0) {
            LockSupport.park(this);
        }
        Throwable f = own != null ? own : failure;
        failure = null;
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f != null) {
            throw (Error) f;
        }
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            while (generation == seen && !stopped) {
                LockSupport.park(this);
            }
            if (stopped) {
                return;
            }
            seen = generation;
            try {
                task.accept(index);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** @return the worker threads' ids (for tests that count their allocations) */
    long[] workerIds() {
        long[] ids = new long[workers.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = workers[i].getId();
        }
        return ids;
    }

    /** Stops and joins the workers (at most about a second each). Idempotent. */
    @Override
    public void close() {
        stopped = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
