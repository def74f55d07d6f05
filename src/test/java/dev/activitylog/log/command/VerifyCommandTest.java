package dev.activitylog.log.command;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.testing.Tamper;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void checksAFileWithNothingButTheFile() throws Exception {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:verify-command", "sa", "");
        try (LogEngine engine = LogEngine.start(LogConfig.defaults(dir), pool)) {
            for (int i = 0; i < 5; i++) {
                engine.append(NewEntry.of("alice", "login", null, "attempt " + i));
            }
        } finally {
            pool.dispose();
        }
        Path file = dir.resolve(LogConfig.DEFAULT_FILE_NAME);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, VerifyCommand.run(file, null, new PrintStream(out), System.err), out.toString());
        assertTrue(out.toString().contains("5 entries") && out.toString().contains("\nOK: "), out.toString());

        // Someone rewrites entry 2's actor and recomputes its CRC: only the chain can tell.
        String[] lines = Files.readString(file).split("\n");
        lines[2] = Tamper.editWithValidCrc(lines[2], "alice", "mallory");
        Files.writeString(file, String.join("\n", lines) + "\n");
        out.reset();
        assertEquals(1, VerifyCommand.run(file, null, new PrintStream(out), System.err));
        assertTrue(out.toString().contains("DAMAGED: first problem: entry 2: hash chain broken"), out.toString());

        assertEquals(2, VerifyCommand.run(dir.resolve("missing.log"), null, new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
    }
}
