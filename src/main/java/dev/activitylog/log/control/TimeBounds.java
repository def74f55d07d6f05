package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The time bounds of {@link BlockTable}'s blocks (docs/index-design.md, "Time bounds"): {@code max_ts_upto}, the
 * largest time of a block and of every block before it, and {@code min_ts_from}, the smallest of it and of every
 * block after it. Neither decreases as {@code first_seq} grows, so a time window's first and last block are one
 * index lookup each ({@link #narrow}). A stored value may be looser than exact, never tighter, and stays in order.
 * Null stands for "no time": below every time as an upper bound, above every time as a lower one.
 */
final class TimeBounds {
    private TimeBounds() {
    }

    /** One block's stored bounds. */
    record Span(Long upTo, Long from) {
    }

    /**
     * The bounds of consecutive blocks (each a list of rows, in order) written between a block whose
     * {@code max_ts_upto} is {@code before} and one whose {@code min_ts_from} is {@code after} (null: none, or none
     * known).
     */
    static Span[] of(List<List<IndexRow>> blocks, Long before, Long after) {
        Long[] upTo = new Long[blocks.size()];
        Long run = before;
        for (int k = 0; k < blocks.size(); k++) {
            upTo[k] = run = larger(run, max(blocks.get(k)));
        }
        Span[] spans = new Span[blocks.size()];
        run = after;
        for (int k = blocks.size() - 1; k >= 0; k--) {
            spans[k] = new Span(upTo[k], run = smaller(run, min(blocks.get(k))));
        }
        return spans;
    }

    /** The smallest time of the rows (a block's {@code min_ts}), or null when none has one. */
    static Long min(List<IndexRow> rows) {
        Long min = null;
        for (IndexRow r : rows) {
            min = smaller(min, r.tsMicros());
        }
        return min;
    }

    /** The largest time of the rows (a block's {@code max_ts}), or null when none has one. */
    static Long max(List<IndexRow> rows) {
        Long max = null;
        for (IndexRow r : rows) {
            max = larger(max, r.tsMicros());
        }
        return max;
    }

    private static Long smaller(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }

    private static Long larger(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    /** The stored bounds of the block starting at {@code firstSeq} (both null when there is none). */
    static Span stored(Connection c, int nodeNo, long firstSeq) throws SQLException {
        return pair(c, "SELECT max_ts_upto, min_ts_from FROM index_block WHERE node_no = ? AND first_seq = ?",
                nodeNo, firstSeq);
    }

    /** {@code max_ts_upto} of the nearest block that starts below {@code seq}, or null. */
    static Long upToBefore(Connection c, int nodeNo, long seq) throws SQLException {
        return pair(c, "SELECT max_ts_upto, NULL FROM index_block WHERE node_no = ? AND first_seq < ?"
                + " ORDER BY node_no DESC, first_seq DESC FETCH FIRST 1 ROWS ONLY", nodeNo, seq).upTo();
    }

    /** {@code min_ts_from} of the nearest block that starts above {@code seq}, or null. */
    static Long fromAfter(Connection c, int nodeNo, long seq) throws SQLException {
        return pair(c, "SELECT NULL, min_ts_from FROM index_block WHERE node_no = ? AND first_seq > ?"
                + " ORDER BY node_no, first_seq FETCH FIRST 1 ROWS ONLY", nodeNo, seq).from();
    }

    /** Keeps the order after blocks were written from {@code firstSeq} on whose smallest time is {@code min}. */
    static void lowerBefore(Connection c, int nodeNo, long firstSeq, long min) throws SQLException {
        Jdbc.update(c, "UPDATE index_block SET min_ts_from = ? WHERE node_no = ? AND first_seq < ?"
                + " AND (min_ts_from > ? OR min_ts_from IS NULL)", min, nodeNo, firstSeq, min);
    }

    /** Keeps the order after blocks were written up to {@code lastStart} whose bound from below is {@code max}. */
    static void raiseAfter(Connection c, int nodeNo, long lastStart, long max) throws SQLException {
        Jdbc.update(c, "UPDATE index_block SET max_ts_upto = ? WHERE node_no = ? AND first_seq > ?"
                + " AND (max_ts_upto < ? OR max_ts_upto IS NULL)", max, nodeNo, lastStart, max);
    }

    /**
     * The walk's bounds on block starts ({@code above < first_seq < below}) narrowed to the blocks that can hold a
     * time of the query's window; null when none can.
     */
    static long[] narrow(Connection c, int nodeNo, EntryQuery q, long above, long below) throws SQLException {
        long[] range = {above, below};
        if (q.from() != null) {
            Long first = pair(c, "SELECT first_seq, NULL FROM index_block WHERE node_no = ? AND max_ts_upto >= ?"
                    + " ORDER BY node_no, max_ts_upto, first_seq FETCH FIRST 1 ROWS ONLY", nodeNo,
                    Times.micros(q.from())).upTo();
            if (first == null) {
                return null;
            }
            range[0] = Math.max(range[0], first - 1);
        }
        if (q.to() != null) {
            Long last = pair(c, "SELECT first_seq, NULL FROM index_block WHERE node_no = ? AND min_ts_from < ?"
                    + " ORDER BY node_no DESC, min_ts_from DESC, first_seq DESC FETCH FIRST 1 ROWS ONLY", nodeNo,
                    Times.micros(q.to())).upTo();
            if (last == null) {
                return null;
            }
            range[1] = Math.min(range[1], last + 1);
        }
        return range[0] + 1 < range[1] ? range : null;
    }

    /** The first row's two nullable numbers, or two nulls. */
    private static Span pair(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Span(null, null);
                }
                long a = rs.getLong(1);
                Long first = rs.wasNull() ? null : a;
                long b = rs.getLong(2);
                return new Span(first, rs.wasNull() ? null : b);
            }
        }
    }
}
