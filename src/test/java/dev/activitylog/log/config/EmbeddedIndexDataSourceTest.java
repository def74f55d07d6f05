package dev.activitylog.log.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedIndexDataSourceTest {

    /**
     * The URL with H2's interrupt-safe file system ({@code retry:}) opens with the packaged H2, and the database file
     * follows the setting. (What {@code retry:} buys under interrupts is in docs/deployment.md.)
     */
    @Test
    void opensTheIndexUnderTheConfiguredLogDirectory(@TempDir Path dir) throws Exception {
        String previous = System.setProperty("activitylog.dir", dir.toString());
        try {
            EmbeddedIndexDataSource ds = new EmbeddedIndexDataSource();
            assertTrue(ds.getURL().startsWith("jdbc:h2:retry:" + dir.toAbsolutePath()), ds.getURL());
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x INT)");
                s.execute("INSERT INTO t VALUES (42)");
                try (ResultSet rs = s.executeQuery("SELECT x FROM t")) {
                    rs.next();
                    assertEquals(42, rs.getInt(1));
                }
                s.execute("SHUTDOWN");
            }
            assertTrue(Files.isRegularFile(dir.resolve("index").resolve("activity-index.mv.db")));
        } finally {
            if (previous == null) {
                System.clearProperty("activitylog.dir");
            } else {
                System.setProperty("activitylog.dir", previous);
            }
        }
    }
}
