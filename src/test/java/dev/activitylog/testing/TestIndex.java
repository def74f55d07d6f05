package dev.activitylog.testing;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;

/**
 * The one fixture for "an engine over a directory with the embedded index", as production runs it (ActivityLogBean):
 * the module's own H2 file database in the log directory, shut down when the engine closes, rebuilt after a crash.
 */
public final class TestIndex {
    private TestIndex() {
    }

    /** A pool over the directory's embedded index (the URL production uses: H2 survives interrupted callers). */
    public static JdbcConnectionPool pool(Path dir) {
        return JdbcConnectionPool.create(LogConfig.embeddedIndexUrl(dir), "sa", "");
    }

    /** The configuration with the embedded index of its directory. */
    public static LogConfig embedded(LogConfig config) {
        return config.withEmbeddedIndex(LogConfig.embeddedIndexFile(config.directory()));
    }

    public static LogEngine start(LogConfig config, JdbcConnectionPool pool) {
        return LogEngine.start(embedded(config), pool);
    }
}
