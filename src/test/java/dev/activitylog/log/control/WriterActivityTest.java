package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.WriterActivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What health says the writer is busy with, measured while a disk hangs in an fsync (what liveness judges). */
class WriterActivityTest {
    @TempDir
    Path dir;

    @Test
    void aGroupFsyncThatHangsIsSeenRunningOutsideTheWriteLock() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withDurability(Durability.GROUP), faults)) {
            assertEquals(WriterActivity.IDLE, log.engine.health().writer(), "an idle log");
            CountDownLatch disk = new CountDownLatch(1);
            faults.hangForce = disk;
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> append = pool.submit(() -> log.engine.append(NewEntry.of("alice", "a", "s", "d")));
                WriterActivity busy = awaitWriter(log.engine, w -> w.fsyncMillis() > 0);
                assertEquals(0, busy.lockHeldMillis(), "the group fsync holds no write lock: " + busy);
                disk.countDown();
                append.get(10, TimeUnit.SECONDS);
                assertEquals(WriterActivity.IDLE, log.engine.health().writer(), "idle again once the fsync returned");
            } finally {
                disk.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anFsyncUnderTheWriteLockIsSeenAsTheLockHeldByTheAppendingThread() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withDurability(Durability.FSYNC), faults)) {
            CountDownLatch disk = new CountDownLatch(1);
            faults.hangForce = disk;
            Thread appender = new Thread(() -> log.engine.append(NewEntry.of("bob", "a", "s", "d")), "appender-hung-in-fsync");
            appender.start();
            try {
                WriterActivity busy = awaitWriter(log.engine, w -> w.lockHeldMillis() > 0);
                assertEquals("appender-hung-in-fsync", busy.lockHolder());
            } finally {
                disk.countDown();
                appender.join(10_000);
            }
            assertEquals(WriterActivity.IDLE, log.engine.health().writer());
        }
    }

    @Test
    void aReentrantHoldIsTimedFromItsOutermostAcquisition() throws Exception {
        TimedLock lock = new TimedLock();
        assertEquals(0, lock.heldNanos());
        lock.lock();
        try {
            long first = lock.heldNanos();
            assertTrue(first > 0);
            lock.lock();
            lock.unlock();
            assertTrue(lock.heldNanos() >= first, "the inner release does not end the hold");
            assertEquals(Thread.currentThread().getName(), lock.holderName());
        } finally {
            lock.unlock();
        }
        assertEquals(0, lock.heldNanos());
        assertEquals(null, lock.holderName());
    }

    private static WriterActivity awaitWriter(LogEngine engine, Predicate<WriterActivity> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        WriterActivity w = engine.health().writer();
        while (!condition.test(w)) {
            assertTrue(System.nanoTime() < deadline, "health never showed the hung fsync: " + w);
            Thread.onSpinWait();  // the fsync is blocked until the test releases it
            w = engine.health().writer();
        }
        return w;
    }
}
