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
import dev.activitylog.log.control.RetentionPolicy;
import java.util.zip.GZIPOutputStream;
import java.util.zip.GZIPInputStream;
import java.io.OutputStream;
import java.io.InputStream;

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
        assertEquals(0, VerifyCommand.run(file, null, null, new PrintStream(out), System.err), out.toString());
        assertTrue(out.toString().contains("5 entries") && out.toString().contains("\nOK: "), out.toString());

        // Someone rewrites entry 2's actor and recomputes its CRC: only the chain can tell.
        String[] lines = Files.readString(file).split("\n");
        lines[2] = Tamper.editWithValidCrc(lines[2], "alice", "mallory");
        Files.writeString(file, String.join("\n", lines) + "\n");
        out.reset();
        assertEquals(1, VerifyCommand.run(file, null, null, new PrintStream(out), System.err));
        assertTrue(out.toString().contains("DAMAGED: first problem: entry 2: hash chain broken"), out.toString());

        assertEquals(2, VerifyCommand.run(dir.resolve("missing.log"), null, null, new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void checksEverySegmentAndTheArchivedOnesWithoutUnpackingThem() throws Exception {
        Path archive = dir.resolve("archive");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:verify-command-segments", "sa", "");
        LogConfig config = LogConfig.defaults(dir).withSegments(1_000, null)
                .withRetention(new RetentionPolicy(null, 6_000, RetentionPolicy.Action.ARCHIVE, archive));
        long entries;
        try (LogEngine engine = LogEngine.start(config, pool)) {
            for (int i = 0; i < 60; i++) {
                engine.append(NewEntry.of("alice", "login", "s" + i, "attempt " + i));
            }
            assertTrue(!engine.applyRetention().isEmpty());
            entries = engine.health().entries();
        } finally {
            pool.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, VerifyCommand.run(dir, null, null, new PrintStream(out), System.err), out.toString());
        assertTrue(out.toString().contains("\nOK: "), "the removals are recorded: " + out);

        out.reset();
        assertEquals(0, VerifyCommand.run(dir, archive, null, new PrintStream(out), System.err), out.toString());
        assertTrue(out.toString().contains(": " + entries + " entries"), "every entry from 1, archived or not: " + out);

        // An archived segment rewritten: entry 2's actor edited with a valid CRC, compressed again.
        Path first = archive.resolve("activity.log.gz");
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(first))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n");
        lines[2] = Tamper.editWithValidCrc(lines[2], "alice", "mallory");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(first))) {
            gz.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.reset();
        assertEquals(1, VerifyCommand.run(dir, archive, null, new PrintStream(out), System.err));
        assertTrue(out.toString().contains("entry 2: activity.log.gz: hash chain broken"), out.toString());
    }
}
