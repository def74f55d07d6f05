package dev.activitylog.torture;

import dev.activitylog.log.control.Verification;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.EntryRemovedException;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the retention crash torture checks after each kill, over everything the children acknowledged so far: each
 * entry reads back intact or was removed by a removal the log recorded (archived: it is in a verifiable archive),
 * numbers are contiguous, verify is clean, and every segment's removal is recorded once, whichever kill it survived.
 */
final class RetentionHistory {
    private final Path dir;
    private final RetentionPolicy.Action action;
    private final String context;
    final Map<Long, String> acknowledged = new HashMap<>();
    /** Every record ever seen in the log (or an archive): the segment it names and the entries that recorded it. */
    private final Map<String, Set<Long>> records = new HashMap<>();
    private long recordedTo;
    /** Entries of the archives read so far (an archive never changes): sequence number to subject. */
    private final Map<Long, String> archived = new HashMap<>();
    private final Set<String> archivesRead = new HashSet<>();
    /** Acknowledged entries found removed by retention. */
    final Set<Long> removed = new HashSet<>();
    /** Checks that found the oldest segment still there with its record: a kill between the record and the removal. */
    long cutShortAfterRecord;
    /** Checks that found a partial archive ({@code .gz.new}) left by a kill. */
    long partialArchives;

    RetentionHistory(Path dir, RetentionPolicy.Action action, long seed) {
        this.dir = dir;
        this.action = action;
        this.context = action + ", seed " + seed + ": ";
    }

    LogConfig config() {
        return AppendingChild.config(dir, action).withDurability(Durability.NONE);
    }

    /** Opens the log as a restart would and checks it; with {@code retainFirst}, runs retention once before. */
    void check(boolean retainFirst) throws IOException {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(config(), pool)) {
            Health h = engine.health();
            assertEquals(LogState.AVAILABLE, h.state(), () -> context + h.cause());
            assertTrue(h.lastRecovery().corruptSeq().isEmpty(), () -> context + h.lastRecovery().summary());
            if (retainFirst) {
                engine.applyRetention();
            }
            readRecords(engine);
            readArchives();
            long firstLeft = firstLeft(engine);
            for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
                checkEntry(engine, a.getKey(), a.getValue(), firstLeft);
            }
            VerifyReport v = engine.verify();
            assertTrue(v.ok(), () -> context + v.summary());
            assertEquals(v.entries(), v.indexRowsChecked(), context + "index == file");
            assertEquals(engine.health().entries() - firstLeft + 1, v.entries(),
                    context + "no partial, extra or missing entry");
            Path first = dir.resolve(LogConfig.defaults(dir).fileName());
            VerifyReport files = action == RetentionPolicy.Action.ARCHIVE
                    ? Verification.files(first, AppendingChild.archiveDir(dir), null)
                    : Verification.files(first, null, null);
            assertTrue(files.ok(), () -> context + "the files alone (and the archive): " + files.summary());
        } finally {
            pool.dispose();
        }
    }

    private void checkEntry(LogEngine engine, long seq, String subject, long firstLeft) {
        Optional<Entry> e;
        try {
            e = engine.read(seq);
        } catch (EntryRemovedException gone) {
            assertTrue(seq < firstLeft, context + seq + " removed, but the log starts at " + firstLeft);
            assertTrue(seq <= recordedTo, context + "entry " + seq + " was removed, and no record names it");
            if (action == RetentionPolicy.Action.ARCHIVE) {
                assertEquals(subject, archived.get(seq),
                        context + "entry " + seq + " in the archive " + gone.archive());
            }
            removed.add(seq);
            return;
        }
        assertTrue(e.isPresent() && e.get().subject().equals(subject)
                        && e.get().detail().equals(AppendingChild.detail(subject)),
                context + "acknowledged entry " + seq + " lost");
    }

    /** The records in the log: each segment named by one, and a removal cut short after its record counted. */
    private void readRecords(LogEngine engine) {
        Set<String> present = new HashSet<>();
        for (String a : List.of("retention.archive", "retention.delete")) {
            Page p = engine.query(EntryQuery.newest(EntryQuery.MAX_LIMIT).action(a));
            assertFalse(p.hasOlder(), "fewer records than a page");
            for (Entry e : p.entries()) {
                assertTrue(present.add(e.subject()), context + "two records of " + e.subject() + " in the log");
                record(e.seq(), e.subject(), e.detail());
            }
        }
        long firstLeft = firstLeft(engine);
        String oldest = firstLeft == 1 ? "activity.log" : String.format("%020d.log", firstLeft);
        if (present.contains(oldest)) {
            cutShortAfterRecord++;
        }
    }

    private void record(long seq, String segment, String detail) {
        Set<Long> by = records.computeIfAbsent(segment, k -> new TreeSet<>());
        by.add(seq);
        assertEquals(1, by.size(), () -> context + segment + " recorded removed more than once, by entries " + by);
        String range = detail.substring("entries=".length(), detail.indexOf(' '));
        recordedTo = Math.max(recordedTo, Long.parseLong(range.substring(range.indexOf("..") + 2)));
    }

    /** Entries (and records) of archives not read yet; counts a partial archive a crash left. */
    private void readArchives() throws IOException {
        Path archiveDir = AppendingChild.archiveDir(dir);
        if (!Files.isDirectory(archiveDir)) {
            return;
        }
        boolean partial = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(archiveDir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".gz")) {
                    partial = true;
                } else if (archivesRead.add(name)) {
                    readArchive(p);
                }
            }
        }
        if (partial) {
            partialArchives++;
        }
    }

    private void readArchive(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f.length < 6) {
                    continue;
                }
                long seq = Long.parseLong(f[0]);
                if (f[2].equals("child") && f[5].equals(AppendingChild.detail(f[4]))) {
                    archived.put(seq, f[4]);
                } else if (f[3].startsWith("retention.")) {
                    record(seq, f[4], f[5]);
                }
            }
        }
    }

    private static long firstLeft(LogEngine engine) {
        return engine.segments().stream().filter(s -> s.state() != SegmentInfo.State.ARCHIVED).findFirst()
                .orElseThrow().firstSeq();
    }
}
