package dev.activitylog.it;

import dev.activitylog.testing.PostgresServer;
import dev.activitylog.testing.TestFiles;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The Payara suite's index in PostgreSQL ({@code -Dit.index=postgres}, failsafe execution {@code payara-postgres}):
 * set up as docs/deployment.md ("Setting it up on Payara") tells an operator, on a real PostgreSQL the test JVM starts
 * ({@link PostgresServer}, stopped when the JVM exits) with a new database for the suite. The driver jar goes into the
 * domain's {@code lib/} before the domain starts; the connection pool and the JDBC resource are created with asadmin
 * once it runs, before the first deployment; the application is pointed at it by {@code activitylog.datasource}.
 */
final class PayaraIndex {
    static final String JNDI = "jdbc/ActivityLogIndex";
    static final String NODE = "payara-it";
    private static final String POOL = "ActivityLogIndexPool";
    private static String database;

    private PayaraIndex() {
    }

    static boolean wanted() {
        return "postgres".equals(System.getProperty("it.index"));
    }

    /**
     * Starts PostgreSQL with the suite's database and copies the driver into the domain (not running yet). The
     * database is new, so the log starts new too: an earlier suite's log in a new index would be rebuilt into it,
     * and the damage RecoveryIT did to it would be, rightly, gaps in the index's copy of its lines.
     *
     * @return the application's settings that select the index
     */
    static synchronized Map<String, String> prepare(Path domainDirectory, Path logDirectory) throws IOException {
        if (database == null) {
            database = PostgresServer.shared().createDatabase();
            TestFiles.deleteTree(logDirectory);
        }
        Path lib = Files.createDirectories(domainDirectory.resolve("lib"));
        Files.copy(PostgresServer.driverJar(), lib.resolve("postgresql.jar"), StandardCopyOption.REPLACE_EXISTING);
        return Map.of("activitylog.datasource", JNDI, "activitylog.node", NODE);
    }

    /** The pool and resource in the running domain, replacing an earlier suite's (its database is gone). */
    static void createResource(PayaraDomain domain) throws IOException, InterruptedException {
        asadmin(domain, false, "delete-jdbc-resource", JNDI);
        asadmin(domain, false, "delete-jdbc-connection-pool", POOL);
        PostgresServer pg = PostgresServer.shared();
        // Non-transactional connections: the engine commits itself and never joins a caller's transaction. Payara
        // refuses a pool without a password; the test server trusts loopback connections and ignores it.
        asadmin(domain, true, "create-jdbc-connection-pool", "--datasourceclassname",
                "org.postgresql.ds.PGSimpleDataSource", "--restype", "javax.sql.DataSource",
                "--nontransactionalconnections=true", "--property", "serverName=127.0.0.1:portNumber=" + pg.port()
                        + ":databaseName=" + database + ":user=" + PostgresServer.USER + ":password=unused", POOL);
        asadmin(domain, true, "create-jdbc-resource", "--connectionpoolid", POOL, JNDI);
        asadmin(domain, true, "ping-connection-pool", POOL);
    }

    /** The suite's database, for tests that look at what the index holds. */
    static PGSimpleDataSource dataSource() {
        if (database == null) {
            throw new IllegalStateException("no PostgreSQL index: run with -Dit.index=postgres (profile payara)");
        }
        return PostgresServer.shared().dataSource(database);
    }

    private static void asadmin(PayaraDomain domain, boolean required, String... command)
            throws IOException, InterruptedException {
        String failure = domain.asadmin(domain.remote(command), null);
        if (failure != null && required) {
            throw new IllegalStateException(failure);
        }
    }
}
