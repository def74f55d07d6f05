package dev.activitylog.torture;

import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refused second open must not release the first engine's lock (on Linux, closing any descriptor of a file drops
 * every POSIX lock the process holds on it): after an engine in this JVM was refused, another process is refused too.
 */
class SecondOpenerTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedSecondEngineInThisJvmLeavesTheLockWithTheFirstAndAnotherProcessIsRefused() throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine first = TestIndex.start(LogConfig.defaults(dir).withDurability(dev.activitylog.log.entity.Durability.GROUP), pool)) {
            List<Entry> written = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                written.add(first.append(NewEntry.of("alice", "before", "s" + i, null)));
            }
            JdbcConnectionPool otherIndex = JdbcConnectionPool.create("jdbc:h2:mem:refused", "sa", "");
            try (LogEngine second = LogEngine.start(LogConfig.defaults(dir), otherIndex)) {
                assertEquals(LogState.UNAVAILABLE, second.health().state());
                assertTrue(second.health().cause().contains("in use"), second.health().cause());
            } finally {
                otherIndex.dispose();
            }

            String out = secondProcess();
            assertTrue(out.contains("STATE UNAVAILABLE") && out.contains("in use"), out);
            assertTrue(out.contains("APPEND IN_USE"), out);

            assertEquals(11, first.append(NewEntry.of("alice", "after", null, null)).seq());
            for (Entry e : written) {
                assertEquals(e, first.read(e.seq()).orElseThrow());
            }
            VerifyReport v = first.verify();
            assertTrue(v.ok(), v.summary());
            assertEquals(11, v.entries());
        } finally {
            pool.dispose();
        }
    }

    /**
     * A redeployment whose new instance starts before the old one closed: the same classes in another class loader,
     * where static fields are not shared. It is refused without opening the lock file a second time.
     */
    @Test
    void anEngineOfAnotherClassLoaderIsRefusedAndTheLockStaysWithTheFirst() throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine first = TestIndex.start(LogConfig.defaults(dir).withDurability(dev.activitylog.log.entity.Durability.GROUP), pool)) {
            first.append(NewEntry.of("alice", "before", null, null));
            List<URL> urls = new ArrayList<>();
            for (String entry : Children.classPath().split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            JdbcConnectionPool otherIndex = JdbcConnectionPool.create("jdbc:h2:mem:redeployed", "sa", "");
            try (URLClassLoader redeployed = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
                Class<?> config = redeployed.loadClass(LogConfig.class.getName());
                Class<?> engine = redeployed.loadClass(LogEngine.class.getName());
                assertTrue(engine != LogEngine.class, "a class of its own, as in another deployment");
                Object cfg = config.getMethod("defaults", Path.class).invoke(null, dir);
                AutoCloseable second = (AutoCloseable) engine.getMethod("start", config, DataSource.class).invoke(null, cfg, otherIndex);
                Object health = engine.getMethod("health").invoke(second);
                String state = String.valueOf(health.getClass().getMethod("state").invoke(health));
                String cause = String.valueOf(health.getClass().getMethod("cause").invoke(health));
                second.close();
                assertEquals("UNAVAILABLE", state, cause);
                assertTrue(cause.contains("in this JVM"), cause);
            } finally {
                otherIndex.dispose();
            }

            String out = secondProcess();
            assertTrue(out.contains("APPEND IN_USE"), out);
            assertEquals(2, first.append(NewEntry.of("alice", "after", null, null)).seq());
        } finally {
            pool.dispose();
        }
    }

    /** What a second JVM opening the directory printed (it exits by itself). */
    private String secondProcess() throws Exception {
        Process child = Children.start(List.of(), SecondOpenerChild.class, dir.toString());
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), out);
        return out;
    }
}
