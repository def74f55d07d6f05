package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Outcome;

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
 * One SQL row per entry ({@code index_entry}): sequence number to byte offset and length, plus time, actor, action,
 * outcome and correlation, each with a B-tree of its own. What a shared index keeps, because its merged view
 * ({@link ClusterPages}) filters every node's rows in SQL.
 */
final class EntryTable implements RowStore {
    private static final String COLUMNS = "seq, file_offset, entry_length, ts_micros, actor, action, outcome, correlation";

    private final DataSource dataSource;
    private final int nodeNo;

    EntryTable(DataSource dataSource, int nodeNo) {
        this.dataSource = dataSource;
        this.nodeNo = nodeNo;
    }

    @Override
    public IndexRow last() throws SQLException {
        List<IndexRow> rows = rows("SELECT " + COLUMNS + " FROM index_entry WHERE node_no = ? ORDER BY node_no DESC,"
                + " seq DESC FETCH FIRST 1 ROWS ONLY", nodeNo);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The oldest {@code n} rows, in order (what {@link BlockTable#adopting} moves next). */
    List<IndexRow> oldest(int n) throws SQLException {
        return rows("SELECT " + COLUMNS + " FROM index_entry WHERE node_no = ? ORDER BY node_no, seq FETCH FIRST "
                + n + " ROWS ONLY", nodeNo);
    }

    @Override
    public IndexRow find(long seq) throws SQLException {
        List<IndexRow> rows = rows("SELECT " + COLUMNS + " FROM index_entry WHERE node_no = ? AND seq = ?", nodeNo, seq);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Rows with {@code from <= seq <= to}, in order. */
    @Override
    public List<IndexRow> range(long from, long to) throws SQLException {
        return rows("SELECT " + COLUMNS + " FROM index_entry WHERE node_no = ? AND seq BETWEEN ? AND ? ORDER BY node_no, seq",
                nodeNo, from, to);
    }

    private List<IndexRow> rows(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            List<IndexRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    /** Inserts rows in one transaction: all of them or none. */
    @Override
    public void insert(Collection<IndexRow> rows) throws SQLException {
        Jdbc.batch(dataSource, "INSERT INTO index_entry (node_no, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
                (ps, r) -> {
                    ps.setInt(1, nodeNo);
                    ps.setLong(2, r.seq());
                    ps.setLong(3, r.offset());
                    ps.setInt(4, r.length());
                    if (r.tsMicros() == null) {
                        ps.setNull(5, Types.BIGINT);
                    } else {
                        ps.setLong(5, r.tsMicros());
                    }
                    ps.setString(6, r.actor());
                    ps.setString(7, r.action());
                    ps.setString(8, r.outcome());
                    ps.setString(9, r.correlation());
                });
    }

    /** Removes rows of the active segment (entries from {@code firstSeq}) that point past its end. */
    @Override
    public int deleteBeyond(long firstSeq, long segmentSize) throws SQLException {
        return update("DELETE FROM index_entry WHERE node_no = ? AND seq >= ? AND file_offset + entry_length > ?",
                nodeNo, firstSeq, segmentSize);
    }

    @Override
    public int deleteRange(long from, long to) throws SQLException {
        return update("DELETE FROM index_entry WHERE node_no = ? AND seq >= ? AND seq < ?", nodeNo, from, to);
    }

    @Override
    public int deleteRows() throws SQLException {
        return update("DELETE FROM index_entry WHERE node_no = ?", nodeNo);
    }

    @Override
    public long[] timeRange(EntryQuery q, long upTo) throws SQLException {
        return IndexCounts.timeRange(dataSource, nodeNo, q, upTo);
    }

    @Override
    public Map<Integer, Map<String, Long>> counts(EntryQuery q, long upTo, long fromMicros, long widthMicros, int buckets)
            throws SQLException {
        return IndexCounts.counts(dataSource, nodeNo, q, upTo, fromMicros, widthMicros, buckets);
    }

    /** Rows matching the query's indexed filters with {@code low < seq < high}, in the given order. */
    @Override
    public List<IndexRow> query(EntryQuery q, long low, long high, boolean ascending, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM index_entry WHERE node_no = ? AND seq > ?"
                + " AND seq < ?");
        List<Object> args = new ArrayList<>();
        args.add(nodeNo);
        args.add(low);
        args.add(high);
        filters(q, sql, args);
        // With an actor or action filter, ordering by the (constant) leading columns of its (node, column, seq) index
        // lets H2 read it in order and stop after `limit` rows ("index sorted"); by seq alone it sorts every match
        // first: at a million entries 0.1 ms instead of 6 ms or more per page.
        String direction = ascending ? " ASC" : " DESC";
        String leading = q.correlation() != null ? "correlation" + direction + ", "
                : q.actor() != null ? "actor" + direction + ", " : q.action() != null ? "action" + direction + ", " : "";
        sql.append(" ORDER BY node_no").append(direction).append(", ").append(leading).append("seq").append(direction)
                .append(" FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return rows(sql.toString(), args.toArray());
    }

    /**
     * The query's indexed filters (actor, action, time, outcome, correlation) as SQL conditions; {@link
     * EntryQuery#matchesIndexed} is the same test in memory. {@code FAILURE} matches every failure, whatever its type.
     */
    static void filters(EntryQuery q, StringBuilder sql, List<Object> args) {
        if (q.outcome() != null) {
            boolean anyFailure = q.outcome().equals(Outcome.FAILURE);
            sql.append(anyFailure ? " AND outcome LIKE ?" : " AND outcome = ?");
            args.add(anyFailure ? Outcome.FAILURE + "%" : q.outcome());
        }
        if (q.correlation() != null) {
            sql.append(" AND correlation = ?");
            args.add(q.correlation());
        }
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.from() != null) {
            sql.append(" AND ts_micros >= ?");
            args.add(Times.micros(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND ts_micros < ?");
            args.add(Times.micros(q.to()));
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static IndexRow row(ResultSet rs) throws SQLException {
        long ts = rs.getLong(4);
        Long tsMicros = rs.wasNull() ? null : ts;
        return new IndexRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), tsMicros, rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8));
    }
}
