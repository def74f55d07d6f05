package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.testing.TestIndex;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time windows over the blocks (docs/index-design.md, "Time bounds"): the rows a window selects are those the table
 * of one row per entry selects, however the clock moved, whatever order the rows came in and after removals; and a
 * window far back in the log is found without walking the newer blocks.
 */
class TimeBoundsTest {
    private static final long T0 = 1_780_000_000_000_000L;
    private static final long SECOND = 1_000_000;

    @TempDir
    Path dir;
    private JdbcConnectionPool pool;
    private BlockTable blocks;
    private EntryTable reference;

    @BeforeEach
    void setUp() {
        pool = TestIndex.pool(dir);
    }

    @AfterEach
    void tearDown() {
        pool.dispose();
    }

    /** 3,000 rows a second apart, except that the clock steps back 1,000 s at entry 1,500; some rows damaged. */
    private static List<IndexRow> rowsWithAStepBack() {
        Random random = new Random(7);
        List<IndexRow> rows = new ArrayList<>();
        long offset = 0;
        for (long seq = 1; seq <= 3_000; seq++) {
            long ts = T0 + seq * SECOND - (seq >= 1_500 ? 1_000 * SECOND : 0) + random.nextInt(1_000);
            IndexRow r = seq % 401 == 0 ? IndexRow.corrupt(seq, offset, 100)
                    : new IndexRow(seq, offset, 100, ts, "a" + random.nextInt(3), "act", "SUCCESS", null);
            rows.add(r);
            offset = r.end();
        }
        return rows;
    }

    private void open() throws SQLException {
        IndexSchema.migrate(pool, "n1");
        blocks = new BlockTable(pool, 1);
        reference = new EntryTable(pool, 1);
    }

    private static void insertInChunks(RowStore store, List<IndexRow> rows) throws SQLException {
        for (int from = 0; from < rows.size(); ) {
            int n = Math.min(rows.size() - from, from % 3 == 0 ? 5 : 333);
            store.insert(rows.subList(from, from + n));
            from += n;
        }
    }

    /** Every window of a grid over the whole time span, both directions, with and without an actor: as the reference. */
    private void windowsAgree(String when) throws SQLException {
        for (long from = -20; from < 3_100; from += 97) {
            for (long width : new long[]{1, 60, 700, 5_000}) {
                Instant start = Instant.ofEpochSecond(0, (T0 + from * SECOND) * 1000);
                for (EntryQuery q : List.of(EntryQuery.newest(40).between(start, start.plusSeconds(width)),
                        EntryQuery.newest(40).actor("a1").between(start, start.plusSeconds(width)),
                        EntryQuery.newest(40).between(start, null), EntryQuery.newest(40).between(null, start))) {
                    for (boolean up : new boolean[]{true, false}) {
                        assertEquals(reference.query(q, 0, Long.MAX_VALUE, up, 40),
                                blocks.query(q, 0, Long.MAX_VALUE, up, 40), when + ": " + q + " up " + up);
                    }
                }
            }
        }
    }

    @Test
    void windowsFindWhatOneRowPerEntryFindsWhenTheClockStepsBack() throws SQLException {
        open();
        List<IndexRow> rows = rowsWithAStepBack();
        insertInChunks(blocks, rows);
        insertInChunks(reference, rows);
        windowsAgree("in order");

        assertEquals(reference.deleteRange(1, 300), blocks.deleteRange(1, 300));
        assertEquals(reference.deleteRange(1_400, 1_650), blocks.deleteRange(1_400, 1_650));
        assertEquals(reference.deleteBeyond(2_000, rows.get(2_599).end()), blocks.deleteBeyond(2_000, rows.get(2_599).end()));
        windowsAgree("after removals");
    }

    @Test
    void windowsFindWhatOneRowPerEntryFindsAfterAGapIsFilled() throws SQLException {
        open();
        List<IndexRow> rows = rowsWithAStepBack();
        insertInChunks(blocks, rows.subList(1_600, 3_000));
        blocks.insert(rows.subList(0, 1_600));  // rows below the newest block, some later in time than it
        insertInChunks(reference, rows);
        windowsAgree("gap filled");
    }

    @Test
    void aWindowFarBackIsFoundWithoutWalkingTheNewerBlocks() throws SQLException {
        open();
        List<IndexRow> rows = new ArrayList<>();
        for (long seq = 1; seq <= 20_000; seq++) {
            rows.add(new IndexRow(seq, seq * 100, 100, T0 + seq * SECOND, "a", "act", "SUCCESS", null));
        }
        blocks.insert(rows);
        Instant from = Instant.ofEpochSecond(0, (T0 + 1_000 * SECOND) * 1000);
        EntryQuery window = EntryQuery.newest(50).between(from, from.plusSeconds(300));  // entries 1,000 to 1,299
        try (Connection c = pool.getConnection()) {
            long[] range = TimeBounds.narrow(c, 1, window, 0, 20_001);
            // Blocks of 256: the one holding 1,000 starts at 769, the one holding 1,299 at 1,281.
            assertArrayEquals(new long[]{768, 1_282}, range, "the blocks of the window, not the 74 newer ones");
        }
    }

    @Test
    void theMigrationFillsTheBoundsOfBlocksWrittenBeforeIt() throws SQLException {
        Flyway.configure(getClass().getClassLoader()).dataSource(pool).locations("classpath:db/migration")
                .placeholders(Map.of("node", "n1")).target("6").load().migrate();
        List<IndexRow> rows = rowsWithAStepBack();
        List<List<IndexRow>> parts = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO index_block (node_no, first_seq, last_seq, entries,"
                     + " max_end, min_ts, max_ts, rows_data) VALUES (1, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement terms = c.prepareStatement("INSERT INTO index_block_term (node_no, field, term,"
                     + " first_seq, entries) VALUES (1, ?, ?, ?, ?)")) {
            for (int from = 0; from < rows.size(); from += BlockTable.BLOCK_ROWS) {
                List<IndexRow> part = rows.subList(from, Math.min(rows.size(), from + BlockTable.BLOCK_ROWS));
                parts.add(part);
                Jdbc.bind(ps, new Object[]{part.get(0).seq(), part.get(part.size() - 1).seq(), part.size(),
                        part.get(part.size() - 1).end(), TimeBounds.min(part), TimeBounds.max(part),
                        BlockCodec.encode(part)});
                ps.executeUpdate();
                for (BlockTerms.Term t : BlockTerms.of(part)) {
                    Jdbc.bind(terms, new Object[]{t.field(), t.value(), part.get(0).seq(), t.entries()});
                    terms.executeUpdate();
                }
            }
        }
        open();
        TimeBounds.Span[] expected = TimeBounds.of(parts, null, null);
        try (Connection c = pool.getConnection()) {
            for (int k = 0; k < parts.size(); k++) {
                assertEquals(expected[k], TimeBounds.stored(c, 1, parts.get(k).get(0).seq()), "block " + k);
            }
        }
        assertTrue(expected[3].from() < TimeBounds.min(parts.get(3)), "the step back lowers an earlier block's bound");
        insertInChunks(reference, rows);
        windowsAgree("migrated");
    }
}
