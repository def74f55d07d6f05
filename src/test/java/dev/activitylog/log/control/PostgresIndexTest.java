package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine over a real PostgreSQL index, as nodes of a cluster share it ({@code activitylog.datasource}): each node
 * keeps, finds and recovers its own rows, and never touches another's. Tagged: run by {@code mvn verify} (a server
 * of its own, {@link PostgresServer}).
 */
@Tag("postgres")
class PostgresIndexTest {
    private PGSimpleDataSource index;

    @BeforeEach
    void database() {
        index = PostgresServer.freshDatabase();
    }

    private LogEngine start(Path dir, String node) {
        return LogEngine.start(LogConfig.defaults(dir).withNode(node).withIndexBatch(16), index);
    }

    @Test
    void twoNodesShareOneIndexAndEachFindsOnlyItsOwnEntries(@TempDir Path a, @TempDir Path b) throws Exception {
        LogEngine nodeA = start(a, "node-a");
        LogEngine nodeB = start(b, "node-b");
        try {
            for (int i = 0; i < 40; i++) {
                nodeA.append(NewEntry.of("alice", "a." + (i % 2), "s" + i, "on a"));
                nodeB.append(NewEntry.of(i % 4 == 0 ? "alice" : "bob", "b.act", "s" + i, "on b"));
            }
            assertEquals("on a", nodeA.read(7).orElseThrow().detail());
            assertEquals("on b", nodeB.read(7).orElseThrow().detail());
            List<Entry> alice = nodeB.query(EntryQuery.newest(50).actor("alice")).entries();
            assertEquals(List.of(37L, 33L, 29L, 25L, 21L, 17L, 13L, 9L, 5L, 1L), alice.stream().map(Entry::seq).toList());
            assertEquals(20, nodeA.query(EntryQuery.newest(50).action("a.1")).entries().size());
            Histogram h = nodeA.histogram(EntryQuery.newest(50), 4);
            assertEquals(40, h.total(), "counted by the index, this node's rows alone");
        } finally {
            nodeA.close();
            nodeB.close();
        }
        assertEquals(Map.of("node-a", 40L, "node-b", 40L), rowsByNode());

        LogEngine again = start(a, "node-a");
        try {
            RecoveryReport r = again.health().lastRecovery();
            assertTrue(r.clean(), "a clean restart finds its rows in the shared index: " + r.summary());
            assertEquals(LogState.AVAILABLE, again.health().state());
        } finally {
            again.close();
        }
    }

    @Test
    void aCrashedNodeRebuildsWhatTheIndexLostAndLeavesTheOtherNodesRows(@TempDir Path a, @TempDir Path b)
            throws Exception {
        LogEngine nodeB = start(b, "node-b");
        for (int i = 0; i < 10; i++) {
            nodeB.append(NewEntry.of("bob", "b.act", "s" + i, null));
        }
        nodeB.close();
        LogEngine nodeA = start(a, "node-a");
        for (int i = 0; i < 100; i++) {
            nodeA.append(NewEntry.of("alice", "a.act", "s" + i, null));
        }
        nodeA.abandon();  // a crash: rows still in memory are lost with it
        sql("DELETE FROM index_entry WHERE seq > 60 AND node_no = (SELECT node_no FROM index_node WHERE node = 'node-a')");

        LogEngine restarted = start(a, "node-a");
        try {
            RecoveryReport r = restarted.health().lastRecovery();
            assertFalse(r.clean(), "rows were missing: " + r.summary());
            assertEquals(100, restarted.health().indexed());
            assertEquals(100, restarted.query(EntryQuery.newest(200).actor("alice")).entries().size());
            assertEquals("s99", restarted.read(100).orElseThrow().subject());
        } finally {
            restarted.close();
        }
        assertEquals(Map.of("node-a", 100L, "node-b", 10L), rowsByNode());
    }

    @Test
    void aNodeWhoseIndexIsNewRebuildsItFromItsFiles(@TempDir Path a) throws Exception {
        LogEngine first = start(a, "node-a");
        for (int i = 0; i < 30; i++) {
            first.append(NewEntry.of("alice", "a.act", "s" + i, null));
        }
        first.close();
        PostgresServer pg = PostgresServer.shared();
        index = pg.dataSource(pg.createDatabase());  // the database restored empty, or a new one
        LogEngine restarted = start(a, "node-a");
        try {
            RecoveryReport r = restarted.health().lastRecovery();
            assertEquals(30, r.rowsIndexed(), r.summary());
            assertEquals(30, restarted.query(EntryQuery.newest(50).actor("alice")).entries().size());
        } finally {
            restarted.close();
        }
        assertEquals(Map.of("node-a", 30L), rowsByNode());
    }

    @Test
    void aSecondServerWithTheSameNodeIdIsRefusedBeforeWritingAnything(@TempDir Path a, @TempDir Path b)
            throws Exception {
        LogEngine first = start(a, "node-a");
        first.append(NewEntry.of("alice", "a.act", "s", null));
        first.close();
        first = start(a, "node-a");
        LogEngine second = start(b, "node-a");
        try {
            assertEquals(LogState.UNAVAILABLE, second.health().state());
            assertTrue(second.health().cause().contains("another server with node id 'node-a' uses this index"),
                    second.health().cause());
            LogUnavailableException refused = assertThrows(LogUnavailableException.class,
                    () -> second.append(NewEntry.of("bob", "b.act", "s", null)));
            assertEquals(LogUnavailableException.Reason.IN_USE, refused.reason());
            Path file = b.resolve(LogConfig.DEFAULT_FILE_NAME);
            assertTrue(!Files.exists(file) || Files.size(file) == 0, "nothing written to its file");
            assertEquals(Map.of("node-a", 1L), rowsByNode(), "nor to the index");
            assertEquals("alice", first.read(1).orElseThrow().actor());

            first.abandon();  // the first server dies: its session, and so its lease, ends with it
            Entry taken = second.append(NewEntry.of("bob", "b.act", "s", null));
            assertEquals(1, taken.seq(), "the second server's own file starts at 1");
        } finally {
            second.close();
        }
    }

    private Map<String, Long> rowsByNode() throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = index.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.node, COUNT(*) FROM index_entry e JOIN index_node n"
                     + " ON n.node_no = e.node_no GROUP BY n.node")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = index.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
