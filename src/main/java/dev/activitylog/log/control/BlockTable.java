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
import java.util.HashMap;
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
     * The rows of the newest block as this table's last insert committed them, or null when unknown (at start, after
     * a failed insert, after any removal): an insert past it skips the queries that find the newest block. Read and
     * written only by the writes, which hold this table's monitor.
     */
    private List<IndexRow> newest;

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
        List<IndexRow> known = newest;
        newest = null;  // unknown until this transaction has committed
        List<IndexRow> written = inTransaction(c -> {
            // The newest block as this table last committed it: rows past it overlap nothing, and no query is needed.
            boolean past = known != null && !known.isEmpty() && known.get(known.size() - 1).seq() < first;
            if (!past && scan.overlapping(c, first, last)) {
                throw new SQLException("index rows " + first + " to " + last + " overlap rows already in the index");
            }
            List<IndexRow> tail = past ? new ArrayList<>(known) : scan.lastBlock(c);
            boolean atEnd = tail.isEmpty() || tail.get(tail.size() - 1).seq() < first;
            if (!tail.isEmpty() && tail.size() < BLOCK_ROWS && atEnd) {
                delete(c, tail);
                tail.addAll(sorted);
                return write(c, tail);
            }
            List<IndexRow> blocks = write(c, sorted);
            return atEnd ? blocks : null;  // rows below the newest block (a gap filled): the newest is not known here
        });
        newest = written;
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
            update(c, "DELETE FROM index_block_term WHERE node_no = ?", nodeNo);
            update(c, "DELETE FROM index_block WHERE node_no = ?", nodeNo);
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
                delete(c, rows);
                write(c, kept);
                removed += rows.size() - kept.size();
            }
        }
        return removed;
    }

    /** Writes rows (in order, none in the index yet) as blocks of at most {@link #BLOCK_ROWS}, with their terms. */
    private List<IndexRow> write(Connection c, List<IndexRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<IndexRow> part = List.of();
        try (PreparedStatement block = c.prepareStatement("INSERT INTO index_block (node_no, first_seq, last_seq,"
                + " entries, max_end, min_ts, max_ts, rows_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement term = c.prepareStatement("INSERT INTO index_block_term (node_no, field, term,"
                     + " first_seq, entries) VALUES (?, ?, ?, ?, ?)")) {
            for (int from = 0; from < rows.size(); from += BLOCK_ROWS) {
                part = rows.subList(from, Math.min(rows.size(), from + BLOCK_ROWS));
                bindBlock(block, part);
                block.addBatch();
                for (Term t : terms(part)) {
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
        return List.copyOf(part);
    }

    private void bindBlock(PreparedStatement ps, List<IndexRow> part) throws SQLException {
        long maxEnd = 0;
        Long minTs = null;
        Long maxTs = null;
        for (IndexRow r : part) {
            maxEnd = Math.max(maxEnd, r.end());
            if (r.tsMicros() != null) {
                minTs = minTs == null ? r.tsMicros() : Math.min(minTs, r.tsMicros());
                maxTs = maxTs == null ? r.tsMicros() : Math.max(maxTs, r.tsMicros());
            }
        }
        ps.setInt(1, nodeNo);
        ps.setLong(2, part.get(0).seq());
        ps.setLong(3, part.get(part.size() - 1).seq());
        ps.setInt(4, part.size());
        ps.setLong(5, maxEnd);
        setLong(ps, 6, minTs);
        setLong(ps, 7, maxTs);
        ps.setBytes(8, BlockCodec.encode(part));
    }

    /** A distinct value of one of {@link BlockScan#FIELDS} in a block, and how many of its rows have it. */
    record Term(String field, String value, int entries) {
    }

    /** Each distinct field value of the rows and its count; counted per field, so no key is built per row. */
    static List<Term> terms(List<IndexRow> rows) {
        List<Map<String, int[]>> counts = new ArrayList<>();
        for (int i = 0; i < BlockScan.FIELDS.length(); i++) {
            counts.add(new HashMap<>());
        }
        for (IndexRow r : rows) {
            String[] values = {r.actor(), r.action(), r.outcome(), r.correlation()};
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    counts.get(i).computeIfAbsent(values[i], v -> new int[1])[0]++;
                }
            }
        }
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            String field = String.valueOf(BlockScan.FIELDS.charAt(i));
            counts.get(i).forEach((value, n) -> terms.add(new Term(field, value, n[0])));
        }
        return terms;
    }

    /** Deletes the block of these rows (all of them) and its terms, each by its whole key. */
    private void delete(Connection c, List<IndexRow> block) throws SQLException {
        long firstSeq = block.get(0).seq();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM index_block_term WHERE node_no = ? AND field = ?"
                + " AND term = ? AND first_seq = ?")) {
            for (Term t : terms(block)) {
                Jdbc.bind(ps, new Object[]{nodeNo, t.field(), t.value(), firstSeq});
                ps.addBatch();
            }
            ps.executeBatch();
        }
        update(c, "DELETE FROM index_block WHERE node_no = ? AND first_seq = ?", nodeNo, firstSeq);
    }

    private static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            ps.executeUpdate();
        }
    }

    private <T> T inTransaction(Jdbc.Work<T> work) throws SQLException {
        return Jdbc.inTransaction(dataSource, work);
    }
}
