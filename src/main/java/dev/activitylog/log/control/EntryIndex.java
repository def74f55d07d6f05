package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One node's part of the index (H2, PostgreSQL or any JDBC database): its rows ({@link RowStore}: sequence number
 * to byte offset and length, plus time, actor, action, outcome and correlation for filtering), and the node's
 * records about its files. Every
 * statement names the node ({@link IndexNodes}): other nodes' rows in a shared index are never touched.
 * Derived data: every row points at bytes in the file; the file may hold entries the index lacks, never the reverse.
 */
final class EntryIndex {
    private final DataSource dataSource;
    private final String node;
    private final boolean embedded;
    /** This node's number in {@code index_node}, known once {@link #migrate} ran. */
    private int nodeNo;
    private RowStore rows;

    /** @param embedded whether the index is the module's own H2, which only ever describes its own directory */
    EntryIndex(DataSource dataSource, String node, boolean embedded) {
        this.dataSource = dataSource;
        this.node = NodeId.valid(node);
        this.embedded = embedded;
    }

    DataSource dataSource() {
        return dataSource;
    }

    int nodeNo() {
        return nodeNo;
    }

    String node() {
        return node;
    }

    /** Whether each line is also kept here ({@code index_line}): in an index nodes share, not in the embedded H2. */
    boolean storesLines() {
        return !embedded;
    }

    /** Creates or upgrades the schema ({@link IndexSchema}) and finds (or gives) this node its number. */
    void migrate() throws SQLException {
        IndexSchema.migrate(dataSource, node);
        nodeNo = IndexNodes.bind(dataSource, node, embedded);
        rows = embedded ? BlockTable.adopting(dataSource, nodeNo) : new EntryTable(dataSource, nodeNo);
    }

    /** Where this node's rows are: blocks in the embedded H2, one row per entry in a shared index. */
    RowStore rows() {
        return rows;
    }

    IndexRow last() throws SQLException {
        return rows.last();
    }

    IndexRow find(long seq) throws SQLException {
        return rows.find(seq);
    }

    /** Rows with {@code from <= seq <= to}, in order. */
    List<IndexRow> range(long from, long to) throws SQLException {
        return rows.range(from, to);
    }

    /** Inserts rows in one transaction: all of them or none. */
    void insert(Collection<IndexRow> batch) throws SQLException {
        rows.insert(batch);
    }

    /** Removes rows of the active segment (entries from {@code firstSeq}) that point past its end. */
    int deleteBeyond(long firstSeq, long segmentSize) throws SQLException {
        return rows.deleteBeyond(firstSeq, segmentSize);
    }

    /** Removes the rows of entries {@code from} (inclusive) to {@code to} (exclusive): a removed segment's. */
    int deleteRange(long from, long to) throws SQLException {
        update("DELETE FROM index_line WHERE node_no = ? AND seq >= ? AND seq < ?", nodeNo, from, to);
        return rows.deleteRange(from, to);
    }

    /** Removes every row of this node (the index's records about its log file stay). */
    int deleteRows() throws SQLException {
        return rows.deleteRows();
    }

    /** Forgets everything about this node but its anchors: rows, lines and what it recorded about its log file. */
    void clear() throws SQLException {
        deleteRows();
        update("DELETE FROM index_line WHERE node_no = ?", nodeNo);
        update("DELETE FROM index_meta WHERE node_no = ?", nodeNo);
    }

    String meta(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM index_meta WHERE node_no = ? AND meta_key = ?")) {
            ps.setInt(1, nodeNo);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Every record whose key starts with {@code prefix} (a literal: no pattern characters), by key. */
    Map<String, String> metaStartingWith(String prefix) throws SQLException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT meta_key, meta_value FROM index_meta"
                     + " WHERE node_no = ? AND meta_key LIKE ?")) {
            ps.setInt(1, nodeNo);
            ps.setString(2, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    void putMeta(String key, String value) throws SQLException {
        update("DELETE FROM index_meta WHERE node_no = ? AND meta_key = ?", nodeNo, key);
        update("INSERT INTO index_meta (node_no, meta_key, meta_value) VALUES (?, ?, ?)", nodeNo, key, value);
    }

    /** Rows matching the query's indexed filters with {@code low < seq < high}, in the given order. */
    List<IndexRow> query(EntryQuery q, long low, long high, boolean ascending, int limit) throws SQLException {
        return rows.query(q, low, high, ascending, limit);
    }

    /**
     * Closes an embedded H2 database cleanly. A pool's close does not: rows committed just before an app server's
     * shutdown were seen missing on Payara without it (platform notes).
     */
    void shutdownIfEmbeddedH2() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            if (url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")) {
                try (Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            return ps.executeUpdate();
        }
    }
}
