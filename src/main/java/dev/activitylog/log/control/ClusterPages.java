package dev.activitylog.log.control;

import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NodeEntry;
import dev.activitylog.log.entity.Page;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The merged view of a shared index: every node's entries, newest first by (time, node, number), a keyset page at a
 * time (never OFFSET). Each node's newest rows before the cursor come from its (node, time, number) index, joined
 * with its lines; the nodes' rows are merged here, and each line is checked (CRC, number) as a line of the local file
 * is on a read. An entry whose line has not been copied yet is not in the view yet.
 */
final class ClusterPages {
    /** Rows asked of the index per round while a text filter drops some. */
    private static final int ROUNDS = 20;

    private ClusterPages() {
    }

    private record Row(String node, long seq, long micros, String line) {
    }

    private static final Comparator<Row> NEWEST_FIRST = Comparator.comparingLong(Row::micros)
            .thenComparing(Row::node).thenComparingLong(Row::seq).reversed();

    /** @param node only this node's entries, or null for all; @param before null for the newest page */
    static ClusterPage page(EntryIndex index, EntryQuery q, String node, ClusterCursor before) throws SQLException {
        Map<Integer, String> nodes;
        try (Connection c = index.dataSource().getConnection()) {
            nodes = IndexNodes.all(c, node);
        }
        List<NodeEntry> out = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        ClusterCursor at = before;
        for (int round = 0; round < ROUNDS; round++) {
            // Each node's newest limit + 1 rows hold every row of the merged newest `limit`, and say if more exist.
            List<Row> rows = new ArrayList<>();
            boolean more = false;
            for (Map.Entry<Integer, String> n : nodes.entrySet()) {
                List<Row> newest = newest(index, q, n.getKey(), n.getValue(), at, q.limit() + 1);
                more |= newest.size() > q.limit();
                rows.addAll(newest);
            }
            rows.sort(NEWEST_FIRST);
            int i = 0;
            for (; i < rows.size() && out.size() < q.limit(); i++) {
                Row r = rows.get(i);
                at = new ClusterCursor(r.micros(), r.node(), r.seq());
                try {
                    LineCodec.Decoded d = IndexLines.decode(r.line().getBytes(StandardCharsets.UTF_8), r.seq(), r.node());
                    if (q.matchesText(d.entry())) {
                        out.add(new NodeEntry(r.node(), d.entry()));
                    }
                } catch (CorruptEntryException e) {
                    corrupt.add(r.node() + ":" + r.seq());
                }
            }
            if (out.size() == q.limit() || !more) {
                boolean older = i < rows.size() || more;
                return new ClusterPage(out, corrupt, older ? at.toString() : null);
            }
        }
        return new ClusterPage(out, corrupt, at.toString());  // the text filter's scan bound: go on from here
    }

    /**
     * A page of this node's own log, in the merged view's form (the embedded index holds one node's log). A text
     * search stopped by its scan bound may have found nothing and still go on below a number: its cursor then has no
     * entry's time, and needs none, as this node's view pages by number alone ({@link ClusterView#page}).
     */
    static ClusterPage local(Page p, String node) {
        List<NodeEntry> entries = p.entries().stream().map(e -> new NodeEntry(node, e)).toList();
        Entry last = p.entries().isEmpty() ? null : p.entries().get(p.entries().size() - 1);
        return new ClusterPage(entries, p.corrupt().stream().map(s -> node + ":" + s).toList(),
                p.nextBefore() == null ? null : new ClusterCursor(last == null ? Long.MAX_VALUE
                        : Times.micros(last.time()), node, p.nextBefore()).toString());
    }

    /** One node's newest rows before the cursor that match the indexed filters, with their lines. */
    private static List<Row> newest(EntryIndex index, EntryQuery q, int nodeNo, String node, ClusterCursor before, int limit)
            throws SQLException {
        // The node's newest rows first, from its (node, time, number) index, and only then their lines: a join
        // before the limit lets the planner read whole tables (PostgreSQL did, without statistics).
        StringBuilder sql = new StringBuilder("SELECT e.seq, e.ts_micros, l.line FROM (SELECT node_no, seq, ts_micros"
                + " FROM index_entry WHERE node_no = ? AND ts_micros IS NOT NULL"
                // lines are copied in order: up to the last one copied, every readable entry has its line
                + " AND seq <= (SELECT COALESCE(MAX(seq), 0) FROM index_line WHERE node_no = ?)");
        List<Object> args = new ArrayList<>(List.of(nodeNo, nodeNo));
        if (before != null) {
            // Older than the cursor in (time, node, number): at the cursor's time, this node's numbers below a bound.
            int byNode = node.compareTo(before.node());
            long below = byNode < 0 ? Long.MAX_VALUE : byNode == 0 ? before.seq() : Long.MIN_VALUE;
            // A row value: one range of the (node, time, number) index, where an OR of two would scan from the newest.
            sql.append(" AND (ts_micros, seq) < (?, ?)");
            args.addAll(List.of(before.micros(), below));
        }
        EntryTable.filters(q, sql, args);
        sql.append(" ORDER BY node_no DESC, ts_micros DESC, seq DESC FETCH FIRST ").append(limit).append(" ROWS ONLY)"
                + " e JOIN index_line l ON l.node_no = e.node_no AND l.seq = e.seq ORDER BY e.ts_micros DESC, e.seq DESC");
        List<Row> rows = new ArrayList<>();
        try (Connection c = index.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(node, rs.getLong(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return rows;
    }
}
