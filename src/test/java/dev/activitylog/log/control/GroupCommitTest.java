package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogWriteException;
import dev.activitylog.log.entity.NewEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void appendersWaitingBehindALeaderAreCoveredByItsFsyncOrTheNextOne() throws Exception {
        CountDownLatch diskBusy = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        GroupCommit commit = new GroupCommit(() -> 100, 0, () -> {
            forces.incrementAndGet();
            try {
                diskBusy.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> waits = new ArrayList<>();
        waits.add(pool.submit(() -> {
            commit.await(10);
            return null;
        }));
        while (forces.get() == 0) {
            Thread.onSpinWait();  // until the leader is inside its fsync
        }
        for (int i = 1; i <= 4; i++) {
            long end = 10 + 20L * i;
            waits.add(pool.submit(() -> {
                commit.await(end);
                return null;
            }));
        }
        while (commit.waiting() < 4) {
            Thread.onSpinWait();  // until all four wait behind the leader
        }
        diskBusy.countDown();
        for (Future<?> f : waits) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(1, forces.get(), "five appenders, one fsync: the leader synced everything written when it started");
        assertEquals(1, commit.syncs());
    }

    @Test
    void aFailedFsyncFailsEveryWaiterAndEveryLaterOne() {
        IOException broken = new IOException("Input/output error");
        GroupCommit commit = new GroupCommit(() -> 50, 0, () -> {
            throw broken;
        });
        assertSame(broken, assertThrows(IOException.class, () -> commit.await(10)));
        assertSame(broken, assertThrows(IOException.class, () -> commit.await(20)), "sticky until the file is reopened");
    }

    @Test
    void groupDurabilityAcknowledgesManyConcurrentAppendsWithFewerFsyncs() throws Exception {
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withDurability(Durability.GROUP),
                java.nio.channels.FileChannel::open)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<List<Entry>>> writers = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                String who = "w" + w;
                writers.add(pool.submit(() -> {
                    List<Entry> mine = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        mine.add(log.engine.append(NewEntry.of(who, "act", who + "-" + i, null)));
                    }
                    return mine;
                }));
            }
            List<Entry> all = new ArrayList<>();
            for (Future<List<Entry>> f : writers) {
                all.addAll(f.get(2, TimeUnit.MINUTES));
            }
            pool.shutdown();
            long syncs = log.engine.writer().commit.syncs();
            System.out.printf("group commit: %d appends from 16 threads, %d fsyncs%n", all.size(), syncs);
            assertTrue(syncs >= 1 && syncs <= all.size(), "at most one fsync per append: " + syncs);
            for (Entry e : all) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
        }
    }

    @Test
    void aFailedGroupFsyncMakesTheLogReadOnlyUntilReopened() {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withDurability(Durability.GROUP), faults)) {
            log.engine.append(NewEntry.of("a", "before", null, null));
            faults.failForce = true;
            LogWriteException e = assertThrows(LogWriteException.class, () -> log.engine.append(NewEntry.of("a", "x", null, null)));
            assertTrue(e.getMessage().contains("not acknowledged"), e.getMessage());
            assertEquals(LogState.READ_ONLY, log.engine.health().state());
            faults.heal();
            log.engine.maintain();
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
            log.engine.append(NewEntry.of("a", "after", null, null));
            assertTrue(log.engine.verify().ok());
        }
    }
}
