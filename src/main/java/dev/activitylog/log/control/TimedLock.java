package dev.activitylog.log.control;

import java.util.concurrent.TimeUnit;

/**
 * The engine's write lock, which also tells since when its current holder has held it and who that is: what a
 * liveness check measures, without the holder having to report anything (a thread stuck in a write or in the index
 * is stuck precisely where it cannot report).
 */
final class TimedLock extends java.util.concurrent.locks.ReentrantLock {
    /** System.nanoTime() of the outermost acquisition by the current holder; 0 while free. */
    private volatile long since;

    @Override
    public void lock() {
        super.lock();
        acquired();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        super.lockInterruptibly();
        acquired();
    }

    @Override
    public boolean tryLock() {
        boolean got = super.tryLock();
        if (got) {
            acquired();
        }
        return got;
    }

    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        boolean got = super.tryLock(timeout, unit);
        if (got) {
            acquired();
        }
        return got;
    }

    @Override
    public void unlock() {
        if (getHoldCount() == 1) {
            since = 0;  // before the release: a new holder's time is never overwritten
        }
        super.unlock();
    }

    /** How long the current holder has held it, in nanoseconds; 0 while free. */
    long heldNanos() {
        long s = since;
        return s == 0 ? 0 : Math.max(1, System.nanoTime() - s);
    }

    /** The holding thread's name, or null while free. */
    String holderName() {
        Thread owner = getOwner();
        return owner == null ? null : owner.getName();
    }

    private void acquired() {
        if (getHoldCount() == 1) {
            since = System.nanoTime();
        }
    }
}
