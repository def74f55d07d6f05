package dev.activitylog.demo.control;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo entries go into a new log through the engine's append, and never into a log that has entries. */
class DemoFillTest {
    @TempDir
    Path dir;

    @Test
    void aNewLogGetsTheDemoEntriesInOrder() {
        List<NewEntry> demo = DemoEntries.generate(DemoEntries.SEED, DemoEntries.COUNT);
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir), pool)) {
            assertEquals(demo.size(), DemoFill.fillIfEmpty(engine.health(), engine::append, demo));

            assertEquals(demo.size(), engine.health().entries());
            List<Entry> stored = engine.query(EntryQuery.oldest(demo.size())).entries();
            assertEquals(demo, stored.stream().sorted(Comparator.comparingLong(Entry::seq)).map(e -> NewEntry.of(e.actor(), e.action(), blankToNull(e.subject()),
                    blankToNull(e.detail()))).toList());
            assertEquals(0, engine.verify().problems().size(), () -> engine.verify().toString());

            // Started again with the setting still on: the log has entries now, so nothing is added.
            assertEquals(0, DemoFill.fillIfEmpty(engine.health(), engine::append, demo));
            assertEquals(demo.size(), engine.health().entries());
        } finally {
            pool.dispose();
        }
    }

    @Test
    void aLogWithEntriesIsLeftAlone() {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir), pool)) {
            Entry real = engine.append(NewEntry.of("alice", "order.cancel", "order/1", "a real entry"));

            assertEquals(0, DemoFill.fillIfEmpty(engine.health(), engine::append,
                    DemoEntries.generate(DemoEntries.SEED, DemoEntries.COUNT)));
            assertEquals(1, engine.health().entries());
            assertEquals(real, engine.read(1).orElseThrow());
        } finally {
            pool.dispose();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
