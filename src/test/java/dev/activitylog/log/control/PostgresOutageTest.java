package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL server of a shared index stopped at once (every session cut) and started again while a node
 * appends: every append is acknowledged meanwhile (the file is the truth), health says the index is failing, and
 * once the database is back every entry has its row and its line, once.
 */
@Tag("postgres")
class PostgresOutageTest {
    @Test
    void postgresStoppedAndStartedMidLoadLosesNothingAndDuplicatesNothing(@TempDir Path dir, @TempDir Path other)
            throws Exception {
        Path pgDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "pg-outage-");
        try (PostgresServer pg = PostgresServer.start(pgDir)) {
            PGSimpleDataSource index = pg.dataSource(pg.createDatabase());
            List<Entry> acked = new ArrayList<>();
            Health whileDown = null;
            try (LogEngine engine = LogEngine.start(LogConfig.defaults(dir).withNode("node-a").withIndexBatch(64),
                    index)) {
                for (int i = 0; i < 3_000; i++) {
                    if (i == 500) {
                        pg.halt();
                    } else if (i == 1_500) {
                        whileDown = engine.health();
                        pg.resume();
                    }
                    acked.add(engine.append(NewEntry.of("alice", "load", "s" + i, "entry " + i)));
                }
                engine.maintain();
                engine.afterFlush();
                assertEquals(LogState.DEGRADED, whileDown.state(), "health said so while the database was down");
                assertTrue(whileDown.indexed() < 1_500, "the index was behind: " + whileDown.indexed());
                Health after = engine.health();
                assertEquals(LogState.AVAILABLE, after.state(), String.valueOf(after.indexProblem()));
                assertEquals(3_000, after.indexed());
                for (Entry e : acked) {  // a connection per read (no pool here): a sample, and around both edges
                    long s = e.seq();
                    if (s % 100 == 0 || Math.abs(s - 500) < 3 || Math.abs(s - 1_500) < 3) {
                        assertEquals(e, engine.cluster().read("node-a", s).orElseThrow(), "line of entry " + s);
                    }
                }
                VerifyReport v = engine.verify();
                assertTrue(v.ok(), v.problems().toString());
                assertEquals(3_000, v.indexRowsChecked());

                // The restart ended the node's session and its lease with it: maintenance took it again.
                try (LogEngine second = LogEngine.start(LogConfig.defaults(other).withNode("node-a"), index)) {
                    assertEquals(LogUnavailableException.Reason.IN_USE, assertThrows(LogUnavailableException.class,
                            () -> second.append(NewEntry.of("mallory", "load", "s", null))).reason());
                }
                // Another server that takes the id first, while the database is back and before maintenance: this
                // log stops writing, and says why, until the id is free again.
                pg.halt();
                pg.resume();
                try (LogEngine third = LogEngine.start(LogConfig.defaults(other).withNode("node-a"), index)) {
                    assertEquals(LogState.AVAILABLE, third.health().state());
                    engine.maintain();
                    LogUnavailableException refused = assertThrows(LogUnavailableException.class,
                            () -> engine.append(NewEntry.of("alice", "load", "late", null)));
                    assertEquals(LogUnavailableException.Reason.IN_USE, refused.reason());
                }
                engine.maintain();
                assertEquals(3_001, engine.append(NewEntry.of("alice", "load", "back", null)).seq());
            }
            for (String table : List.of("index_entry", "index_line")) {
                try (Connection c = index.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM "
                             + table)) {
                    rs.next();
                    assertEquals(List.of(3_001L, 3_001L, 1L, 3_001L), List.of(rs.getLong(1), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4)), table + ": every entry of node a once, 1..3001");
                }
            }
        }
    }
}
