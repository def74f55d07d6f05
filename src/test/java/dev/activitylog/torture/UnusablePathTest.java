package dev.activitylog.torture;

import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log directories the kernel refuses: missing, a regular file, on a read-only mount. */
class UnusablePathTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsCreated() {
        Path dir = tmp.resolve("does/not/exist/yet");
        JdbcConnectionPool pool = TestIndex.pool(tmp);
        try (LogEngine engine = LogEngine.start(LogConfig.defaults(dir), pool)) {
            assertEquals(LogState.AVAILABLE, engine.health().state());
            assertEquals(1, engine.append(NewEntry.of("a", "b", null, null)).seq());
            assertTrue(Files.isRegularFile(dir.resolve("activity.log")));
        } finally {
            pool.dispose();
        }
    }

    @Test
    void aReadOnlyMountMakesTheLogUnavailableUntilItIsWritableAgain() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("ro"));
        try (Mounts fs = Mounts.tmpfs(mount, "1m")) {
            fs.remount("ro");
            Path dir = mount.resolve("log");
            JdbcConnectionPool pool = TestIndex.pool(tmp);
            try (LogEngine engine = LogEngine.start(LogConfig.defaults(dir), pool)) {
                Health h = engine.health();
                assertEquals(LogState.UNAVAILABLE, h.state());
                assertTrue(h.cause().contains(dir.toString()) && h.cause().contains("read-only file system"), h.cause());
                LogUnavailableException e = assertThrows(LogUnavailableException.class,
                        () -> engine.append(NewEntry.of("a", "b", null, null)));
                assertEquals(LogUnavailableException.Reason.READ_ONLY_FILESYSTEM, e.reason());

                fs.remount("rw");
                assertEquals(1, engine.append(NewEntry.of("a", "b", null, null)).seq(), "recovers on the next call");
                assertEquals(LogState.AVAILABLE, engine.health().state());
            } finally {
                pool.dispose();
            }
        }
    }
}
