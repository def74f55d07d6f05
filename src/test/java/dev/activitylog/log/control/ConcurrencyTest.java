package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyTest {
    @TempDir
    Path dir;

    /** An entry's content is a function of its number, so any reader can check what it got. */
    private static NewEntry content(String writer, int i) {
        return NewEntry.of(writer, "act", writer + "#" + i, "payload of " + writer + "#" + i);
    }

    @Test
    void readersAndQueriesDuringConcurrentAppendsAlwaysSeeIntactEntries() throws Exception {
        int writers = 4;
        int perWriter = 1500;
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withIndexBatch(64), java.nio.channels.FileChannel::open)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers + 4);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            List<Future<List<Entry>>> appended = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "w" + w;
                appended.add(pool.submit(() -> {
                    List<Entry> mine = new ArrayList<>();
                    for (int i = 0; i < perWriter; i++) {
                        mine.add(log.engine.append(content(writer, i)));
                    }
                    return mine;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                boolean pages = r % 2 == 0;
                readers.add(pool.submit(() -> {
                    while (writing.get()) {
                        long top = log.engine.health().entries();
                        if (top == 0) {
                            continue;
                        }
                        if (pages) {
                            Page p = log.engine.query(EntryQuery.newest(50).before(top + 1));
                            assertTrue(p.corrupt().isEmpty());
                            long expect = top;
                            for (Entry e : p.entries()) {
                                assertEquals(expect--, e.seq(), "a page is contiguous, newest first");
                                assertIntact(e);
                            }
                        } else {
                            long seq = ThreadLocalRandom.current().nextLong(1, top + 1);
                            Entry e = log.engine.read(seq).orElseThrow(() -> new AssertionError("entry " + seq + " of " + top + " missing"));
                            assertEquals(seq, e.seq());
                            assertIntact(e);
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            List<Entry> all = new ArrayList<>();
            for (Future<List<Entry>> f : appended) {
                List<Entry> mine = f.get(2, TimeUnit.MINUTES);
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i).seq() > mine.get(i - 1).seq(), "a writer's entries are in its order");
                }
                all.addAll(mine);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(1, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertTrue(reads.get() > 0, "the readers ran during the appends");

            all.sort((a, b) -> Long.compare(a.seq(), b.seq()));
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i).seq(), "sequence numbers are contiguous, no gaps and no duplicates");
            }
            log.restart();
            for (Entry e : all) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
        }
    }

    private static void assertIntact(Entry e) {
        String id = e.subject();
        assertEquals("payload of " + id, e.detail(), "fields belong to the same entry");
        assertTrue(id.startsWith(e.actor() + "#"), "actor and subject belong together");
    }
}
