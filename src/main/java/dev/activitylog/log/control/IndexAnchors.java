package dev.activitylog.log.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A node's anchors in the index ({@code index_anchor}): its checkpoints, inserted once each and never updated or
 * deleted by the application (a shared index grants it no more), read back by verify ({@link AnchorCheck}); and the
 * index's copy of the last checkpoint (meta {@code checkpoint}), the one chain head outside the file it may replace.
 */
final class IndexAnchors {
    private static final String META_CHECKPOINT = "checkpoint";

    private IndexAnchors() {
    }

    /** A checkpoint written to the file, recorded in the index: as its last checkpoint's copy and as an anchor. */
    static void record(EntryIndex index, CheckpointLine c) throws SQLException {
        index.putMeta(META_CHECKPOINT, c.meta());
        insert(index, c);
    }

    /** The chain heads recorded outside the file: the index's copy of the last checkpoint, and the anchors. */
    static List<AnchorCheck.Anchor> all(EntryIndex index) throws SQLException {
        List<AnchorCheck.Anchor> anchors = new ArrayList<>(of(index));
        String recorded = index.meta(META_CHECKPOINT);
        try {
            if (recorded != null) {
                CheckpointLine c = CheckpointLine.fromMeta(recorded);
                anchors.add(new AnchorCheck.Anchor(c.seq(), c.hash(), AnchorCheck.INDEX_COPY));
            }
        } catch (FormatException e) {
            throw new SQLException("the index's checkpoint copy is unreadable: " + e.getMessage(), e);
        }
        return anchors;
    }

    /** Inserts the checkpoint unless this node has an anchor at its entry already (a flush tried again). */
    static void insert(EntryIndex index, CheckpointLine c) throws SQLException {
        try (Connection conn = index.dataSource().getConnection();
             PreparedStatement ps = conn.prepareStatement("INSERT INTO index_anchor (node_no, seq, chain_hash,"
                     + " recorded_micros) SELECT node_no, ?, ?, ? FROM index_node WHERE node_no = ? AND NOT EXISTS"
                     + " (SELECT 1 FROM index_anchor WHERE node_no = ? AND seq = ?)")) {
            ps.setLong(1, c.seq());
            ps.setString(2, HexFormat.of().formatHex(c.hash()));
            ps.setLong(3, Times.micros(c.time()));
            ps.setInt(4, index.nodeNo());
            ps.setInt(5, index.nodeNo());
            ps.setLong(6, c.seq());
            ps.executeUpdate();
        }
    }

    /** This node's anchors, by entry. */
    static List<AnchorCheck.Anchor> of(EntryIndex index) throws SQLException {
        try (Connection conn = index.dataSource().getConnection()) {
            return of(conn, index.nodeNo());
        }
    }

    /** A node's anchors, by entry. */
    static List<AnchorCheck.Anchor> of(Connection conn, int nodeNo) throws SQLException {
        List<AnchorCheck.Anchor> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT seq, chain_hash FROM index_anchor WHERE node_no = ? ORDER BY node_no, seq")) {
            ps.setInt(1, nodeNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AnchorCheck.Anchor(rs.getLong(1), HexFormat.of().parseHex(rs.getString(2).strip()),
                            AnchorCheck.ANCHORS));
                }
            }
        }
        return out;
    }
}
