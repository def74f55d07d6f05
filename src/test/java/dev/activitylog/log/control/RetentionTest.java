package dev.activitylog.log.control;

import dev.activitylog.testing.SettableClock;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.EntryRemovedException;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention of sealed segments: archive or delete, the log's record of it, reads and verify afterwards. */
class RetentionTest {
    @TempDir
    Path dir;

    private Path archive() {
        return dir.resolve("archive");
    }

    private TestLog log(RetentionPolicy policy, Clock clock) {
        return new TestLog(dir, LogConfig.defaults(dir).withClock(clock).withSegments(1_000, null)
                .withRetention(policy), FileChannel::open);
    }

    private Map<String, byte[]> segmentBytes() throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("activity\\.log|\\d{20}\\.log")).toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void theOldestSegmentsBeyondTheSizeAreArchivedRecordedAndStillVerifiable() throws IOException {
        RetentionPolicy policy = new RetentionPolicy(null, 8_000, RetentionPolicy.Action.ARCHIVE, archive());
        try (TestLog log = log(policy, Clock.systemUTC())) {
            List<Entry> written = log.appendMany(60, "alice");
            Map<String, byte[]> before = segmentBytes();
            before.remove(log.engine.writer().channels.activeSegment().path().getFileName().toString());  // grows
            List<String> removed = log.engine.applyRetention();
            assertFalse(removed.isEmpty());
            assertTrue(removed.get(0).startsWith("activity.log entries=1.."), removed.get(0));

            // Each archived segment decompresses to exactly what it was (the records themselves fill segments, so
            // some removed ones were sealed during the run).
            try (Stream<Path> s = Files.list(archive())) {
                List<Path> archived = s.toList();
                assertEquals(removed.size(), archived.size(), archived::toString);
                assertTrue(archived.contains(archive().resolve("activity.log.gz")));
                for (Path a : archived) {
                    String name = a.getFileName().toString().replace(".gz", "");
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(a))) {
                        byte[] was = in.readAllBytes();
                        if (before.containsKey(name)) {
                            assertArrayEquals(before.get(name), was, name);
                        }
                    }
                    assertFalse(Files.exists(dir.resolve(name)), name + " left the log directory");
                }
            }
            long total = 0;
            for (byte[] b : segmentBytes().values()) {
                total += b.length;
            }
            assertTrue(total <= 8_000 + 1_000, "about the limit is left: " + total);
            assertEquals(total, log.engine.health().bytes(), "health counts what is left");

            // The log says what became of the trail, in entries of its own; the records in segments removed later
            // went with them (into the archive), the newest is always in the log.
            Page records = log.engine.query(EntryQuery.newest(50).action("retention.archive"));
            assertFalse(records.entries().isEmpty());
            Entry newest = records.entries().get(0);
            assertEquals("activity-log", newest.actor());
            String lastRemoved = removed.get(removed.size() - 1);
            assertEquals(lastRemoved.substring(0, lastRemoved.indexOf(' ')), newest.subject());
            assertTrue(newest.detail().matches("entries=\\d+\\.\\.\\d+ time=\\S+\\.\\.\\S+ sealed-hash=[0-9a-f]{64} archive=.*"
                    + "\\.log\\.gz"), newest.detail());
            assertTrue(removed.get(0).startsWith("activity.log entries=1.."), removed.get(0));

            // An entry of a removed segment says where it went; the others read as before.
            EntryRemovedException gone = assertThrows(EntryRemovedException.class, () -> log.engine.read(1));
            assertEquals(archive().resolve("activity.log.gz").toString(), gone.archive());
            long firstLeft = log.engine.writer().channels.oldestFirstSeq();
            assertTrue(firstLeft > 1 && firstLeft <= written.size(), "some of the entries are left: " + firstLeft);
            for (Entry e : written.subList((int) firstLeft - 1, written.size())) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
            assertThrows(EntryRemovedException.class, () -> log.engine.read(firstLeft - 1));
            Page page = log.engine.query(EntryQuery.oldest(5));
            assertEquals(firstLeft, page.entries().get(page.entries().size() - 1).seq(),
                    "the first page starts after the removed entries (a page lists newest first)");

            // The segments as the console lists them: the archives, then the sealed ones, then the active one.
            List<SegmentInfo> segments = log.engine.segments();
            assertEquals(SegmentInfo.State.ARCHIVED, segments.get(0).state());
            assertEquals(archive().resolve("activity.log.gz").toString(), segments.get(0).file());
            assertEquals(1, segments.get(0).firstSeq());
            assertEquals(SegmentInfo.State.ACTIVE, segments.get(segments.size() - 1).state());
            for (int i = 1; i < segments.size(); i++) {
                assertEquals(segments.get(i - 1).lastSeq() + 1, segments.get(i).firstSeq(), "no gap, no overlap");
            }
            assertEquals(log.engine.health().entries(), segments.get(segments.size() - 1).lastSeq());
            assertEquals(removed.size(), segments.stream().filter(x -> x.state() == SegmentInfo.State.ARCHIVED).count());

            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
            log.restart();
            assertEquals(0, log.indexRows() - (log.engine.health().entries() - firstLeft + 1),
                    "the removed entries' rows are gone");
            assertTrue(log.engine.verify().ok());
        }
    }

    @Test
    void segmentsSealedLongerAgoThanTheAgeAreDeletedWhenTheOperatorSaysSo() throws IOException {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(30), 0, RetentionPolicy.Action.DELETE, archive());
        try (TestLog log = log(policy, clock)) {
            log.appendMany(30, "bob");
            assertEquals(List.of(), log.engine.applyRetention(), "nothing is old enough yet");
            clock.advance(Duration.ofDays(31));
            log.appendMany(5, "bob");  // rolls: the segments before are a month old
            List<String> removed = log.engine.applyRetention();
            assertFalse(removed.isEmpty());
            assertFalse(Files.exists(archive()), "delete archives nothing");
            EntryRemovedException gone = assertThrows(EntryRemovedException.class, () -> log.engine.read(1));
            assertNull(gone.archive());
            assertFalse(log.engine.query(EntryQuery.newest(50).action("retention.delete")).entries().isEmpty());
            assertTrue(log.engine.verify().ok(), log.engine.verify()::summary);
        }
    }

    @Test
    void aSegmentRemovedWithoutARecordIsReportedByVerify() throws IOException {
        try (TestLog log = log(null, Clock.systemUTC())) {
            log.appendMany(40, "carol");
            log.stop();
            Files.delete(dir.resolve("activity.log"));
            log.open();
            VerifyReport v = log.engine.verify();
            assertFalse(v.ok());
            assertEquals(1L, v.firstProblem().seq(), v.summary());
            assertTrue(v.firstProblem().what().contains("no retention record"), v.summary());
        }
    }

    @Test
    void anArchiveLeftByACrashedRunIsCheckedAndKept() throws IOException {
        RetentionPolicy policy = new RetentionPolicy(null, 4_000, RetentionPolicy.Action.ARCHIVE, archive());
        try (TestLog log = log(policy, Clock.systemUTC())) {
            log.appendMany(60, "dave");
            // What a crash right after archiving leaves: the archive, and the segment still in the log.
            Path archived = Retention.archive(dir.resolve("activity.log"), archive());
            byte[] bytes = Files.readAllBytes(archived);
            List<String> removed = log.engine.applyRetention();
            assertTrue(removed.get(0).startsWith("activity.log "), removed.toString());
            assertArrayEquals(bytes, Files.readAllBytes(archived), "the same archive, not a second one");
            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
        }
    }

    /** What a run cut short between its record and the removal leaves: the archive, the record, the segment. */
    private Entry recordedButNotRemoved(TestLog log, Path segment) throws IOException {
        Segments.Segment s = log.engine.writer().channels.segments().get(0);
        assertEquals(segment, s.path());
        Path archived = Retention.archive(segment, archive());
        return log.engine.append(Retention.record(RetentionPolicy.Action.ARCHIVE, s, Retention.seal(s),
                "unknown..unknown", archived.toString()));
    }

    private List<Entry> recordsOf(TestLog log, String segment) {
        return log.engine.query(EntryQuery.newest(100).action("retention.archive")).entries().stream()
                .filter(e -> e.subject().equals(segment)).toList();
    }

    @Test
    void aRemovalCutShortAfterItsRecordIsFinishedWithoutASecondRecord() throws IOException {
        // A limit that leaves the record in the log: later removals would take it into the archive.
        RetentionPolicy policy = new RetentionPolicy(null, 8_000, RetentionPolicy.Action.ARCHIVE, archive());
        try (TestLog log = log(policy, Clock.systemUTC())) {
            log.appendMany(60, "erin");
            Entry record = recordedButNotRemoved(log, dir.resolve("activity.log"));
            byte[] archived = Files.readAllBytes(archive().resolve("activity.log.gz"));
            log.crash();
            log.open();
            assertTrue(log.engine.read(1).isPresent(), "the segment is still there, and read");

            List<String> removed = log.engine.applyRetention();
            assertTrue(removed.get(0).startsWith("activity.log "), removed.toString());
            assertFalse(Files.exists(dir.resolve("activity.log")));
            assertEquals(List.of(record), recordsOf(log, "activity.log"), "the removal is recorded once");
            assertArrayEquals(archived, Files.readAllBytes(archive().resolve("activity.log.gz")), "the same archive");
            assertThrows(EntryRemovedException.class, () -> log.engine.read(1));
            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
            VerifyReport files = Verification.files(dir.resolve("activity.log"), archive(), null);
            assertTrue(files.ok(), files.summary());
        }
    }

    @Test
    void verifyAcceptsARecordWhoseSegmentIsStillThere() throws IOException {
        RetentionPolicy policy = new RetentionPolicy(null, 4_000, RetentionPolicy.Action.ARCHIVE, archive());
        try (TestLog log = log(policy, Clock.systemUTC())) {
            log.appendMany(60, "frank");
            assertFalse(log.engine.applyRetention().isEmpty());
            log.appendMany(10, "frank");  // rolls: the oldest segment left is one of several
            Path oldest = log.engine.writer().channels.segments().get(0).path();
            assertTrue(oldest.getFileName().toString().matches("\\d{20}\\.log"), oldest::toString);
            recordedButNotRemoved(log, oldest);
            // The state a crash leaves (or a verify that runs while retention removes the segment): nothing missing.
            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
            VerifyReport files = Verification.files(dir.resolve("activity.log"), null, null);
            assertTrue(files.ok(), files.summary());
            VerifyReport withArchive = Verification.files(dir.resolve("activity.log"), archive(), null);
            assertTrue(withArchive.ok(), withArchive.summary());
        }
    }

    @Test
    void theRecordIsOnDiskBeforeTheSegmentIsDeletedWhateverTheDurability() throws IOException {
        RetentionPolicy policy = new RetentionPolicy(null, 4_000, RetentionPolicy.Action.DELETE, null);
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withDurability(Durability.NONE)
                .withSegments(1_000, null).withRetention(policy), FileChannel::open)) {
            log.appendMany(60, "grace");
            long syncs = log.engine.writer().commit.syncs();
            List<String> removed = log.engine.applyRetention();
            assertFalse(removed.isEmpty());
            // Under NONE nothing else fsyncs through the group commit: one fsync per record, before its removal.
            assertEquals(removed.size(), log.engine.writer().commit.syncs() - syncs, removed::toString);
        }
    }

    @Test
    void aRunEndsThoughItsOwnRecordsSealMoreSegmentsThanTheLimitAllows() throws IOException {
        // A limit below one segment's size: every record it appends fills the active segment again.
        RetentionPolicy policy = new RetentionPolicy(null, 500, RetentionPolicy.Action.DELETE, null);
        try (TestLog log = log(policy, Clock.systemUTC())) {
            log.appendMany(60, "heidi");
            int sealed = log.engine.writer().channels.segments().size() - 1;
            List<String> removed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> log.engine.applyRetention());
            assertEquals(sealed, removed.size(), "the segments sealed before the run, no more: " + removed);
            assertTrue(log.engine.verify().ok(), log.engine.verify()::summary);
            assertFalse(log.engine.applyRetention().isEmpty(), "the next run takes the segments its records sealed");
        }
    }
}
