package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Payara stops an application's class loader before {@code @PreDestroy} closes the log, so the close may load no
 * class it has not loaded before (the engine's {@code Preload}). Here the engine runs in a class loader of its own
 * that refuses every new class once it is stopped, as Payara's does; its close must still flush the last rows into
 * the index and close the index cleanly, so that the next start trusts the index instead of rebuilding it.
 */
class StoppedClassLoaderTest {
    @TempDir
    Path dir;

    /**
     * A class loader of the project's classes, H2 and Flyway that loads none of the project's classes it has not
     * loaded yet once stopped (H2's own are not held to that here: which of them a statement needs is H2's business).
     */
    private static final class StoppableLoader extends URLClassLoader {
        private volatile boolean stopped;

        StoppableLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (stopped && name.startsWith("dev.activitylog.")) {
                throw new ClassNotFoundException(name + ": the application's class loader is stopped");
            }
            return super.findClass(name);
        }
    }

    @Test
    void aLogClosedAfterItsClassLoaderStoppedLeavesACleanIndex() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : Children.classPath().split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (StoppableLoader loader = new StoppableLoader(urls.toArray(URL[]::new))) {
            Class<?> config = loader.loadClass(LogConfig.class.getName());
            Class<?> index = loader.loadClass(TestIndex.class.getName());
            Class<?> entry = loader.loadClass(NewEntry.class.getName());
            Object pool = index.getMethod("pool", Path.class).invoke(null, dir);
            Object cfg = config.getMethod("defaults", Path.class).invoke(null, dir);
            AutoCloseable engine = (AutoCloseable) index.getMethod("start", config,
                    loader.loadClass(JdbcConnectionPool.class.getName())).invoke(null, cfg, pool);
            for (int i = 0; i < 3; i++) {  // rows the index writer has not flushed yet: the close writes them
                Object e = entry.getMethod("of", String.class, String.class, String.class, String.class)
                        .invoke(null, "alice", "order.update", "order/" + i, "before the undeploy");
                engine.getClass().getMethod("append", entry).invoke(engine, e);
            }
            loader.stopped = true;
            engine.close();
            pool.getClass().getMethod("dispose").invoke(pool);
        }

        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine reopened = TestIndex.start(LogConfig.defaults(dir), pool)) {
            RecoveryReport report = reopened.health().lastRecovery();
            assertFalse(report.indexRebuilt(), report::toString);
            assertFalse(report.actions().toString().contains("not shut down cleanly"), report::toString);
            assertEquals(3, reopened.health().entries());
            assertEquals(3, reopened.query(EntryQuery.newest(10)).entries().size(),
                    "the close's rows are in the index");
        } finally {
            pool.dispose();
        }
    }
}
