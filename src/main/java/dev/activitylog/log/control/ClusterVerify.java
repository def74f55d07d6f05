package dev.activitylog.log.control;

import dev.activitylog.log.entity.ClusterVerifyReport;
import dev.activitylog.log.entity.ClusterVerifyReport.NodeReport;
import dev.activitylog.log.entity.ClusterVerifyReport.Problem;
import dev.activitylog.log.entity.CorruptEntryException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verify for a whole cluster, from the shared index alone: each node's copy of its lines walked in order, every
 * line's CRC and number and every link of its hash chain checked (from the node's chain seed when the copy starts
 * at entry 1), and compared with each anchor of that node. Someone with root on a node who rewrote its file and its
 * copy with a recomputed chain and MACs, or cut both short, is caught here too: the anchors are not theirs to change.
 */
final class ClusterVerify {
    private static final int CHUNK = 1_000;

    private ClusterVerify() {
    }

    static ClusterVerifyReport run(EntryIndex index, Clock clock) throws SQLException {
        var at = clock.instant();
        long t0 = System.nanoTime();
        List<NodeReport> nodes = new ArrayList<>();
        try (Connection c = index.dataSource().getConnection()) {
            for (Map.Entry<Integer, String> n : IndexNodes.all(c, null).entrySet()) {
                nodes.add(node(c, n.getKey(), n.getValue()));
            }
        }
        return new ClusterVerifyReport(at, (System.nanoTime() - t0) / 1_000_000, nodes);
    }

    private static NodeReport node(Connection c, int nodeNo, String node) throws SQLException {
        TreeMap<Long, byte[]> anchors = new TreeMap<>();
        for (AnchorCheck.Anchor a : IndexAnchors.of(c, nodeNo)) {
            anchors.put(a.seq(), a.hash());
        }
        List<Problem> problems = new ArrayList<>();
        byte[] previous = IndexNodes.chainSeed(c, nodeNo);  // the link of entry 1, if the copy starts there
        long expected = 1;
        long first = 0;
        long last = 0;
        long lines = 0;
        int compared = 0;
        for (long after = 0; ; ) {
            Map<Long, String> chunk = lines(c, nodeNo, after);
            for (Map.Entry<Long, String> l : chunk.entrySet()) {
                long seq = l.getKey();
                first = first == 0 ? seq : first;
                if (seq != expected && lines > 0) {
                    problem(problems, expected, "entries " + expected + " to " + (seq - 1) + " are missing from the"
                            + " copy of node " + node + "'s lines (removed, or never copied)");
                }
                if (seq != expected) {
                    previous = null;  // the link to an entry the copy does not hold cannot be checked
                }
                byte[] bytes = l.getValue().getBytes(StandardCharsets.UTF_8);
                byte[] hash = null;
                try {
                    LineCodec.Decoded d = IndexLines.decode(bytes, seq, node);
                    hash = d.hash();
                    if (previous != null && !Arrays.equals(LineCodec.chain(previous, bytes, 0, d.bodyLength()), hash)) {
                        problem(problems, seq, "hash chain broken: the line does not follow from the one before it");
                    }
                } catch (CorruptEntryException e) {
                    problem(problems, seq, e.getMessage());
                }
                byte[] anchor = anchors.get(seq);
                if (anchor != null) {
                    compared++;
                    if (hash != null && !Arrays.equals(anchor, hash)) {
                        problem(problems, seq, "the chain differs from the anchor recorded at this entry: node "
                                + node + "'s log was rewritten up to here (a fork, or a rollback and new entries)");
                    }
                }
                previous = hash;
                expected = seq + 1;
                last = seq;
                lines++;
            }
            if (chunk.size() < CHUNK) {
                break;
            }
            after = last;
        }
        Map.Entry<Long, byte[]> beyond = anchors.higherEntry(last);
        if (beyond != null) {
            problem(problems, beyond.getKey(), "an anchor was recorded at entry " + beyond.getKey() + " but the copy"
                    + " of node " + node + "'s lines ends at entry " + last + ": truncated or rolled back (or, while"
                    + " the node runs, not copied yet)");
        }
        return new NodeReport(node, lines, first, last, compared, problems);
    }

    private static void problem(List<Problem> problems, long seq, String what) {
        if (problems.size() < NodeReport.MAX_PROBLEMS) {
            problems.add(new Problem(seq, what));
        }
    }

    private static Map<Long, String> lines(Connection c, int nodeNo, long after) throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, line FROM index_line WHERE node_no = ? AND seq > ?"
                + " ORDER BY node_no, seq FETCH FIRST " + CHUNK + " ROWS ONLY")) {
            ps.setInt(1, nodeNo);
            ps.setLong(2, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
