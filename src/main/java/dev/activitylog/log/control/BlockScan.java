package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Outcome;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads of {@link BlockTable}'s blocks: the blocks a range of numbers or a query can touch, found by their keys,
 * time bounds and terms, unpacked and matched in memory. A filtered page walks the term's rows of its most selective
 * filter in order (correlation, then actor, then action, then an exact outcome), so a rare actor's page reads only
 * the blocks that hold it; time bounds and other filters only skip blocks.
 */
final class BlockScan {
    /** The term letter of each packed field, in the order of {@code IndexRow}: actor, action, outcome, correlation. */
    static final String FIELDS = "acor";
    /** Blocks asked for by a query's first round; each further round asks for four times as many, up to the cap. */
    private static final int FIRST_ROUND = 2;
    private static final int MAX_ROUND = 64;

    private final DataSource dataSource;
    private final int nodeNo;

    BlockScan(DataSource dataSource, int nodeNo) {
        this.dataSource = dataSource;
        this.nodeNo = nodeNo;
    }

    /** What is done with each matching row of a walk; false stops it. */
    interface Visitor {
        boolean row(IndexRow r);
    }

    List<IndexRow> lastBlock() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return lastBlock(c);
        }
    }

    /** The rows of the newest block (a list the caller may change), or none. */
    List<IndexRow> lastBlock(Connection c) throws SQLException {
        List<IndexRow> rows = new ArrayList<>();
        select(c, "SELECT first_seq, rows_data FROM index_block WHERE node_no = ? ORDER BY node_no DESC,"
                + " first_seq DESC FETCH FIRST 1 ROWS ONLY", rows::addAll, nodeNo);
        return rows;
    }

    /** The rows of every block holding a number from {@code from} to {@code to}, in order (the whole blocks). */
    List<IndexRow> blocks(long from, long to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<IndexRow> rows = new ArrayList<>();
            select(c, "SELECT first_seq, rows_data FROM index_block WHERE node_no = ? AND first_seq BETWEEN ? AND ?"
                    + " ORDER BY node_no, first_seq", rows::addAll, nodeNo, floorStart(c, from), to);
            return rows;
        }
    }

    List<IndexRow> block(Connection c, long firstSeq) throws SQLException {
        List<IndexRow> rows = new ArrayList<>();
        select(c, "SELECT first_seq, rows_data FROM index_block WHERE node_no = ? AND first_seq = ?", rows::addAll,
                nodeNo, firstSeq);
        return rows;
    }

    /** Whether a block holds a number from {@code first} to {@code last}. */
    boolean overlapping(Connection c, long first, long last) throws SQLException {
        return !longs(c, "SELECT first_seq FROM index_block WHERE node_no = ? AND first_seq BETWEEN ? AND ?"
                + " AND last_seq >= ? FETCH FIRST 1 ROWS ONLY", nodeNo, floorStart(c, first), last, first).isEmpty();
    }

    /** The first numbers of the blocks holding a number from {@code from} to {@code to}. */
    List<Long> blockStarts(Connection c, long from, long to) throws SQLException {
        return longs(c, "SELECT first_seq FROM index_block WHERE node_no = ? AND first_seq BETWEEN ? AND ?"
                + " ORDER BY node_no, first_seq", nodeNo, floorStart(c, from), to);
    }

    /** The first numbers of the blocks with rows from {@code firstSeq} on, some of which end past {@code size}. */
    List<Long> blocksEndingPast(Connection c, long firstSeq, long size) throws SQLException {
        return longs(c, "SELECT first_seq FROM index_block WHERE node_no = ? AND first_seq >= ? AND last_seq >= ?"
                + " AND max_end > ? ORDER BY node_no, first_seq", nodeNo, floorStart(c, firstSeq), firstSeq, size);
    }

    int rowCount(Connection c) throws SQLException {
        List<Long> n = longs(c, "SELECT COALESCE(SUM(entries), 0) FROM index_block WHERE node_no = ?", nodeNo);
        return n.get(0).intValue();
    }

    List<IndexRow> query(EntryQuery q, long low, long high, boolean ascending, int limit) throws SQLException {
        List<IndexRow> out = new ArrayList<>(limit);
        walk(q, low, high, ascending, r -> {
            out.add(r);
            return out.size() < limit;
        });
        return out;
    }

    long[] timeRange(EntryQuery q, long upTo) throws SQLException {
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        walk(q, 0, upTo + 1, true, r -> {
            if (r.tsMicros() != null) {
                range[0] = Math.min(range[0], r.tsMicros());
                range[1] = Math.max(range[1], r.tsMicros());
            }
            return true;
        });
        return range[0] > range[1] ? null : range;
    }

    Map<Integer, Map<String, Long>> counts(EntryQuery q, long upTo, long fromMicros, long widthMicros, int buckets)
            throws SQLException {
        Map<Integer, Map<String, Long>> out = new TreeMap<>();
        java.time.Instant start = Times.ofMicros(fromMicros);
        java.time.Instant end = Times.ofMicros(fromMicros + widthMicros * buckets);
        EntryQuery window = q.between(q.from() != null && q.from().isAfter(start) ? q.from() : start,
                q.to() != null && q.to().isBefore(end) ? q.to() : end);
        walk(window, 0, upTo + 1, true, r -> {
            int bucket = (int) ((r.tsMicros() - fromMicros) / widthMicros);
            out.computeIfAbsent(bucket, b -> new HashMap<>()).merge(r.action(), 1L, Long::sum);
            return true;
        });
        return out;
    }

    /** Every row with {@code low < seq < high} matching the query's indexed filters, in order, until told to stop. */
    void walk(EntryQuery q, long low, long high, boolean ascending, Visitor visitor) throws SQLException {
        if (low + 1 >= high) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            long below = high;                        // blocks start below this number ...
            long above = floorStart(c, low + 1) - 1;  // ... and above this one
            if (q.from() != null || q.to() != null) {
                long[] window = TimeBounds.narrow(c, nodeNo, q, above, below);  // where the time range lies
                if (window == null) {
                    return;
                }
                above = window[0];
                below = window[1];
            }
            for (int round = FIRST_ROUND; ; round = Math.min(MAX_ROUND, round * 4)) {
                List<Long> starts = new ArrayList<>(round);
                boolean[] more = {true};
                Sql sql = candidates(nodeNo, q, above, below, ascending, round);
                select(c, sql.text(), rows -> {
                    starts.add(rows.get(0).seq());
                    for (int i = 0; i < rows.size() && more[0]; i++) {
                        IndexRow r = rows.get(ascending ? i : rows.size() - 1 - i);
                        if (r.seq() > low && r.seq() < high && r.matches(q)) {
                            more[0] = visitor.row(r);
                        }
                    }
                    return more[0];
                }, sql.args());
                if (!more[0] || starts.size() < round) {
                    return;
                }
                if (ascending) {
                    above = starts.get(starts.size() - 1);
                } else {
                    below = starts.get(starts.size() - 1);
                }
            }
        }
    }

    /** The first number of the block that holds {@code seq}, or {@code seq} when none starts at or below it. */
    private long floorStart(Connection c, long seq) throws SQLException {
        List<Long> start = longs(c, "SELECT first_seq FROM index_block WHERE node_no = ? AND first_seq <= ?"
                + " ORDER BY node_no DESC, first_seq DESC FETCH FIRST 1 ROWS ONLY", nodeNo, seq);
        return start.isEmpty() ? seq : start.get(0);
    }

    /** What is done with each block's rows; false: no more blocks. */
    interface BlockRows {
        boolean accept(List<IndexRow> rows);
    }

    /** Runs a query whose columns are a block's first number and its packed rows; each block unpacked in turn. */
    private static void select(Connection c, String sql, BlockRows each, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && each.accept(BlockCodec.decode(rs.getLong(1), rs.getBytes(2)))) {
                    // each block in turn
                }
            }
        }
    }

    private static List<Long> longs(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    record Sql(String text, Object[] args) {
    }

    /** The SQL of one round of a walk: the next blocks that can hold a match, nearest first. */
    private static Sql candidates(int nodeNo, EntryQuery q, long above, long below, boolean ascending, int round) {
        String[] values = {q.actor(), q.action(), exactOutcome(q), q.correlation()};
        int driver = values[3] != null ? 3 : values[0] != null ? 0 : values[1] != null ? 1 : values[2] != null ? 2 : -1;
        String dir = ascending ? " ASC" : " DESC";
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT b.first_seq, b.rows_data FROM ");
        String key;
        if (driver >= 0) {
            sql.append("index_block_term t JOIN index_block b ON b.node_no = t.node_no AND b.first_seq = t.first_seq"
                    + " WHERE t.node_no = ? AND t.field = ? AND t.term = ? AND t.first_seq > ? AND t.first_seq < ?");
            args.addAll(List.of(nodeNo, String.valueOf(FIELDS.charAt(driver)), values[driver], above, below));
            key = "t.node_no" + dir + ", t.field" + dir + ", t.term" + dir + ", t.first_seq" + dir;
        } else {
            sql.append("index_block b WHERE b.node_no = ? AND b.first_seq > ? AND b.first_seq < ?");
            args.addAll(List.of(nodeNo, above, below));
            key = "b.node_no" + dir + ", b.first_seq" + dir;
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && i != driver) {
                sql.append(" AND EXISTS (SELECT 1 FROM index_block_term x WHERE x.node_no = b.node_no"
                        + " AND x.first_seq = b.first_seq AND x.field = ? AND x.term = ?)");
                args.addAll(List.of(String.valueOf(FIELDS.charAt(i)), values[i]));
            }
        }
        if (Outcome.FAILURE.equals(q.outcome())) {
            sql.append(" AND EXISTS (SELECT 1 FROM index_block_term x WHERE x.node_no = b.node_no"
                    + " AND x.first_seq = b.first_seq AND x.field = 'o' AND x.term LIKE ?)");
            args.add(Outcome.FAILURE + "%");
        }
        if (q.from() != null) {
            sql.append(" AND b.max_ts >= ?");
            args.add(Times.micros(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND b.min_ts < ?");
            args.add(Times.micros(q.to()));
        }
        sql.append(" ORDER BY ").append(key).append(" FETCH FIRST ").append(round).append(" ROWS ONLY");
        return new Sql(sql.toString(), args.toArray());
    }

    /** An outcome filter that names one outcome ({@code FAILURE} names every failure: a prefix, not a term). */
    private static String exactOutcome(EntryQuery q) {
        return q.outcome() == null || Outcome.FAILURE.equals(q.outcome()) ? null : q.outcome();
    }
}
