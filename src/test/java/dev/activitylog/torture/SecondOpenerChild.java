package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;

/**
 * A second process opening a log directory: prints "STATE state" once started and "APPEND seq" or "APPEND reason",
 * then closes. Its index is a database of its own, so only the log's lock can keep it out.
 */
public final class SecondOpenerChild {
    private SecondOpenerChild() {
    }

    public static void main(String[] args) {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:second", "sa", "");
        try (LogEngine engine = LogEngine.start(LogConfig.defaults(Path.of(args[0])), pool)) {
            Health h = engine.health();
            System.out.println("STATE " + h.state() + " " + h.cause());
            try {
                System.out.println("APPEND " + engine.append(NewEntry.of("child", "append", null, null)).seq());
            } catch (LogUnavailableException e) {
                System.out.println("APPEND " + e.reason());
            } catch (ActivityLogException e) {
                System.out.println("APPEND " + e);
            }
        } finally {
            pool.dispose();
        }
    }
}
