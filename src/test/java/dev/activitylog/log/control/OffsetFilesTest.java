package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sealed segments' offset files: built from the index's rows, used by reads, never trusted over the file. */
class OffsetFilesTest {
    @TempDir
    Path dir;

    private TestLog log() {
        return new TestLog(dir, LogConfig.defaults(dir).withSegments(8 << 10, null), java.nio.channels.FileChannel::open);
    }

    /** Builds every sealed segment's offset file, as the maintenance timer does one per tick. */
    private static void buildAll(TestLog log) {
        log.engine.maintain();  // the rows committed
        for (int i = 0; i < log.engine.segments().size(); i++) {
            log.engine.maintainOffsets();
        }
    }

    private static void assertEachReads(TestLog log, List<Entry> entries) {
        for (Entry e : entries) {
            assertEquals(e, log.engine.read(e.seq()).orElseThrow(), "entry " + e.seq());
        }
    }

    private List<Path> offsetFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(OffsetFiles.SUFFIX)).sorted().toList();
        }
    }

    @Test
    void readsOfSealedSegmentsNeedNoIndexRowOnceTheirOffsetFilesAreBuilt() throws Exception {
        try (TestLog log = log()) {
            List<Entry> appended = log.appendMany(300, "alice");
            buildAll(log);
            int sealed = log.engine.segments().size() - 1;
            assertEquals(sealed, offsetFiles().size(), "one per sealed segment, none for the active one");
            long active = log.engine.segments().get(sealed).firstSeq();
            // The index loses the sealed segments' rows: the offset files alone find their entries.
            log.editRows(r -> r.seq() < active ? null : r);
            assertEachReads(log, appended);
        }
    }

    @Test
    void afterACrashTheActiveSegmentsEntriesAppendedSinceTheOpenAreReadWithoutAnIndexRow() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> before = log.appendMany(5, "alice");
            log.crash();  // no clean close: nothing of the active segment's offsets is kept
            log.open();
            List<Entry> since = log.appendMany(5, "bob");
            log.engine.maintain();  // the rows committed, so memory no longer holds them
            log.editRows(r -> null);
            assertEachReads(log, since);
            // Appended before the crash: only the index knew where, and it has forgotten.
            assertThrows(CorruptEntryException.class, () -> log.engine.read(before.get(0).seq()));
        }
    }

    @Test
    void aSealWritesTheSegmentsOffsetFileAndACleanCloseTheActiveOnes() throws Exception {
        try (TestLog log = log()) {
            List<Entry> appended = log.appendMany(300, "alice");
            int sealed = log.engine.segments().size() - 1;
            assertEquals(sealed, offsetFiles().size(), "written at each seal, before any maintenance");
            log.stop();  // clean: the active segment's offsets are kept for the next open
            assertEquals(sealed + 1, offsetFiles().size());
            log.open();
            assertEquals(sealed, offsetFiles().size(), "the active segment's, read at the open, is gone");
            log.engine.maintain();
            log.engine.maintainOffsets();  // maps the sealed ones
            log.editRows(r -> null);
            assertEachReads(log, appended);
        }
    }

    @Test
    void theOffsetFileWrittenAtASealIsUsedAtOnceBeforeAnyMaintenanceOfOffsets() throws Exception {
        try (TestLog log = log()) {
            List<Entry> appended = log.appendMany(300, "alice");
            assertTrue(log.engine.segments().size() > 2, "several seals");
            log.engine.maintain();  // the rows committed, so memory no longer holds them; no offset file mapped
            log.editRows(r -> null);
            assertEachReads(log, appended);
        }
    }

    @Test
    void aSegmentWhoseRowsNameADamagedEntryGetsNoFileAndIsNotTriedAgainUntilTheNextOpen() throws Exception {
        try (TestLog log = log()) {
            log.appendMany(300, "alice");
            log.stop();
            for (Path p : offsetFiles()) {
                Files.delete(p);  // as for segments sealed before offset files existed: built from the rows
            }
            log.open();
            log.editRows(r -> r.seq() == 2 ? TestLog.withActor(r, null) : r);  // the row of a damaged entry
            Path first = OffsetFiles.of(log.config.file());
            buildAll(log);
            assertFalse(Files.exists(first), "no file for a segment with a damaged entry");
            assertEquals(log.engine.segments().size() - 2, offsetFiles().size(), "the other sealed segments have one");
            log.editRows(r -> r.seq() == 2 ? TestLog.withActor(r, "alice") : r);
            buildAll(log);
            assertFalse(Files.exists(first), "not read again at every tick");
            log.restart();
            buildAll(log);
            assertTrue(Files.exists(first), "tried again after the open");
        }
    }

    @Test
    void anOffsetFileThatPointsElsewhereIsDeletedAndTheIndexAnswers() throws Exception {
        try (TestLog log = log()) {
            List<Entry> appended = log.appendMany(300, "alice");
            buildAll(log);
            Path first = OffsetFiles.of(log.config.file());  // the first segment's: entries 1, 2, ...
            // Entry 2's record now says entry 1's place: same size, wrong content.
            try (FileChannel c = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer one = ByteBuffer.allocate(8);
                c.read(one, 0);
                one.flip();
                c.write(one, 8);
            }
            assertEquals(appended.get(1), log.engine.read(2).orElseThrow(), "the index's row answers");
            assertFalse(Files.exists(first), "the wrong file is gone");
            assertEquals(appended.get(0), log.engine.read(1).orElseThrow());
            log.engine.maintainOffsets();  // built again, from the rows
            assertTrue(Files.exists(first));
            assertEquals(appended.get(1), log.engine.read(2).orElseThrow());
        }
    }

    @Test
    void anOffsetFileOfTheWrongSizeIsDeletedAndBuiltAgain() throws Exception {
        try (TestLog log = log()) {
            log.appendMany(300, "alice");
            buildAll(log);
            Path first = OffsetFiles.of(log.config.file());
            log.stop();
            Files.write(first, new byte[12]);  // torn: not 8 bytes per entry
            log.open();
            buildAll(log);
            assertEquals(8 * (log.engine.segments().get(1).firstSeq() - 1), Files.size(first), "rebuilt whole");
            assertEquals(300, log.engine.query(EntryQuery.newest(1_000)).entries().size());
        }
    }

    @Test
    void aDamagedLineIsReportedAsCorruptAndTheOffsetFileThatFoundItStays() throws Exception {
        try (TestLog log = log()) {
            List<Entry> appended = log.appendMany(300, "alice");
            buildAll(log);
            Path first = OffsetFiles.of(log.config.file());
            // One byte of entry 3's subject changed, the CRC left as it was: bit rot in a sealed segment.
            Entry hit = appended.get(2);
            byte[] bytes = Files.readAllBytes(log.config.file());
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            int at = text.indexOf("\t" + hit.subject() + "\t") + 1;
            bytes[at] = 'S';
            log.config.file().toFile().setWritable(true);
            Files.write(log.config.file(), bytes);
            assertThrows(CorruptEntryException.class, () -> log.engine.read(hit.seq()));
            assertTrue(Files.exists(first), "the offset file pointed at the right line");
            assertEquals(appended.get(3), log.engine.read(hit.seq() + 1).orElseThrow());
        }
    }

    @Test
    void theOffsetFilesOfSegmentsRetentionRemovedGoWithThem() throws Exception {
        java.time.Instant start = java.time.Instant.parse("2026-12-01T10:00:00Z");
        dev.activitylog.testing.SettableClock clock = new dev.activitylog.testing.SettableClock(start);
        LogConfig config = LogConfig.defaults(dir).withSegments(8 << 10, null).withClock(clock)
                .withRetention(new RetentionPolicy(java.time.Duration.ofDays(1), 0, RetentionPolicy.Action.DELETE, null));
        try (TestLog log = new TestLog(dir, config, java.nio.channels.FileChannel::open)) {
            log.appendMany(300, "alice");
            buildAll(log);
            int before = offsetFiles().size();
            assertTrue(before > 2);
            clock.advance(java.time.Duration.ofDays(2));
            assertFalse(log.engine.applyRetention().isEmpty());
            log.engine.maintainOffsets();
            for (Path idx : offsetFiles()) {
                Path segment = idx.resolveSibling(idx.getFileName().toString().replace(OffsetFiles.SUFFIX, ""));
                assertTrue(Files.exists(segment), idx + " outlived its segment");
            }
            assertTrue(offsetFiles().size() < before, "the removed segments' offset files went with them");
        }
    }
}
