package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.SwitchableDataSource;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long index outage (a PostgreSQL index down for hours): past {@link PendingRows#MAX_BACKLOG} rows in memory the
 * file is the backlog, appends go on, and once the index answers the entries are read back from the file into it,
 * none lost, none twice.
 */
class IndexBacklogTest {
    @Test
    void pastTheBacklogTheFileIsTheBacklogAndTheIndexCatchesUpFromIt(@TempDir Path dir) throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        SwitchableDataSource index = new SwitchableDataSource(pool);
        int during = (int) PendingRows.MAX_BACKLOG + 3 * IndexBacklog.CHUNK + 17;
        try (LogEngine engine = LogEngine.start(LogConfig.defaults(dir).withIndexBatch(256), index)) {
            for (int i = 0; i < 10; i++) {
                engine.append(NewEntry.of("alice", "before", "s" + i, null));
            }
            engine.maintain();
            index.down = true;
            Entry last = null;
            for (int i = 0; i < during; i++) {
                last = engine.append(NewEntry.of("bob", "during", "s" + i, null));
            }
            engine.maintain();
            Health h = engine.health();
            assertEquals(10 + during, h.entries(), "every append was acknowledged: it is in the file");
            assertEquals(10, h.indexed());
            assertTrue(h.indexProblem().contains("index database is down"), h.indexProblem());
            assertEquals(last, engine.read(last.seq()).orElseThrow(), "reads by number need no index");
            long newestBob = engine.query(EntryQuery.newest(1).actor("bob")).entries().get(0).seq();
            assertTrue(newestBob < last.seq(), "rows past the backlog are not kept in memory: newest known " + newestBob);

            index.down = false;
            engine.maintain();  // the rows in memory go first
            engine.afterFlush();  // then the rest is read back from the file
            engine.maintain();
            h = engine.health();
            assertEquals(0, h.indexLag(), "caught up");
            assertNull(h.indexProblem());
            Entry after = engine.append(NewEntry.of("bob", "after", "s", null));
            assertEquals(List.of(after.seq(), last.seq(), last.seq() - 1),
                    engine.query(EntryQuery.newest(3).actor("bob")).entries().stream().map(Entry::seq).toList());
            assertEquals(during, countRows(pool, r -> "during".equals(r.action())), "every entry of the outage has its row");
        }
        try (LogEngine reopened = LogEngine.start(LogConfig.defaults(dir), pool)) {
            assertTrue(reopened.health().lastRecovery().clean(), reopened.health().lastRecovery().summary());
            assertEquals(11 + during, countRows(pool, r -> true));
        } finally {
            pool.dispose();
        }
    }

    private static long countRows(JdbcConnectionPool pool, java.util.function.Predicate<IndexRow> which) {
        List<IndexRow> rows = TestLog.rows(pool).stream().filter(which).toList();
        assertEquals(rows.size(), rows.stream().map(IndexRow::seq).distinct().count(), "no entry indexed twice");
        return rows.size();
    }
}
