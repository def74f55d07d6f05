package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Outcome;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The blocks answer as the table of one row per entry does: the same rows inserted into both ({@link EntryTable},
 * the reference), then every kind of question asked of both, with filters that match often, rarely and never.
 */
class BlockTableTest {
    private static final long T0 = 1_780_000_000_000_000L;
    private static final String[] ACTORS = {"alice", "bob", "carol", "rare"};
    private static final String[] ACTIONS = {"order.update", "order.create", "login"};
    private static final String[] OUTCOMES = {"SUCCESS", "FAILURE:java.io.IOException", "FAILURE:x.Denied", "FAILURE"};

    @TempDir
    Path dir;
    private JdbcConnectionPool pool;
    private BlockTable blocks;
    private EntryTable reference;
    private final List<IndexRow> rows = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        pool = TestIndex.pool(dir);
        IndexSchema.migrate(pool, "n1");
        blocks = new BlockTable(pool, 1);
        reference = new EntryTable(pool, 1);
        Random random = new Random(42);
        long offset = 100;
        for (long seq = 1; seq <= 3_000; seq++) {
            int length = 200 + random.nextInt(100);
            IndexRow r = seq % 997 == 0 ? IndexRow.corrupt(seq, offset, length)
                    : new IndexRow(seq, offset, length, T0 + seq * 1_000_000 + random.nextInt(1000),
                    seq % 500 == 7 ? "rare" : ACTORS[random.nextInt(3)], ACTIONS[random.nextInt(3)],
                    OUTCOMES[random.nextInt(4)], seq % 100 == 0 ? "corr-" + seq : null);
            rows.add(r);
            offset = r.end();
        }
        // As the indexer writes them: chunks of uneven size, some of a few rows (a quiet log's flushes).
        for (int from = 0; from < rows.size(); ) {
            int n = Math.min(rows.size() - from, from % 3 == 0 ? 7 : 611);
            blocks.insert(rows.subList(from, from + n));
            reference.insert(rows.subList(from, from + n));
            from += n;
        }
    }

    @AfterEach
    void tearDown() {
        pool.dispose();
    }

    @Test
    void pagesInBothDirectionsWithEveryFilterAgreeWithOneRowPerEntry() throws SQLException {
        Instant mid = Instant.ofEpochSecond(0, (T0 + 1_500L * 1_000_000) * 1000);
        List<EntryQuery> queries = List.of(EntryQuery.newest(50), EntryQuery.newest(50).actor("bob"),
                EntryQuery.newest(50).actor("rare"), EntryQuery.newest(50).actor("nobody"),
                EntryQuery.newest(50).action("login").actor("alice"), EntryQuery.newest(50).outcome(Outcome.FAILURE),
                EntryQuery.newest(50).outcome("FAILURE:x.Denied").action("order.create"), EntryQuery.newest(50).correlation("corr-1200"),
                EntryQuery.newest(50).between(mid, mid.plusSeconds(70)),
                EntryQuery.newest(50).actor("carol").between(mid.minusSeconds(900), mid));
        for (EntryQuery q : queries) {
            for (long[] bounds : new long[][]{{0, Long.MAX_VALUE}, {1_234, 2_345}, {2_999, 3_001}, {5, 6}}) {
                for (boolean up : new boolean[]{true, false}) {
                    for (int limit : new int[]{1, 50, 5_000}) {
                        assertEquals(reference.query(q, bounds[0], bounds[1], up, limit),
                                blocks.query(q, bounds[0], bounds[1], up, limit), q + " " + bounds[0] + ".." + bounds[1] + " up " + up);
                    }
                }
            }
        }
    }

    @Test
    void findRangeLastAndTheHistogramsCountsAgree() throws SQLException {
        for (long seq : new long[]{1, 256, 257, 997, 1_500, 3_000}) {
            assertEquals(reference.find(seq), blocks.find(seq));
        }
        assertNull(blocks.find(3_001));
        assertEquals(reference.range(250, 800), blocks.range(250, 800));
        assertEquals(rows, blocks.range(0, Long.MAX_VALUE), "every row once, in order");
        assertEquals(reference.last(), blocks.last());
        for (EntryQuery q : List.of(EntryQuery.newest(1), EntryQuery.newest(1).actor("rare"),
                EntryQuery.newest(1).outcome(Outcome.FAILURE).action("login"))) {
            assertEquals(List.of(reference.timeRange(q, 2_500)[0], reference.timeRange(q, 2_500)[1]),
                    List.of(blocks.timeRange(q, 2_500)[0], blocks.timeRange(q, 2_500)[1]), q.toString());
            Map<Integer, Map<String, Long>> expected = reference.counts(q, 2_500, T0 + 100_000_000, 60_000_000, 30);
            assertEquals(expected, blocks.counts(q, 2_500, T0 + 100_000_000, 60_000_000, 30), q.toString());
        }
        assertNull(blocks.timeRange(EntryQuery.newest(1).actor("nobody"), 3_000));
    }

    @Test
    void deletionsRemoveExactlyTheRowsNamedAndNothingElse() throws SQLException {
        assertEquals(reference.deleteRange(1, 700), blocks.deleteRange(1, 700));
        long size = rows.get(2_899).end();  // the file cut after entry 2,900
        assertEquals(reference.deleteBeyond(2_000, size), blocks.deleteBeyond(2_000, size));
        assertEquals(reference.range(0, Long.MAX_VALUE), blocks.range(0, Long.MAX_VALUE));
        assertEquals(2_900 - 699, blocks.deleteRows());
        assertNull(blocks.last());
    }

    @Test
    void rowsAfterARemovalGoWhereTheIndexSaysNotWhereTheLastInsertLeftThem() throws SQLException {
        IndexRow next = new IndexRow(3_001, rows.get(2_999).end(), 10, T0, "a", "b", "SUCCESS", null);
        blocks.deleteRows();
        blocks.insert(List.of(next));
        assertEquals(List.of(next), blocks.range(0, Long.MAX_VALUE), "nothing removed comes back with the next rows");

        blocks.deleteRows();
        blocks.insert(rows.subList(700, 3_000));
        blocks.insert(rows.subList(0, 700));  // rows below the newest block: a gap filled
        blocks.insert(List.of(next));
        assertEquals(next, blocks.find(3_001));
        List<IndexRow> all = new ArrayList<>(rows);
        all.add(next);
        assertEquals(all, blocks.range(0, Long.MAX_VALUE));
    }

    @Test
    void rowsTheIndexHoldsAlreadyAreRefusedAndNothingOfTheBatchIsKept() throws SQLException {
        List<IndexRow> again = List.of(rows.get(2_999), new IndexRow(3_001, rows.get(2_999).end(), 10, T0, "a", "b", "c", null));
        assertThrows(SQLException.class, () -> blocks.insert(again));
        assertEquals(3_000, blocks.last().seq(), "all or nothing");
    }

    @Test
    void anIndexOfOneRowPerEntryIsMovedIntoBlocksWhenTheEmbeddedIndexOpens() throws SQLException {
        blocks.deleteRows();
        BlockTable adopted = BlockTable.adopting(pool, 1);
        assertEquals(rows, adopted.range(0, Long.MAX_VALUE));
        assertEquals(List.of(), reference.range(0, Long.MAX_VALUE), "the old table is left empty");
    }

    @Test
    void aBlockPacksItsRowsAndUnpacksThemUnchanged() {
        List<IndexRow> part = rows.subList(900, 1_156);
        byte[] packed = BlockCodec.encode(part);
        assertEquals(part, BlockCodec.decode(part.get(0).seq(), packed));
        assertEquals(true, packed.length < part.size() * 16, packed.length + " bytes for 256 rows");
    }
}
