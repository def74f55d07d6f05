package dev.activitylog.log.control;

import dev.activitylog.testing.SettableClock;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rolling, reading, recovering and verifying a log of several segments (docs/file-format.md, "Segments"). */
class SegmentsTest {
    /** About 8 entries of TestLog.appendMany per segment. */
    private static final long SMALL = 1_000;

    @TempDir
    Path dir;

    private TestLog small() {
        return new TestLog(dir, LogConfig.defaults(dir).withSegments(SMALL, null), FileChannel::open);
    }

    /** The segment files, oldest first (activity.log, then by number). */
    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("activity\\.log|\\d{20}\\.log"))
                    .sorted(java.util.Comparator.comparingLong(SegmentsTest::firstSeq)).toList();
        }
    }

    private static long firstSeq(Path segment) {
        String name = segment.getFileName().toString();
        return name.equals("activity.log") ? 1 : Long.parseLong(name.substring(0, 20));
    }

    @Test
    void rollsBySizeAndEveryEntryReadsBackAcrossSegments() throws IOException {
        try (TestLog log = small()) {
            List<Entry> written = log.appendMany(100, "alice");
            List<Path> files = segmentFiles();
            assertTrue(files.size() > 5, "rolled: " + files);
            assertEquals(log.file(), files.get(0));
            for (Entry e : written) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
            Page all = log.engine.query(EntryQuery.newest(200));
            assertEquals(100, all.entries().size());
            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
            assertEquals(100, v.entries());
            assertEquals(files.size() - 1, v.checkpoints(), "each sealed segment ends with its checkpoint");

            var health = log.engine.health();
            long total = 0;
            for (Path f : files) {
                total += Files.size(f);
            }
            assertEquals(files.get(files.size() - 1).toAbsolutePath().toString(), health.path(), "the active segment");
            assertEquals(files.size(), health.segments());
            assertEquals(total, health.bytes());
            assertEquals(total, v.bytes());
        }
    }

    @Test
    void eachSegmentIsNamedByItsFirstEntryAndLinksToThePreviousOne() throws IOException {
        try (TestLog log = small()) {
            log.appendMany(40, "bob");
        }
        List<Path> files = segmentFiles();
        assertEquals("activity.log", files.get(0).getFileName().toString());
        for (Path p : files.subList(1, files.size())) {
            long first = firstSeq(p);
            String header = Files.readAllLines(p).get(0);
            assertTrue(header.contains("\tfirst-seq=" + first + "\tprev-hash="), header);
            String firstEntry = Files.readAllLines(p).get(1);
            assertTrue(firstEntry.startsWith(first + "\t"), firstEntry);
        }
    }

    @Test
    void sealedSegmentsAreReadOnlyAndNeverChangeAgain() throws IOException {
        try (TestLog log = small()) {
            log.appendMany(30, "carol");
            List<Path> files = segmentFiles();
            Path firstSealed = files.get(0);
            byte[] before = Files.readAllBytes(firstSealed);
            log.appendMany(30, "carol");
            assertEquals(-1, java.util.Arrays.mismatch(before, Files.readAllBytes(firstSealed)));
            assertFalse(Files.getPosixFilePermissions(firstSealed).contains(PosixFilePermission.OWNER_WRITE));
            assertTrue(Files.readAllLines(firstSealed).get(Files.readAllLines(firstSealed).size() - 1)
                    .startsWith("#checkpoint\t"), "a sealed segment ends with its checkpoint");
        }
    }

    @Test
    void rollsByAge() throws IOException {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));
        LogConfig config = LogConfig.defaults(dir).withClock(clock).withSegments(LogConfig.DEFAULT_SEGMENT_BYTES,
                Duration.ofDays(1));
        try (TestLog log = new TestLog(dir, config, FileChannel::open)) {
            log.appendMany(3, "dave");
            assertEquals(1, segmentFiles().size());
            clock.advance(Duration.ofDays(1));
            Entry next = log.engine.append(NewEntry.of("dave", "act", "s", "d"));
            assertEquals(2, segmentFiles().size());
            assertTrue(Files.exists(dir.resolve(Segments.name(next.seq()))), "the new segment starts with it");
            assertTrue(log.engine.verify().ok());
        }
    }

    @Test
    void aRestartAppendsToTheActiveSegmentAndARebuildIndexesEverySegment() throws IOException {
        List<Entry> written;
        try (TestLog log = small()) {
            written = new ArrayList<>(log.appendMany(50, "erin"));
            log.restart();
            written.addAll(log.appendMany(10, "erin"));
            assertEquals(60, log.engine.health().entries());
            log.stop();
            log.deleteIndexFiles();
            log.open();
            assertTrue(log.engine.health().lastRecovery().indexRebuilt(), log.engine.health().lastRecovery().actions()::toString);
            for (Entry e : written) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
            assertEquals(60, log.indexRows());
            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
        }
    }

    @Test
    void aCleanStartReadsNoSealedSegment() throws IOException {
        try (TestLog log = small()) {
            log.appendMany(50, "frank");
            log.stop();
            // Damage in a sealed segment: a start that walked it would report it, verify does.
            Path sealed = segmentFiles().get(1);
            byte[] b = Files.readAllBytes(sealed);
            int line = Files.readAllLines(sealed).get(0).length() + 3;
            b[line] ^= 0x01;
            Files.setPosixFilePermissions(sealed, java.util.Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE));
            Files.write(sealed, b);
            log.open();
            assertTrue(log.engine.health().lastRecovery().clean(), log.engine.health().lastRecovery().actions()::toString);
            assertEquals(50, log.engine.health().entries());
            VerifyReport v = log.engine.verify();
            assertEquals(firstSeq(sealed), v.firstProblem().seq(), v.summary());
        }
    }

    @Test
    void verifyNamesTheEntriesOfAMissingSegment() throws IOException {
        Path removed;
        try (TestLog log = small()) {
            log.appendMany(50, "gina");
            removed = segmentFiles().get(1);
            Files.delete(removed);
            VerifyReport v = log.engine.verify();
            assertFalse(v.ok());
            long first = firstSeq(removed);
            assertEquals(first, v.firstProblem().seq(), v.summary());
            assertTrue(v.firstProblem().what().contains("missing"), v.summary());
        }
    }

    @Test
    void leftoversOfACrashedRollAreCleanedUpAtTheNextStart() throws IOException {
        try (TestLog log = small()) {
            log.appendMany(30, "hank");
            log.crash();
            List<Path> files = segmentFiles();
            Path lastSealed = files.get(files.size() - 2);
            Files.setPosixFilePermissions(lastSealed, java.util.Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE));
            Path leftover = dir.resolve(Segments.name(999) + Segments.NEW_SUFFIX);
            Files.write(leftover, new HeaderLine(Instant.now(), new byte[32], 999, new byte[32]).encode());
            log.open();
            assertFalse(Files.exists(leftover), "a .new segment never held an entry");
            assertFalse(Files.getPosixFilePermissions(lastSealed).contains(PosixFilePermission.OWNER_WRITE));
            assertEquals(30, log.engine.health().entries());
            assertTrue(log.engine.verify().ok());
        }
    }

    @Test
    void handlesStayBoundedWhateverTheReadersAndSegments() throws Exception {
        try (TestLog log = small()) {
            log.appendMany(400, "ivan");
            int segments = segmentFiles().size();
            assertTrue(segments > 3 * SegmentChannels.DEFAULT_CAPACITY, segments + " segments");
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> readers = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    int offset = t;
                    readers.add(pool.submit(() -> {
                        for (long seq = 1 + offset; seq <= 400; seq += 7) {
                            log.engine.read(seq).orElseThrow();
                            int open = log.engine.writer().channels.openSealed();
                            if (open > SegmentChannels.DEFAULT_CAPACITY) {
                                throw new AssertionError(open + " sealed handles open");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : readers) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(log.engine.writer().channels.openSealed() <= SegmentChannels.DEFAULT_CAPACITY);
        }
    }

    @Test
    void anIndexThatLostRowsFromASealedSegmentOnIsCompletedFromTheFiles() throws IOException {
        try (TestLog log = small()) {
            List<Entry> written = log.appendMany(60, "jill");
            log.crash();
            log.open();
            log.editRows(r -> r.seq() > 5 ? null : r);  // lost commits, from inside the first segment
            log.crash();
            log.open();
            assertEquals(60, log.indexRows(), log.engine.health().lastRecovery().actions()::toString);
            for (Entry e : written) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
            assertTrue(log.engine.verify().ok());
        }
    }

    @Test
    void aTornTailOfANumberedActiveSegmentIsCutAsAnyOther() throws IOException {
        try (TestLog log = small()) {
            log.appendMany(20, "kim");
            log.crash();
            List<Path> files = segmentFiles();
            Path active = files.get(files.size() - 1);
            byte[] torn = "21\t2026-".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Files.write(active, torn, java.nio.file.StandardOpenOption.APPEND);
            log.open();
            assertEquals(torn.length, log.engine.health().lastRecovery().bytesCut());
            Entry next = log.engine.append(NewEntry.of("kim", "act", "s", "d"));
            assertEquals(21, next.seq());
            assertTrue(log.engine.verify().ok());
        }
    }
}
