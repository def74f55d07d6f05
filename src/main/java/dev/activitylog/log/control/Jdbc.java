package dev.activitylog.log.control;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/** The two JDBC chores every table of the index shares: a batch in one transaction, and a statement's parameters. */
final class Jdbc {
    private Jdbc() {
    }

    /** Sets one batch's parameters for an item. */
    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /** One statement for each item, as a batch in one transaction: all of them or none. */
    static <T> void batch(DataSource dataSource, String sql, Collection<T> items, Binder<T> binder) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (T item : items) {
                    binder.bind(ps, item);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** The statement's parameters, in order, as objects (the driver maps each Java type). */
    static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
