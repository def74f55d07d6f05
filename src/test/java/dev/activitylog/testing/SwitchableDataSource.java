package dev.activitylog.testing;

import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/** A real H2 pool behind a switch that makes every new connection fail, as a dead database server would. */
public final class SwitchableDataSource implements DataSource {
    final JdbcConnectionPool pool;
    public volatile boolean down;

    public SwitchableDataSource(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            throw new SQLException("index database is down (switched off by the test)");
        }
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
