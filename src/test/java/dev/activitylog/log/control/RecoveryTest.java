package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.RecoveryReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryTest {
    @TempDir
    Path dir;

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void rewrite(Path file, byte[] bytes) {
        try {
            write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLastEntryTornAtEveryByteOffsetRecoversToThePreviousEntryAndKeepsTheCutBytes() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(3, "alice");
            log.stop();
            byte[] full = log.bytes();
            long[] starts = TestLog.lineStarts(full);
            int lastStart = (int) starts[3];
            log.open();
            // A torn write is never indexed: drop the row the clean stop wrote for entry 3.
            log.editRows(r -> r.seq() == 3 ? null : r);
            for (int len = lastStart + 1; len < full.length; len++) {
                int cutAt = len;
                log.restartEngine(() -> rewrite(log.file(), Arrays.copyOf(full, cutAt)));
                Health h = log.engine.health();
                RecoveryReport r = h.lastRecovery();
                assertEquals(LogState.AVAILABLE, h.state());
                assertEquals(2, h.entries(), "cut at " + len);
                assertEquals(len - lastStart, r.bytesCut());
                assertArrayEquals(Arrays.copyOf(full, lastStart), log.bytes(), "file ends after entry 2");
                assertArrayEquals(Arrays.copyOfRange(full, lastStart, len), Files.readAllBytes(Path.of(r.cutFile())),
                        "the cut bytes are kept aside, unchanged");
                assertEquals(written.get(1), log.engine.read(2).orElseThrow());
                assertTrue(log.engine.read(3).isEmpty());
                Files.delete(Path.of(r.cutFile()));
            }
            log.restartEngine(() -> rewrite(log.file(), full));
            assertEquals(written.get(2), log.engine.read(3).orElseThrow(), "the intact file recovers all three");
        }
    }

    @Test
    void garbageAndZeroFilledTailsAreCutAndKept() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            log.appendMany(4, "alice");
            log.stop();
            byte[] good = log.bytes();
            byte[] garbage = new byte[5000];
            new Random(42).nextBytes(garbage);
            garbage[100] = '\n';
            garbage[2000] = '\n';
            for (byte[] tail : List.of(garbage, new byte[4096], "5\tnot really an entry\n".getBytes(StandardCharsets.UTF_8))) {
                Files.write(log.file(), tail, StandardOpenOption.APPEND);
                log.open();
                RecoveryReport r = log.engine.health().lastRecovery();
                assertEquals(tail.length, r.bytesCut());
                assertArrayEquals(good, log.bytes());
                assertArrayEquals(tail, Files.readAllBytes(Path.of(r.cutFile())));
                assertEquals(4, log.engine.health().entries());
                assertEquals(5, log.engine.append(NewEntry.of("bob", "after", null, null)).seq());
                log.stop();
                write(log.file(), good);
                log.open();
                log.editRows(row -> row.seq() == 5 ? null : row);
                log.stop();
            }
        }
    }

    @Test
    void indexRowsMissingFromTheIndexAreReindexedFromTheFile() {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(600, "alice");
            log.restart();
            log.editRows(r -> r.seq() > 250 ? null : r);
            log.restart();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertEquals(350, r.rowsIndexed());
            assertEquals(600, log.indexRows());
            assertEquals(written.get(599), log.engine.read(600).orElseThrow());
            assertEquals(written.get(400), log.engine.read(401).orElseThrow());
        }
    }

    @Test
    void indexRowsPointingPastTheEndOfTheFileAreRemoved() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(10, "alice");
            log.stop();
            byte[] full = log.bytes();
            long[] starts = TestLog.lineStarts(full);
            write(log.file(), Arrays.copyOf(full, (int) starts[6]));  // header + entries 1..5
            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertEquals(5, r.rowsRemoved());
            assertEquals(5, log.engine.health().entries());
            assertEquals(5, log.indexRows());
            assertEquals(written.get(4), log.engine.read(5).orElseThrow());
            assertTrue(log.engine.read(6).isEmpty());
            assertEquals(6, log.engine.append(NewEntry.of("bob", "again", null, null)).seq());
        }
    }

    @Test
    void aLostIndexIsRebuiltFromTheFile() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(1200, "alice");
            log.stop();
            log.deleteIndexFiles();
            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertTrue(r.indexRebuilt());
            assertEquals(1200, r.rowsIndexed());
            assertEquals(written.get(0), log.engine.read(1).orElseThrow());
            assertEquals(written.get(1199), log.engine.read(1200).orElseThrow());
            Page page = log.engine.query(EntryQuery.newest(5).action("act.1"));
            assertEquals(5, page.entries().size());
            assertTrue(page.entries().stream().allMatch(e -> e.action().equals("act.1")));
        }
    }

    @Test
    void anIndexNotShutDownCleanlyIsSetAsideAndRebuiltWhileACleanOneIsKept() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(300, "alice");
            log.crash();
            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertTrue(r.indexRebuilt(), r.summary());
            assertTrue(r.summary().contains("not shut down cleanly"), r.summary());
            assertEquals(300, r.rowsIndexed());
            assertTrue(Files.exists(dir.resolve("index/activity-index.mv.db.unclean")), "set aside, not deleted");
            assertEquals(written.get(299), log.engine.read(300).orElseThrow());

            log.restart();
            assertTrue(log.engine.health().lastRecovery().clean(), "after a clean shutdown the index is trusted");
        }
    }

    @Test
    void anIndexOfAnotherLogFileIsClearedAndRebuilt() throws Exception {
        Path otherDir = dir.resolve("other");
        byte[] otherFile;
        try (TestLog other = new TestLog(otherDir)) {
            other.appendMany(7, "carol");
            other.stop();
            otherFile = other.bytes();
        }
        try (TestLog log = new TestLog(dir.resolve("mine"))) {
            log.appendMany(20, "alice");
            log.stop();
            Files.write(log.file(), otherFile);
            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertTrue(r.indexRebuilt());
            assertEquals(7, log.engine.health().entries());
            assertEquals(7, log.indexRows());
            assertEquals("carol", log.engine.read(7).orElseThrow().actor());
        }
    }

    @Test
    void aCorruptEntryInsideTheFileIsReportedAndNothingAfterItIsCut() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(10, "alice");
            log.stop();
            byte[] damaged = log.bytes();
            long[] starts = TestLog.lineStarts(damaged);
            damaged[(int) starts[3] + 20] ^= 0x04;   // a flipped bit inside entry 3
            write(log.file(), damaged);

            // The index still knows entry 3: the damage is found when it is read.
            log.open();
            assertTrue(log.engine.health().lastRecovery().clean());
            CorruptEntryException e = assertThrows(CorruptEntryException.class, () -> log.engine.read(3));
            assertEquals(3, e.seq());
            assertTrue(e.getMessage().contains("entry 3"), e.getMessage());
            assertEquals(List.of(3L), log.engine.health().corruptSeq());
            Page page = log.engine.query(EntryQuery.newest(50));
            assertEquals(List.of(3L), page.corrupt());
            assertEquals(9, page.entries().size());

            // The index is lost: the recovery scan meets the damage and keeps everything after it.
            log.stop();
            log.deleteIndexFiles();
            log.open();
            RecoveryReport r = log.engine.health().lastRecovery();
            assertEquals(0, r.bytesCut());
            assertEquals(List.of(3L), r.corruptSeq());
            assertArrayEquals(damaged, log.bytes(), "nothing was cut");
            assertEquals(10, log.engine.health().entries());
            assertEquals(3, assertThrows(CorruptEntryException.class, () -> log.engine.read(3)).seq());
            for (int seq : new int[]{1, 2, 4, 10}) {
                assertEquals(written.get(seq - 1), log.engine.read(seq).orElseThrow());
            }
            assertEquals(11, log.engine.append(NewEntry.of("bob", "after", null, null)).seq());
        }
    }

    @Test
    void aTornHeaderFromACrashDuringCreationIsKeptAsideAndTheLogStartsFresh() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("activity.log"), "#activity-lo");
        try (TestLog log = new TestLog(dir)) {
            Health h = log.engine.health();
            assertEquals(LogState.AVAILABLE, h.state());
            assertEquals("#activity-lo", Files.readString(Path.of(h.lastRecovery().cutFile())));
            assertEquals(1, log.engine.append(NewEntry.of("a", "b", null, null)).seq());
        }
    }

    @Test
    void aFileThatIsNotALogIsLeftUntouchedAndReported() throws Exception {
        Files.createDirectories(dir);
        byte[] foreign = "name,amount\nalice,3\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("activity.log"), foreign);
        try (TestLog log = new TestLog(dir)) {
            Health h = log.engine.health();
            assertEquals(LogState.UNAVAILABLE, h.state());
            assertTrue(h.cause().contains("not an activity log file"), h.cause());
            LogUnavailableException e = assertThrows(LogUnavailableException.class,
                    () -> log.engine.append(NewEntry.of("a", "b", null, null)));
            assertEquals(LogUnavailableException.Reason.NOT_A_LOG, e.reason());
            assertArrayEquals(foreign, Files.readAllBytes(dir.resolve("activity.log")));
            assertFalse(log.cutFiles().iterator().hasNext());
        }
    }
}
