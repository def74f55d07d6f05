package dev.activitylog.log.control;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Makes written bytes durable for many appenders with few fsyncs, outside the append lock (LevelDB's group commit):
 * the first waiter becomes the leader and fsyncs everything written so far; appenders that wrote meanwhile wait for
 * that fsync or the next one. One instance per open file.
 */
final class GroupCommit {
    @FunctionalInterface
    interface Force {
        void force() throws IOException;

        /** This fsync, each successful run's duration told to {@code metrics}. */
        default Force timed(LogMetrics metrics) {
            return () -> {
                long t0 = System.nanoTime();
                force();
                metrics.fsynced(System.nanoTime() - t0);
            };
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LongSupplier written;
    private final Force force;
    private long synced;
    private boolean syncing;
    /** System.nanoTime() when the running fsync began, 0 when none runs: read by health without the lock. */
    private volatile long syncingSince;
    private IOException failure;
    private long lastSyncNanos = System.nanoTime();
    private long syncs;

    /**
     * @param written how many bytes of the file are written (the append position)
     * @param synced  how many are already durable when the file opens
     */
    GroupCommit(LongSupplier written, long synced, Force force) {
        this.written = written;
        this.synced = synced;
        this.force = force;
    }

    /** Returns once bytes up to {@code end} are durable; throws the fsync failure that prevents it. */
    void await(long end) throws IOException {
        lock.lock();
        try {
            while (synced < end) {
                if (failure != null) {
                    throw failure;
                }
                if (syncing) {
                    changed.awaitUninterruptibly();  // the entry is written: the caller is owed an answer
                } else {
                    lead();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fsyncs what is written if the last fsync is older than the interval and no fsync is running; never waits. */
    void syncIfDue(long intervalNanos) throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            if (!syncing && synced < written.getAsLong() && System.nanoTime() - lastSyncNanos >= intervalNanos) {
                lead();
                if (failure != null) {
                    throw failure;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** One fsync of everything written so far, with the lock released while the disk works. Caller holds the lock. */
    private void lead() {
        syncing = true;
        syncingSince = System.nanoTime();
        long target = written.getAsLong();
        lock.unlock();
        IOException error = null;
        try {
            force.force();
        } catch (IOException e) {
            error = e;
        } finally {
            lock.lock();
        }
        syncing = false;
        syncingSince = 0;
        syncs++;
        lastSyncNanos = System.nanoTime();
        if (error == null) {
            synced = Math.max(synced, target);
        } else {
            failure = error;  // sticky: after a failed fsync nothing more is acknowledged until the file is reopened
        }
        changed.signalAll();
    }

    /** How long the running fsync has taken, in nanoseconds; 0 when none runs. Never waits. */
    long syncRunningNanos() {
        long s = syncingSince;
        return s == 0 ? 0 : Math.max(1, System.nanoTime() - s);
    }

    /** Appenders waiting for a running fsync (tests use it to line callers up behind a leader). */
    int waiting() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(changed);
        } finally {
            lock.unlock();
        }
    }

    long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }
}
