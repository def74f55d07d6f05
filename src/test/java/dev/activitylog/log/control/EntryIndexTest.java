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
            EntryIndex index = new EntryIndex(pool);
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
}
