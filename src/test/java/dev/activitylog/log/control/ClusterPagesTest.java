package dev.activitylog.log.control;

import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.NodeEntry;
import dev.activitylog.testing.PostgresServer;
import dev.activitylog.testing.SettableClock;
import dev.activitylog.testing.TestIndex;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The merged view of two nodes on a real PostgreSQL index: every node's entries newest first by time, then node,
 * then number, in keyset pages that neither repeat nor skip an entry, filtered by node, actor or text; a line that
 * fails its check is named, not shown.
 */
@Tag("postgres")
class ClusterPagesTest {
    private static final Comparator<NodeEntry> NEWEST_FIRST = Comparator
            .comparing((NodeEntry n) -> n.entry().time()).thenComparing(NodeEntry::node)
            .thenComparingLong(n -> n.entry().seq()).reversed();

    @Test
    void pagesOfEveryNodesEntriesNewestFirstNeitherRepeatNorSkip(@TempDir Path a, @TempDir Path b) throws Exception {
        PGSimpleDataSource index = PostgresServer.freshDatabase();
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
        List<NodeEntry> all = new ArrayList<>();
        try (LogEngine nodeA = LogEngine.start(LogConfig.defaults(a).withNode("node-a").withClock(clock), index);
             LogEngine nodeB = LogEngine.start(LogConfig.defaults(b).withNode("node-b").withClock(clock), index)) {
            for (int i = 0; i < 23; i++) {
                all.add(new NodeEntry("node-a", nodeA.append(NewEntry.of(i % 3 == 0 ? "carol" : "alice", "a.act",
                        "s" + i, i == 7 ? "needle" : "detail"))));
                if (i % 4 != 3) {  // some entries of both nodes share a time: node, then number, decide
                    clock.advance(Duration.ofMillis(1));
                }
                all.add(new NodeEntry("node-b", nodeB.append(NewEntry.of(i % 5 == 0 ? "carol" : "bob", "b.act",
                        "s" + i, "detail"))));
                clock.advance(Duration.ofMillis(1));
            }
            for (LogEngine n : List.of(nodeA, nodeB)) {
                n.maintain();
                n.afterFlush();
            }
            all.sort(NEWEST_FIRST);

            assertEquals(all, walk(nodeB, EntryQuery.newest(7), null));
            assertEquals(only(all, n -> n.node().equals("node-a")), walk(nodeB, EntryQuery.newest(5), "node-a"));
            assertEquals(only(all, n -> n.entry().actor().equals("carol")),
                    walk(nodeA, EntryQuery.newest(4).actor("carol"), null));
            assertEquals(only(all, n -> n.entry().detail().equals("needle")),
                    walk(nodeA, EntryQuery.newest(3).text("needle"), null));

            try (Connection c = index.getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE index_line SET line = 'x' || line WHERE seq = 3 AND node_no ="
                        + " (SELECT node_no FROM index_node WHERE node = 'node-b')");
            }
            ClusterPage page = nodeA.cluster().page(EntryQuery.newest(100), null, null);
            assertEquals(List.of("node-b:3"), page.corrupt());
            assertEquals(all.size() - 1, page.entries().size());
            assertNull(page.nextBefore());
        }
        assertThrows(IllegalArgumentException.class, () -> ClusterCursor.parse("12:no node:3"));
    }

    @Test
    void withTheEmbeddedIndexTheViewIsThisNodesLog(@TempDir Path dir) {
        var pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir).withNode("solo"), pool)) {
            List<Entry> written = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                written.add(engine.append(NewEntry.of("alice", "a.act", "s" + i, null)));
            }
            List<NodeEntry> expected = new ArrayList<>(written.stream().map(e -> new NodeEntry("solo", e)).toList());
            expected.sort(NEWEST_FIRST);
            assertEquals(expected, walk(engine, EntryQuery.newest(4), null));
            assertEquals(List.of(), engine.cluster().page(EntryQuery.newest(4), "other", null).entries());
        } finally {
            pool.dispose();
        }
    }

    /** Every page from the newest on, following nextBefore. */
    private static List<NodeEntry> walk(LogEngine engine, EntryQuery q, String node) {
        List<NodeEntry> out = new ArrayList<>();
        ClusterCursor before = null;
        for (int pages = 0; pages < 100; pages++) {
            ClusterPage p = engine.cluster().page(q, node, before);
            out.addAll(p.entries());
            if (p.nextBefore() == null) {
                return out;
            }
            before = ClusterCursor.parse(p.nextBefore());
        }
        throw new AssertionError("more than 100 pages");
    }

    private static List<NodeEntry> only(List<NodeEntry> all, Predicate<NodeEntry> keep) {
        return all.stream().filter(keep).toList();
    }
}
