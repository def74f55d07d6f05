package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.PostgresServer;
import dev.activitylog.testing.Tamper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each node's lines in the shared PostgreSQL index: any node serves any node's entries, also while that node is
 * down, and checks them on the way out as it checks its own file; a node copies its lines on from where the index's
 * copy ends, never twice.
 */
@Tag("postgres")
class IndexLinesTest {
    private PGSimpleDataSource index;

    @BeforeEach
    void database() {
        index = PostgresServer.freshDatabase();
    }

    private LogEngine start(Path dir, String node) {
        return LogEngine.start(LogConfig.defaults(dir).withNode(node), index);
    }

    /** What the indexer thread does after a flush, done now: rows committed, then the lines copied. */
    private static void settle(LogEngine engine) {
        engine.maintain();
        engine.afterFlush();
    }

    @Test
    void anyNodeReadsAnotherNodesEntriesCheckedAlsoWhileThatNodeIsDown(@TempDir Path a, @TempDir Path b)
            throws Exception {
        List<Entry> written = new ArrayList<>();
        LogEngine nodeA = start(a, "node-a");
        for (int i = 1; i <= 30; i++) {
            written.add(nodeA.append(NewEntry.of("alice", "a.act", "s" + i, "detail " + i)));
        }
        settle(nodeA);
        nodeA.close();  // node a is down from here on
        try (LogEngine nodeB = start(b, "node-b")) {
            for (Entry e : List.of(written.get(0), written.get(6), written.get(29))) {
                assertEquals(Optional.of(e), nodeB.cluster().read("node-a", e.seq()), "entry " + e.seq());
            }
            assertEquals(Optional.empty(), nodeB.cluster().read("node-a", 31));
            assertEquals(Optional.empty(), nodeB.cluster().read("node-c", 1), "a node the index does not know");

            String line = line(5);
            sql("UPDATE index_line SET line = '" + line.replace("detail 5", "detail 6") + "' WHERE seq = 5");
            CorruptEntryException damaged = assertThrows(CorruptEntryException.class,
                    () -> nodeB.cluster().read("node-a", 5));
            assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());

            sql("UPDATE index_line SET line = '" + Tamper.editWithValidCrc(line, "detail 5", "detail 6")
                    + "' WHERE seq = 5");
            CorruptEntryException forged = assertThrows(CorruptEntryException.class,
                    () -> nodeB.cluster().read("node-a", 5));
            assertTrue(forged.getMessage().contains("hash chain broken"), forged.getMessage());
        }
    }

    @Test
    void aNodeCopiesItsLinesOnFromWhereTheIndexsCopyEndsNeverTwice(@TempDir Path a) throws Exception {
        try (LogEngine nodeA = start(a, "node-a")) {
            for (int i = 1; i <= 30; i++) {
                nodeA.append(NewEntry.of("alice", "a.act", "s" + i, "detail " + i));
            }
            settle(nodeA);
        }
        assertEquals(30, count("SELECT COUNT(*) FROM index_line"));
        sql("DELETE FROM index_line WHERE seq > 20");  // the copy fell behind (an outage, a restored database)
        try (LogEngine nodeA = start(a, "node-a")) {
            nodeA.append(NewEntry.of("alice", "a.act", "s31", null));
            settle(nodeA);
            assertEquals("s31", nodeA.cluster().read("node-a", 31).orElseThrow().subject(),
                    "the index's copy, read the way other nodes read it");
        }
        assertEquals(31, count("SELECT COUNT(*) FROM index_line"));
        assertEquals(31, count("SELECT COUNT(DISTINCT seq) FROM index_line"));
    }

    private String line(long seq) throws SQLException {
        try (Connection c = index.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT line FROM index_line WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = index.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = index.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
