package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file changed while the log was stopped and the index stayed (docs/recovery.md, rule 4): the index's last row is
 * believed only if its bytes are that entry; otherwise the index is rebuilt from the file, an append never follows
 * a byte that is not a line feed, and no sequence number is written twice.
 */
class StaleIndexRecoveryTest {
    @TempDir
    Path dir;

    /** The file's lines, each with its line feed (the last one may lack it). */
    private static List<byte[]> lines(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(file, start, i + 1));
                start = i + 1;
            }
        }
        if (start < file.length) {
            out.add(java.util.Arrays.copyOfRange(file, start, file.length));
        }
        return out;
    }

    private static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The line of entry {@code seq} (the header is line 0, entries follow it in order before any checkpoint). */
    private static int lineOf(List<byte[]> lines, long seq) {
        for (int i = 1; i < lines.size(); i++) {
            if (new String(lines.get(i), StandardCharsets.UTF_8).startsWith(seq + "\t")) {
                return i;
            }
        }
        throw new IllegalArgumentException("no entry " + seq);
    }

    /** What a user checks after any of these: every line ends with a line feed and the numbers never repeat. */
    private static void assertWellFormed(byte[] file) {
        assertEquals('\n', file[file.length - 1], "the file ends with a line feed");
        List<String> seqs = new ArrayList<>();
        for (byte[] line : lines(file)) {
            assertEquals('\n', line[line.length - 1], () -> "a line without its line feed: " + new String(line, StandardCharsets.UTF_8));
            String text = new String(line, StandardCharsets.UTF_8);
            if (Character.isDigit(text.charAt(0))) {
                seqs.add(text.substring(0, text.indexOf('\t')));
            }
        }
        assertEquals(seqs.size(), seqs.stream().distinct().count(), () -> "a sequence number is written twice: " + seqs);
    }

    @Test
    void aLineRemovedInTheMiddleIsReportedMissingAndItsNumberIsNeverReused() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(20, "alice");
            log.stop();
            List<byte[]> lines = lines(log.bytes());
            lines.remove(lineOf(lines, 10));
            Files.write(log.file(), join(lines));

            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertTrue(r.actions().stream().anyMatch(a -> a.contains("does not match the file")), r.summary());
            assertTrue(r.indexRebuilt(), r.summary());
            assertEquals(20, log.engine.health().entries(), "the file's last entry is 20");
            assertEquals(List.of(10L), r.corruptSeq());
            assertTrue(assertThrows(CorruptEntryException.class, () -> log.engine.read(10)).getMessage().contains("missing"));
            for (int seq : new int[]{1, 9, 11, 20}) {
                assertEquals(written.get(seq - 1), log.engine.read(seq).orElseThrow());
            }
            Entry next = log.engine.append(NewEntry.of("bob", "after", "s", "d"));
            assertEquals(21, next.seq());

            // The index is derived: rebuilt from the file alone, the new entry reads as written.
            log.stop();
            assertWellFormed(log.bytes());
            log.deleteIndexFiles();
            log.open();
            assertEquals(next, log.engine.read(21).orElseThrow());
            assertEquals(0, log.engine.health().lastRecovery().bytesCut());
        }
    }

    @Test
    void aLineLengthenedInTheMiddleIsCorruptAndNothingAfterItIsCut() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(20, "alice");
            log.stop();
            List<byte[]> lines = lines(log.bytes());
            int at = lineOf(lines, 10);
            lines.set(at, new String(lines.get(at), StandardCharsets.UTF_8).replace("detail 9", "detail 9, edited")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] edited = join(lines);
            Files.write(log.file(), edited);

            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertEquals(0, r.bytesCut(), r.summary());
            assertTrue(log.cutFiles().isEmpty());
            assertEquals(List.of(10L), r.corruptSeq(), r.summary());
            assertEquals(20, log.engine.health().entries());
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
            assertEquals(10, assertThrows(CorruptEntryException.class, () -> log.engine.read(10)).seq());
            for (int seq : new int[]{1, 9, 11, 20}) {
                assertEquals(written.get(seq - 1), log.engine.read(seq).orElseThrow());
            }
            Entry next = log.engine.append(NewEntry.of("bob", "after", "s", "d"));
            assertEquals(21, next.seq());
            VerifyReport v = log.engine.verify();
            assertTrue(v.problems().stream().allMatch(p -> p.seq() != null && p.seq() == 10), v.problems().toString());

            log.stop();
            byte[] after = log.bytes();
            assertArrayEquals(edited, java.util.Arrays.copyOf(after, edited.length), "nothing before the append changed");
            assertWellFormed(after);
            log.deleteIndexFiles();
            log.open();
            assertEquals(next, log.engine.read(21).orElseThrow());
            assertEquals(written.get(19), log.engine.read(20).orElseThrow());
        }
    }

    @Test
    void anotherFileWithTheSameChainSeedUnderAnOldIndexIsReindexedNotBlamed() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            log.appendMany(10, "alice");
            log.stop();
            // The same log's header (so the same chain seed), with other entries of other lengths.
            List<byte[]> lines = lines(log.bytes());
            HeaderLine header = HeaderLine.decode(lines.get(0), 0, lines.get(0).length - 1);
            List<byte[]> other = new ArrayList<>(List.of(lines.get(0)));
            byte[] hash = header.chainSeed();
            Instant time = LineCodec.truncate(Instant.parse("2026-01-02T03:04:05Z"));
            for (int seq = 1; seq <= 12; seq++) {
                LineCodec.Encoded e = Lines.v2(seq, time, "bob", "other", "s", "x".repeat(seq * 7), hash);
                other.add(e.line());
                hash = e.hash();
            }
            Files.write(log.file(), join(other));

            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertTrue(r.indexRebuilt(), r.summary());
            assertEquals(List.of(), r.corruptSeq(), r.summary());
            assertEquals(12, log.engine.health().entries());
            for (int seq = 1; seq <= 12; seq++) {
                Entry e = log.engine.read(seq).orElseThrow();
                assertEquals("bob", e.actor());
                assertEquals("x".repeat(seq * 7), e.detail());
            }
            assertEquals(List.of(), log.engine.health().corruptSeq());
            assertEquals(13, log.engine.append(NewEntry.of("carol", "after", null, null)).seq());
        }
    }

    @Test
    void aLastIndexedEntryThatRottedInPlaceIsKeptAndReportedAndItsNumberIsNotReused() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            log.appendMany(10, "alice");
            log.stop();
            byte[] damaged = log.bytes();
            List<byte[]> lines = lines(damaged);
            int at = lineOf(lines, 10);
            long offset = join(lines.subList(0, at)).length;
            damaged[(int) offset + 25] ^= 0x01;   // a flipped bit inside entry 10, the last one indexed
            Files.write(log.file(), damaged);

            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertTrue(r.actions().stream().anyMatch(a -> a.contains("does not match the file")), r.summary());
            assertEquals(List.of(10L), r.corruptSeq(), r.summary());
            assertEquals(0, r.bytesCut());
            assertEquals(10, assertThrows(CorruptEntryException.class, () -> log.engine.read(10)).seq());
            assertEquals(11, log.engine.append(NewEntry.of("bob", "after", null, null)).seq());
            log.stop();
            assertWellFormed(log.bytes());
        }
    }

    @Test
    void anIndexDatabaseThatCannotBeOpenedIsSetAsideAndRebuiltEvenAfterACleanShutdown() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(30, "alice");
            log.stop();
            Path db = dir.resolve("index").resolve("activity-index.mv.db");
            assertTrue(Files.exists(dir.resolve("index").resolve("activity-index.clean")), "closed cleanly");
            byte[] garbage = new byte[(int) Files.size(db)];
            new Random(11).nextBytes(garbage);
            Files.write(db, garbage);

            log.open();
            assertEquals(LogState.AVAILABLE, log.engine.health().state(), log.engine.health().cause());
            RecoveryReport r = log.engine.health().lastRecovery();
            assertTrue(r.actions().stream().anyMatch(a -> a.contains("could not be opened")
                    && a.contains("activity-index.mv.db.corrupt")), r.summary());
            assertTrue(r.indexRebuilt(), r.summary());
            assertArrayEquals(garbage, Files.readAllBytes(dir.resolve("index").resolve("activity-index.mv.db.corrupt")),
                    "the damaged database is kept");
            for (Entry e : written) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
            assertTrue(log.engine.verify().ok());
        }
    }

    @Test
    void aByteDeletedAnywhereInTheLastLinesNeverLetsAnAppendFollowAPartialLine() throws IOException {
        // Every single-byte deletion inside the last entry and the closing checkpoint, the index kept as it was.
        Path original = dir.resolve("original");
        try (TestLog log = new TestLog(original)) {
            log.appendMany(6, "alice");
            log.stop();
        }
        byte[] full = Files.readAllBytes(original.resolve(LogConfig.DEFAULT_FILE_NAME));
        List<byte[]> lines = lines(full);
        int from = join(lines.subList(0, lines.size() - 2)).length;
        for (int at = from; at < full.length; at++) {
            byte[] shorter = new byte[full.length - 1];
            System.arraycopy(full, 0, shorter, 0, at);
            System.arraycopy(full, at + 1, shorter, at, full.length - at - 1);
            Path copy = dir.resolve("deleted-" + at);
            copyFiles(original.resolve("index"), copy.resolve("index"));
            Files.write(copy.resolve(LogConfig.DEFAULT_FILE_NAME), shorter);
            try (TestLog log = new TestLog(copy)) {
                long last = log.engine.health().entries();
                assertEquals(last + 1, log.engine.append(NewEntry.of("bob", "after", null, null)).seq(), "byte " + at);
                log.stop();
                assertWellFormed(log.bytes());
            }
        }
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
