package dev.activitylog.log.control;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread that writes index rows, so an append costs a file write and never a database commit. It runs when an
 * append signals a full batch, and at least every interval so a quiet log's index catches up. Writing the index
 * from a thread of its own also keeps H2 away from callers' interrupts.
 */
final class Indexer {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Runnable flush;
    private final long intervalNanos;
    private final Thread thread;
    /** Set by {@link #signal}, cleared by the thread before each flush; read without the lock by appenders. */
    private volatile boolean signalled;
    private boolean stopped;

    Indexer(ThreadFactory threads, Runnable flush, long intervalMillis) {
        this.flush = flush;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.thread = threads.newThread(this::run);
        thread.setName("activity-log-indexer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A batch is ready. Once signalled, later appends until the next flush find the flag set and skip the lock: a
     * row added before the thread clears the flag is in the flush that follows, as the flush reads rows after that.
     */
    void signal() {
        if (signalled) {
            return;
        }
        lock.lock();
        try {
            signalled = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread and waits for a flush in progress to end. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        lock.lock();
        try {
            while (!stopped) {
                if (!signalled) {
                    wake.awaitNanos(intervalNanos);
                }
                if (stopped) {
                    return;
                }
                signalled = false;
                lock.unlock();
                try {
                    flush.run();
                } finally {
                    lock.lock();
                }
            }
        } catch (InterruptedException e) {
            // stopped by the container: the engine's close flushes what is left
        } finally {
            lock.unlock();
        }
    }
}
