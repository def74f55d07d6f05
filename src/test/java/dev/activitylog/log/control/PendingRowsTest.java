package dev.activitylog.log.control;

import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PendingRowsTest {
    /**
     * A flush writes the rows waiting when it begins. Rows appended while its transaction runs wait for the next
     * batch: chasing them would commit a few rows per transaction, at a transaction's cost each.
     */
    @Test
    void aFlushWritesTheRowsWaitingWhenItBeginsNotThoseAddedWhileItRuns(@TempDir Path dir) throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DataSource held = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && hold.getAndSet(false)) {
                        inside.countDown();  // the flush has taken its rows and is about to write them
                        release.await();
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        EntryIndex index = new EntryIndex(held, "node-a", true);
        index.migrate();
        PendingRows pending = new PendingRows(index, LogConfig.defaults(dir).withIndexBatch(1_000));
        pending.stop();  // no indexer thread: this test runs every flush itself
        try {
            for (long seq = 1; seq <= 10; seq++) {
                pending.add(row(seq));
            }
            hold.set(true);
            Thread flushing = new Thread(pending::flush);
            flushing.start();
            inside.await();
            for (long seq = 11; seq <= 20; seq++) {
                pending.add(row(seq));
            }
            release.countDown();
            flushing.join();

            assertEquals(10, pending.indexedUpTo(), "the first flush wrote the ten rows it found, no more");
            assertEquals(10, index.range(1, 20).size());
            assertEquals(20, pending.range(1, 20).size(), "the other ten wait in memory, and are found there");
            pending.flush();
            assertEquals(20, pending.indexedUpTo());
            assertEquals(20, index.range(1, 20).size());
        } finally {
            pool.dispose();
        }
    }

    private static IndexRow row(long seq) {
        return new IndexRow(seq, 100 * seq, 100, seq, "alice", "order.update", "SUCCESS", null);
    }
}
