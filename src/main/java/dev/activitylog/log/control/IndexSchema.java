package dev.activitylog.log.control;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The index's schema: the Flyway migrations of db/migration, run only when the database is behind them. */
final class IndexSchema {
    private IndexSchema() {
    }

    /** The version of the newest migration in db/migration (a unit test keeps the two in step). */
    static final String SCHEMA_VERSION = "7";

    /**
     * Creates or upgrades the schema from classpath:db/migration. When Flyway's history already shows the newest
     * version applied, Flyway is not started: it costs half a second of every start, which is most of a clean one.
     *
     * @param node this node's id ({@link NodeId}): a migration that moves one node's rows into a table keyed by node
     *             gives them to the node that runs it (placeholder {@code node})
     */
    static void migrate(DataSource dataSource, String node) {
        if (schemaIsCurrent(dataSource)) {
            return;
        }
        Flyway.configure(IndexSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(java.util.Map.of("node", NodeId.valid(node)))
                .load()
                .migrate();
    }

    private static boolean schemaIsCurrent(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return historyTableExists(c) && latestVersionIs(c, SCHEMA_VERSION);
        } catch (SQLException e) {
            return false;  // unreadable: Flyway decides
        }
    }

    private static boolean historyTableExists(Connection c) throws SQLException {
        // Asked through metadata: a failing SELECT would leave an H2 .trace.db file behind on every new database.
        try (ResultSet rs = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
            return rs.next();
        }
    }

    private static boolean latestVersionIs(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                     + " ORDER BY \"installed_rank\" DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && version.equals(rs.getString(1)) && rs.getBoolean(2);
        }
    }
}
