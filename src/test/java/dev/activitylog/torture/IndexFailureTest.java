package dev.activitylog.torture;

import dev.activitylog.testing.SwitchableDataSource;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index database fails while the file keeps working: nothing acknowledged is lost, the index catches up. */
class IndexFailureTest {
    @TempDir
    Path dir;

    @Test
    void appendsGoOnWhileTheIndexIsDownAndTheIndexCatchesUp() {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        SwitchableDataSource index = new SwitchableDataSource(pool);
        try (LogEngine engine = LogEngine.start(LogConfig.defaults(dir).withIndexBatch(16), index)) {
            List<Entry> written = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                written.add(engine.append(NewEntry.of("alice", "before", "s" + i, null)));
            }
            index.down = true;
            for (int i = 0; i < 100; i++) {
                written.add(engine.append(NewEntry.of("bob", "during", "s" + i, null)));
            }
            engine.maintain();  // a flush attempt now, not whenever the index writer thread gets to it
            Health h = engine.health();
            assertEquals(120, h.entries(), "every append was acknowledged: it is in the file");
            assertTrue(h.indexLag() >= 100 - 16, "rows wait in memory: lag " + h.indexLag());
            assertNotNull(h.indexProblem());
            assertTrue(h.indexProblem().contains("index database is down"), h.indexProblem());
            for (Entry e : written.subList(20, 120)) {
                assertEquals(e, engine.read(e.seq()).orElseThrow(), "entries waiting for the index read from memory");
            }
            assertEquals(written.get(119), engine.query(EntryQuery.newest(1).actor("bob")).entries().get(0));

            index.down = false;
            engine.maintain();
            h = engine.health();
            assertEquals(0, h.indexLag(), "caught up");
            assertNull(h.indexProblem());
            VerifyReport v = engine.verify();
            assertTrue(v.ok(), v.summary());
            assertEquals(120, v.indexRowsChecked());
        } finally {
            pool.dispose();
        }
    }

    @Test
    void rowsThatNeverReachedTheIndexAreRecoveredFromTheFileAfterARestart() {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        SwitchableDataSource index = new SwitchableDataSource(pool);
        LogEngine engine = LogEngine.start(LogConfig.defaults(dir).withIndexBatch(8), index);
        for (int i = 0; i < 10; i++) {
            engine.append(NewEntry.of("alice", "before", "s" + i, null));
        }
        index.down = true;
        for (int i = 0; i < 50; i++) {
            engine.append(NewEntry.of("bob", "during", "s" + i, null));
        }
        engine.close();  // the final flush fails too: the rows exist only in the file now
        index.down = false;
        try (LogEngine restarted = LogEngine.start(LogConfig.defaults(dir), index)) {
            assertTrue(restarted.health().lastRecovery().rowsIndexed() >= 50 - 8, restarted.health().lastRecovery().summary());
            assertEquals(60, restarted.health().entries());
            assertEquals("s49", restarted.read(60).orElseThrow().subject());
            assertTrue(restarted.verify().ok());
        } finally {
            pool.dispose();
        }
    }
}
