package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The histogram's answers ({@link Histograms}) from {@link EntryTable}: grouped queries over one node's rows. */
final class IndexCounts {
    private IndexCounts() {
    }

    /** The earliest and latest time (micros) of the rows up to {@code upTo} matching the indexed filters, or null. */
    static long[] timeRange(DataSource dataSource, int nodeNo, EntryQuery q, long upTo) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT MIN(ts_micros), MAX(ts_micros) FROM index_entry WHERE node_no = ?"
                + " AND seq <= ?");
        List<Object> args = new ArrayList<>(List.of(nodeNo, upTo));
        EntryTable.filters(q, sql, args);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? null : new long[]{min, rs.getLong(2)};
            }
        }
    }

    /**
     * How many rows up to {@code upTo} match the indexed filters, by time bucket ({@code (ts - from) / width}, from
     * 0 to {@code buckets - 1}) and action: one grouped query, the file is never read.
     */
    static Map<Integer, Map<String, Long>> counts(DataSource dataSource, int nodeNo, EntryQuery q, long upTo, long fromMicros, long widthMicros, int buckets)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT (ts_micros - ?) / ? AS bucket, action, COUNT(*) FROM index_entry"
                + " WHERE node_no = ? AND seq <= ? AND ts_micros >= ? AND ts_micros < ?");
        List<Object> args = new ArrayList<>(List.of(fromMicros, widthMicros, nodeNo, upTo, fromMicros,
                fromMicros + widthMicros * buckets));
        EntryTable.filters(q, sql, args);
        sql.append(" GROUP BY bucket, action");
        Map<Integer, Map<String, Long>> out = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent((int) rs.getLong(1), b -> new java.util.HashMap<>())
                            .merge(rs.getString(2), rs.getLong(3), Long::sum);
                }
            }
        }
        return out;
    }
}
