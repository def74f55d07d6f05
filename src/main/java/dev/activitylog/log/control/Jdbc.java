package dev.activitylog.log.control;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/** The JDBC chores every table of the index shares: work in one transaction, a batch, a statement's parameters. */
final class Jdbc {
    private Jdbc() {
    }

    /** Sets one batch's parameters for an item. */
    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /** Work on one connection inside a transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One statement for each item, as a batch in one transaction: all of them or none. */
    static <T> void batch(DataSource dataSource, String sql, Collection<T> items, Binder<T> binder) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        inTransaction(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (T item : items) {
                    binder.bind(ps, item);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The work in one transaction, committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** One statement run on the caller's connection (in its transaction); the rows it changed. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** The statement's parameters, in order, as objects (the driver maps each Java type). */
    static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
