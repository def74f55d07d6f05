package dev.activitylog.torture;

import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogWriteException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log directory on a real 1 MiB tmpfs: the kernel, not a mock, says "No space left on device". */
class DiskFullTest {
    @TempDir
    Path tmp;

    @Test
    void appendsFailCleanlyWhenTheDiskIsFullAndWorkAgainOnceSpaceIsFreed() throws Exception {
        Path logDir = Files.createDirectories(tmp.resolve("small"));
        try (Mounts small = Mounts.tmpfs(logDir, "1m")) {
            Path filler = logDir.resolve("filler");
            Files.write(filler, new byte[512 * 1024]);
            JdbcConnectionPool pool = TestIndex.pool(tmp);  // the index lives elsewhere: this is about the file
            try (LogEngine engine = LogEngine.start(LogConfig.defaults(logDir), pool)) {
                String detail = "d".repeat(6000);  // lines span pages, so the kernel can accept part of one
                long appended = 0;
                byte[] lastGood = null;
                LogWriteException failure = null;
                while (failure == null) {
                    lastGood = Files.readAllBytes(Path.of(engine.health().path()));
                    try {
                        engine.append(NewEntry.of("alice", "upload", "file-" + appended, detail));
                        appended++;
                    } catch (LogWriteException e) {
                        failure = e;
                    }
                }
                Path file = Path.of(engine.health().path());
                assertTrue(failure.getMessage().contains("nothing was stored") && failure.getMessage().contains("NO_SPACE"),
                        failure.getMessage());
                assertArrayEquals(lastGood, Files.readAllBytes(file), "the file is exactly as before the failed append");
                Health h = engine.health();
                assertEquals(LogState.AVAILABLE, h.state(), "a full disk is not a reason to stop reading");
                assertEquals(appended, h.entries());
                for (int i = 0; i < 3; i++) {
                    assertThrows(engine);
                    assertArrayEquals(lastGood, Files.readAllBytes(file), "still untouched after another attempt");
                }

                Files.delete(filler);
                Entry next = engine.append(NewEntry.of("alice", "upload", "after", detail));
                assertEquals(appended + 1, next.seq(), "appends work again once space is freed");
                assertTrue(Arrays.equals(lastGood, Arrays.copyOf(Files.readAllBytes(file), lastGood.length)));
                VerifyReport v = engine.verify();
                assertTrue(v.ok(), v.summary());
                assertEquals(appended + 1, v.indexRowsChecked(), "index == file");
                System.out.printf("disk full (tmpfs 1 MiB): %d appends fitted, the next failed with NO_SPACE, file unchanged, append after freeing space ok%n",
                        appended);
            } finally {
                pool.dispose();
            }
        }
    }

    private static void assertThrows(LogEngine engine) {
        org.junit.jupiter.api.Assertions.assertThrows(LogWriteException.class,
                () -> engine.append(NewEntry.of("alice", "upload", "again", "e".repeat(6000))));
    }
}
