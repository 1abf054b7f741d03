package org.camstream.rtsp.runtime;

/** Thread lifecycle helpers shared by the server and the publisher. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits until {@code thread} has ended, even if the caller is interrupted meanwhile (a stop must
     * not return while the thread still owns sockets and buffers); the interrupt is restored after.
     * Does nothing when called on {@code thread} itself.
     */
    public static void joinUninterruptibly(Thread thread) {
        if (Thread.currentThread() == thread) return;
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
