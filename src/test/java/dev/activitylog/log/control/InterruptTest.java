package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers and writers cancelled with {@code Future.cancel(true)} mid-call: an interrupt must not close the shared
 * file for the others, nor break the H2 index.
 */
class InterruptTest {
    private static final int TASKS = 20_000;

    @TempDir
    Path dir;

    @Test
    void interruptedReadersAndWritersLeaveTheFileAndTheIndexWorkingForEveryone() throws Exception {
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withIndexBatch(32), java.nio.channels.FileChannel::open)) {
            log.appendMany(500, "seed");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Random random = new Random(7);
            List<Future<Entry>> tasks = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                int n = i;
                Future<Entry> f = pool.submit(() -> n % 5 == 0 ? appendChecked(log, n) : readChecked(log));
                tasks.add(f);
                if (random.nextInt(3) == 0) {
                    tasks.get(random.nextInt(tasks.size())).cancel(true);
                }
            }
            long cancelled = 0;
            List<Entry> appended = new ArrayList<>();
            for (Future<Entry> f : tasks) {
                try {
                    Entry e = f.get(1, TimeUnit.MINUTES);
                    if (e != null) {
                        appended.add(e);
                    }
                } catch (CancellationException e) {
                    cancelled++;
                } catch (ExecutionException e) {
                    throw new AssertionError("a call failed because of someone's interrupt", e.getCause());
                }
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));

            assertTrue(cancelled > 0);
            System.out.printf("interrupts: %d tasks, %d cancelled (interrupted if running), shared channel reopened %d times, %d appends%n",
                    TASKS, cancelled, log.engine.writer().channels.active().reopens(), appended.size());
            for (Entry e : appended) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow(), "every acknowledged append is there");
            }
            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
            log.restart();
            VerifyReport afterRestart = log.engine.verify();
            assertTrue(afterRestart.ok(), afterRestart.summary());
            assertEquals(log.engine.health().entries(), afterRestart.indexRowsChecked(), "the H2 index survived: index == file");
        }
    }

    private static Entry appendChecked(TestLog log, int n) {
        Entry e = log.engine.append(NewEntry.of("w", "write", "n" + n, "payload n" + n));
        assertEquals("payload n" + n, e.detail());
        return e;
    }

    private static Entry readChecked(TestLog log) {
        long top = log.engine.health().entries();
        long seq = ThreadLocalRandom.current().nextLong(1, top + 1);
        Entry e = log.engine.read(seq).orElseThrow();
        assertEquals(seq, e.seq());
        if (seq % 7 == 0) {
            Page p = log.engine.query(EntryQuery.newest(10).before(seq + 1));
            assertEquals(seq, p.entries().get(0).seq());
        }
        return null;
    }
}
