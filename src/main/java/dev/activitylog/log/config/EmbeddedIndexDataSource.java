package dev.activitylog.log.config;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * The data source class of {@code java:app/activity-log/IndexDS}. Annotation values are constants, but the database
 * file must follow the configured log directory: the pool instantiates this class, and the constructor takes the URL
 * from {@link Settings}, so {@code @DataSourceDefinition} needs no {@code url}.
 * <p>
 * WildFly's IronJacamar instantiates it reflectively (datasource-class) and sets the definition's properties through
 * setters; it is never shared with another deployment, so each deployment reads the settings afresh.
 * <p>
 * Delegates instead of extending: H2 2.x declares {@link JdbcDataSource} final.
 */
public class EmbeddedIndexDataSource implements DataSource {
    private final JdbcDataSource h2 = new JdbcDataSource();

    public EmbeddedIndexDataSource() {
        // This class's loader is the deployment's, whichever thread the pool creates the data source on.
        Path dir = Settings.directory(EmbeddedIndexDataSource.class);
        h2.setURL(Settings.embeddedIndexUrl(dir));
    }

    /**
     * IronJacamar refuses a data source class without at least one connection property (IJ031103), so the
     * definition passes this harmless one.
     */
    public void setDescription(String description) {
        h2.setDescription(description);
    }

    public String getDescription() {
        return h2.getDescription();
    }

    /** The JDBC URL in use (for diagnostics). */
    public String getURL() {
        return h2.getURL();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return h2.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return h2.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return h2.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        h2.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        h2.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return h2.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return h2.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : h2.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || h2.isWrapperFor(type);
    }
}
