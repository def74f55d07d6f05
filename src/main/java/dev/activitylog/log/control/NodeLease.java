package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps a second server with the same node id away from a shared PostgreSQL index: a session advisory lock on the
 * node's number, held on a connection of its own for as long as the log is open. Two servers with one id would
 * write one node's rows from two files. PostgreSQL drops the lock with the session, so a node that died (SIGKILL,
 * power loss) does not keep it from starting again. The embedded H2 needs none: it lives in the log's directory,
 * which the file lock already guards.
 */
final class NodeLease implements AutoCloseable {
    /** The advisory lock's first key: "AcLg", this module's own space of PostgreSQL advisory locks. */
    private static final int KEY_SPACE = 0x41634c67;

    private final EntryIndex index;
    private Connection connection;

    private NodeLease(EntryIndex index, Connection connection) {
        this.index = index;
        this.connection = connection;
    }

    /** The lease of the index's node, or null when the index is not PostgreSQL; refused while another server holds it. */
    static NodeLease take(EntryIndex index, String where) throws SQLException {
        Connection c = index.dataSource().getConnection();
        try {
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                c.close();
                return null;
            }
            c.setAutoCommit(true);  // an open transaction held for the log's life would keep VACUUM from cleaning up
            if (!ask(c, "SELECT pg_try_advisory_lock(?, ?)", index.nodeNo())) {
                throw new LogUnavailableException(where, Reason.IN_USE, "another server with node id '" + index.node()
                        + "' uses this index; give every node an id of its own (activitylog.node)", null);
            }
            return new NodeLease(index, c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Whether this node still holds its id. A database restart ends the session and with it the lock: it is taken
     * again on a new session; false when another server took it meanwhile. While the database is away nothing can
     * be decided, and the answer is true until it is back.
     */
    synchronized boolean stillHeld() {
        try {
            if (connection.isValid(2)) {
                return true;
            }
        } catch (SQLException e) {
            // asked again below
        }
        Connection c;
        try {
            c = index.dataSource().getConnection();
        } catch (SQLException away) {
            return true;
        }
        try {
            c.setAutoCommit(true);
            if (ask(c, "SELECT pg_try_advisory_lock(?, ?)", index.nodeNo())) {
                LogOpener.closeQuietly(connection);
                connection = c;
                return true;
            }
            c.close();
            return false;
        } catch (SQLException away) {
            LogOpener.closeQuietly(c);
            return true;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        try {
            ask(connection, "SELECT pg_advisory_unlock(?, ?)", index.nodeNo());
        } finally {
            connection.close();
        }
    }

    private static boolean ask(Connection c, String sql, int nodeNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, KEY_SPACE);
            ps.setInt(2, nodeNo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
