package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.testing.TestIndex;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryIndexTest {
    @Test
    void theSchemaVersionThatSkipsFlywayIsTheNewestMigration() throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of("db/migration"))) {
            names = files.map(p -> p.getFileName().toString()).toList();
        }
        assertTrue(names.stream().allMatch(n -> n.matches("V\\d+__\\w+\\.sql")),
                "migrations are numbered V1, V2, ... : " + names);
        int newest = names.stream().mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        assertEquals(String.valueOf(newest), IndexSchema.SCHEMA_VERSION,
                "a new migration must raise IndexSchema.SCHEMA_VERSION, or Flyway would never run it");
    }

    @Test
    void anIndexOfTheFirstSchemaIsUpgradedKeepingItsRowsWithoutAnOutcome(@TempDir Path dir) throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try {
            // The database as a build before format version 2 left it: schema 1, one row.
            Flyway.configure().dataSource(pool).locations("filesystem:db/migration").target("1").load().migrate();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO entry_index (seq, file_offset, entry_length, ts_micros, actor, action)"
                        + " VALUES (1, 138, 90, 5, 'old', 'v1.act')");
            }
            EntryIndex index = new EntryIndex(pool, "node-a", true);
            index.migrate();
            IndexRow old = index.find(1);
            assertEquals("old", old.actor());
            assertNull(old.outcome(), "a version 1 entry's outcome is unknown");
            index.insert(List.of(new IndexRow(2, 228, 99, 6L, "new", "v2.act", "FAILURE:x.Y", "trace-1")));
            EntryQuery q = EntryQuery.newest(10);
            assertEquals(List.of(2L), index.query(q.outcome("FAILURE"), 0, 10, false, 10).stream().map(IndexRow::seq)
                    .toList());
            assertEquals(List.of(2L), index.query(q.correlation("trace-1"), 0, 10, false, 10).stream()
                    .map(IndexRow::seq).toList());
            assertEquals(List.of(), index.query(q.outcome("SUCCESS"), 0, 10, false, 10), "unknown is not SUCCESS");
        } finally {
            pool.dispose();
        }
    }

    @Test
    void aSingleNodeIndexBecomesTheMigratingNodesAndAnotherNodeSeesNoneOfIt(@TempDir Path dir) throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try {
            Flyway.configure().dataSource(pool).locations("filesystem:db/migration").target("2").load().migrate();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO entry_index (seq, file_offset, entry_length, ts_micros, actor, action, outcome)"
                        + " VALUES (1, 138, 90, 5, 'alice', 'a.b', 'SUCCESS')");
                s.execute("INSERT INTO log_meta (meta_key, meta_value) VALUES ('chain-seed', 'abc')");
            }
            EntryIndex a = new EntryIndex(pool, "node-a", false);
            a.migrate();
            assertEquals("alice", a.find(1).actor(), "the rows are kept, as the migrating node's");
            assertEquals("abc", a.meta("chain-seed"));

            EntryIndex b = new EntryIndex(pool, "node-b", false);
            b.migrate();
            assertNull(b.find(1), "a shared index: another node's rows are not this node's");
            assertNull(b.meta("chain-seed"));
            b.insert(List.of(new IndexRow(1, 200, 80, 7L, "bob", "a.b", "SUCCESS", null)));
            b.clear();
            assertEquals("alice", a.find(1).actor(), "clearing one node's rows leaves the others'");
            assertEquals(List.of(1L), a.query(EntryQuery.newest(10).actor("alice"), 0, 10, false, 10).stream()
                    .map(IndexRow::seq).toList());
        } finally {
            pool.dispose();
        }
    }

    @Test
    void theEmbeddedIndexKeepsItsRowsWhenItsNodeIsRenamed(@TempDir Path dir) throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try {
            EntryIndex before = new EntryIndex(pool, "old-host", true);
            before.migrate();
            before.insert(List.of(new IndexRow(1, 138, 90, 5L, "alice", "a.b", "SUCCESS", null)));
            EntryIndex after = new EntryIndex(pool, "new-host", true);
            after.migrate();
            assertEquals("alice", after.find(1).actor(), "the module's own index describes its directory");
            EntryIndex shared = new EntryIndex(pool, "third", false);
            shared.migrate();
            assertNull(shared.find(1), "in a shared index a new id is a new node");
        } finally {
            pool.dispose();
        }
    }
}
