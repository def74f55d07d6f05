package dev.activitylog.log.control;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes an index describes ({@code index_node}): each node's id and the number its rows carry. A node new to a
 * shared index takes the next number; two nodes taking one at once cannot both have it (primary key), and the loser
 * takes the next. The module's own H2 describes the directory it lives in, whatever the node is called now: a
 * renamed node keeps its rows there, where in a shared index it is a new node (the old one's rows stay its own).
 */
final class IndexNodes {
    private static final int ATTEMPTS = 5;

    private IndexNodes() {
    }

    static int bind(DataSource dataSource, String node, boolean embedded) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            SQLException lost = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Integer known = number(c, node);
                if (known != null) {
                    return known;
                }
                if (embedded && rename(c, node)) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO index_node (node_no, node)"
                        + " SELECT COALESCE(MAX(node_no), 0) + 1, ? FROM index_node")) {
                    ps.setString(1, node);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    lost = e;  // another node took that number (or this id) first: look again
                }
            }
            throw new SQLException("could not register node '" + node + "' in the index's index_node table", lost);
        }
    }

    /** The nodes the index knows, by number, or only {@code only} when it is not null. */
    static Map<Integer, String> all(Connection c, String only) throws SQLException {
        Map<Integer, String> nodes = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(only == null ? "SELECT node_no, node FROM index_node"
                : "SELECT node_no, node FROM index_node WHERE node = ?")) {
            if (only != null) {
                ps.setString(1, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return nodes;
    }

    /** The node's seed of its hash chain (the header's {@code chain-seed}, kept by recovery), or null. */
    static byte[] chainSeed(Connection c, int nodeNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM index_meta WHERE node_no = ?"
                + " AND meta_key = ?")) {
            ps.setInt(1, nodeNo);
            ps.setString(2, Recovery.META_CHAIN_SEED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.HexFormat.of().parseHex(rs.getString(1)) : null;
            }
        }
    }

    static Integer number(Connection c, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT node_no FROM index_node WHERE node = ?")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /** The embedded index's one node gets this id; false when there is not exactly one. */
    private static boolean rename(Connection c, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE index_node SET node = ?"
                + " WHERE (SELECT COUNT(*) FROM index_node) = 1")) {
            ps.setString(1, node);
            return ps.executeUpdate() == 1;
        }
    }
}
