package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The embedded index's rows by block (docs/index-design.md, "Blocks"): up to {@link #BLOCK_ROWS} consecutive rows
 * packed into one {@code index_block} row ({@link BlockCodec}), with one {@code index_block_term} row per distinct
 * actor, action, outcome and correlation in it. An entry costs H2 a few bytes of one value instead of a row in six
 * B-trees. Reads unpack the blocks they need ({@link BlockScan}); writes replace whole blocks.
 */
final class BlockTable implements RowStore {
    static final int BLOCK_ROWS = 256;
    /** Rows moved from {@code index_entry} per transaction when an older index is adopted. */
    private static final int ADOPT_ROWS = 20_000;

    private final DataSource dataSource;
    private final int nodeNo;
    private final BlockScan scan;
    /**
     * The newest block as this table's last insert committed it, or null when unknown (at start, after a failed
     * insert, after any removal): an insert past it skips the queries that find the newest block. Read and written
     * only by the writes, which hold this table's monitor.
     */
    private Newest newest;

    /** The newest block: its rows, and its {@code max_ts_upto} (its {@code min_ts_from} is its own smallest time). */
    record Newest(List<IndexRow> rows, Long upTo) {
        long lastSeq() {
            return rows.get(rows.size() - 1).seq();
        }
    }

    BlockTable(DataSource dataSource, int nodeNo) {
        this.dataSource = dataSource;
        this.nodeNo = nodeNo;
        this.scan = new BlockScan(dataSource, nodeNo);
    }

    /**
     * The block table of a node whose index may still hold rows of the one-row-per-entry table of schema versions
     * 3 to 5 ({@link EntryTable}): they are moved into blocks, in transactions of {@link #ADOPT_ROWS}, oldest first.
     */
    static BlockTable adopting(DataSource dataSource, int nodeNo) throws SQLException {
        BlockTable blocks = new BlockTable(dataSource, nodeNo);
        EntryTable old = new EntryTable(dataSource, nodeNo);
        for (List<IndexRow> rows = old.oldest(ADOPT_ROWS); !rows.isEmpty(); rows = old.oldest(ADOPT_ROWS)) {
            blocks.insert(rows);
            old.deleteRange(rows.get(0).seq(), rows.get(rows.size() - 1).seq() + 1);
        }
        return blocks;
    }

    @Override
    public IndexRow last() throws SQLException {
        List<IndexRow> rows = scan.lastBlock();
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    @Override
    public IndexRow find(long seq) throws SQLException {
        for (IndexRow r : scan.blocks(seq, seq)) {
            if (r.seq() == seq) {
                return r;
            }
        }
        return null;
    }

    @Override
    public List<IndexRow> range(long from, long to) throws SQLException {
        return scan.blocks(from, to).stream().filter(r -> r.seq() >= from && r.seq() <= to).toList();
    }

    /**
     * Rows go on the end of the last block while it has room and they follow it (a quiet log's flushes of a few
     * rows each would otherwise make a block of each), then into new blocks. Rows whose numbers a block already
     * holds are refused, as a primary key would.
     */
    @Override
    public synchronized void insert(Collection<IndexRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<IndexRow> sorted = new ArrayList<>(rows);
        long first = sorted.get(0).seq();
        long last = sorted.get(sorted.size() - 1).seq();
        Newest known = newest;
        newest = null;  // unknown until this transaction has committed
        newest = inTransaction(c -> {
            // The newest block as this table last committed it: rows past it overlap nothing, and no query is needed.
            boolean past = known != null && known.lastSeq() < first;
            if (!past && scan.overlapping(c, first, last)) {
                throw new SQLException("index rows " + first + " to " + last + " overlap rows already in the index");
            }
            Newest tail = past ? known : newestBlock(c);
            if (tail != null && tail.lastSeq() > first) {
                fillGap(c, sorted);
                return null;  // rows below the newest block: the newest is not known here
            }
            List<IndexRow> toWrite = sorted;
            if (tail != null && tail.rows().size() < BLOCK_ROWS) {
                delete(c, tail.rows());
                toWrite = new ArrayList<>(tail.rows());
                toWrite.addAll(sorted);
            }
            Newest written = write(c, toWrite, tail == null ? null : tail.upTo(), null);
            Long min = TimeBounds.min(toWrite);
            Long tailMin = tail == null ? null : TimeBounds.min(tail.rows());
            if (tail != null && min != null && (tailMin == null || min < tailMin)) {
                TimeBounds.lowerBefore(c, nodeNo, toWrite.get(0).seq(), min);  // the clock stepped back
            }
            return written;
        });
    }

    /** Rows below the newest block: their bounds come from both neighbours, whose order they must keep. */
    private void fillGap(Connection c, List<IndexRow> rows) throws SQLException {
        long first = rows.get(0).seq();
        Newest last = write(c, rows, TimeBounds.upToBefore(c, nodeNo, first),
                TimeBounds.fromAfter(c, nodeNo, rows.get(rows.size() - 1).seq()));
        if (last.upTo() != null) {
            TimeBounds.raiseAfter(c, nodeNo, last.rows().get(0).seq(), last.upTo());
        }
        Long min = TimeBounds.min(rows);  // the blocks after them are in order with the earlier ones already
        if (min != null) {
            TimeBounds.lowerBefore(c, nodeNo, first, min);
        }
    }

    private Newest newestBlock(Connection c) throws SQLException {
        List<IndexRow> rows = scan.lastBlock(c);
        return rows.isEmpty() ? null : new Newest(rows, TimeBounds.stored(c, nodeNo, rows.get(0).seq()).upTo());
    }

    @Override
    public synchronized int deleteBeyond(long firstSeq, long segmentSize) throws SQLException {
        newest = null;
        return inTransaction(c -> keepOnly(c, scan.blocksEndingPast(c, firstSeq, segmentSize),
                r -> r.seq() < firstSeq || r.end() <= segmentSize));
    }

    @Override
    public synchronized int deleteRange(long from, long to) throws SQLException {
        newest = null;
        if (from >= to) {
            return 0;
        }
        return inTransaction(c -> keepOnly(c, scan.blockStarts(c, from, to - 1), r -> r.seq() < from || r.seq() >= to));
    }

    @Override
    public synchronized int deleteRows() throws SQLException {
        newest = null;
        return inTransaction(c -> {
            int removed = scan.rowCount(c);
            Jdbc.update(c, "DELETE FROM index_block_term WHERE node_no = ?", nodeNo);
            Jdbc.update(c, "DELETE FROM index_block WHERE node_no = ?", nodeNo);
            return removed;
        });
    }

    @Override
    public List<IndexRow> query(EntryQuery q, long low, long high, boolean ascending, int limit) throws SQLException {
        return scan.query(q, low, high, ascending, limit);
    }

    @Override
    public long[] timeRange(EntryQuery q, long upTo) throws SQLException {
        return scan.timeRange(q, upTo);
    }

    @Override
    public Map<Integer, Map<String, Long>> counts(EntryQuery q, long upTo, long fromMicros, long widthMicros, int buckets)
            throws SQLException {
        return scan.counts(q, upTo, fromMicros, widthMicros, buckets);
    }

    /** Rewrites each of the blocks (by first number) with only the rows {@code keep} accepts; how many went. */
    private int keepOnly(Connection c, List<Long> blockStarts, java.util.function.Predicate<IndexRow> keep)
            throws SQLException {
        int removed = 0;
        for (long start : blockStarts) {
            List<IndexRow> rows = scan.block(c, start);
            List<IndexRow> kept = rows.stream().filter(keep).toList();
            if (kept.size() != rows.size()) {
                TimeBounds.Span bounds = TimeBounds.stored(c, nodeNo, start);  // kept: looser now, never wrong
                delete(c, rows);
                write(c, kept, bounds.upTo(), bounds.from());
                removed += rows.size() - kept.size();
            }
        }
        return removed;
    }

    /**
     * Writes rows (in order, none in the index yet) as blocks of at most {@link #BLOCK_ROWS}, with their terms and
     * their time bounds, between blocks whose bounds are {@code before} and {@code after} ({@link TimeBounds#of});
     * returns the last block written (null when there were no rows).
     */
    private Newest write(Connection c, List<IndexRow> rows, Long before, Long after) throws SQLException {
        if (rows.isEmpty()) {
            return null;
        }
        List<List<IndexRow>> parts = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += BLOCK_ROWS) {
            parts.add(rows.subList(from, Math.min(rows.size(), from + BLOCK_ROWS)));
        }
        TimeBounds.Span[] spans = TimeBounds.of(parts, before, after);
        try (PreparedStatement block = c.prepareStatement("INSERT INTO index_block (node_no, first_seq, last_seq,"
                + " entries, max_end, min_ts, max_ts, rows_data, max_ts_upto, min_ts_from)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement term = c.prepareStatement("INSERT INTO index_block_term (node_no, field, term,"
                     + " first_seq, entries) VALUES (?, ?, ?, ?, ?)")) {
            for (int k = 0; k < parts.size(); k++) {
                List<IndexRow> part = parts.get(k);
                bindBlock(block, part, spans[k]);
                block.addBatch();
                for (BlockTerms.Term t : BlockTerms.of(part)) {
                    term.setInt(1, nodeNo);
                    term.setString(2, t.field());
                    term.setString(3, t.value());
                    term.setLong(4, part.get(0).seq());
                    term.setInt(5, t.entries());
                    term.addBatch();
                }
            }
            block.executeBatch();
            term.executeBatch();
        }
        return new Newest(List.copyOf(parts.get(parts.size() - 1)), spans[spans.length - 1].upTo());
    }

    private void bindBlock(PreparedStatement ps, List<IndexRow> part, TimeBounds.Span bounds) throws SQLException {
        long maxEnd = 0;
        for (IndexRow r : part) {
            maxEnd = Math.max(maxEnd, r.end());
        }
        ps.setInt(1, nodeNo);
        ps.setLong(2, part.get(0).seq());
        ps.setLong(3, part.get(part.size() - 1).seq());
        ps.setInt(4, part.size());
        ps.setLong(5, maxEnd);
        setLong(ps, 6, TimeBounds.min(part));
        setLong(ps, 7, TimeBounds.max(part));
        ps.setBytes(8, BlockCodec.encode(part));
        setLong(ps, 9, bounds.upTo());
        setLong(ps, 10, bounds.from());
    }

    /** Deletes the block of these rows (all of them) and its terms, each by its whole key. */
    private void delete(Connection c, List<IndexRow> block) throws SQLException {
        long firstSeq = block.get(0).seq();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM index_block_term WHERE node_no = ? AND field = ?"
                + " AND term = ? AND first_seq = ?")) {
            for (BlockTerms.Term t : BlockTerms.of(block)) {
                Jdbc.bind(ps, new Object[]{nodeNo, t.field(), t.value(), firstSeq});
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Jdbc.update(c, "DELETE FROM index_block WHERE node_no = ? AND first_seq = ?", nodeNo, firstSeq);
    }

    private static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }

    private <T> T inTransaction(Jdbc.Work<T> work) throws SQLException {
        return Jdbc.inTransaction(dataSource, work);
    }
}
