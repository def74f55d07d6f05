package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogWriteException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogEngineTest {
    @TempDir
    Path dir;

    @Test
    void appendsAreNumberedContiguouslyAndReadBackBeforeAndAfterRestart() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(1000, "alice");
            for (int i = 0; i < written.size(); i++) {
                assertEquals(i + 1, written.get(i).seq());
                assertEquals(written.get(i), log.engine.read(i + 1).orElseThrow(), "read before the index flush");
            }
            assertTrue(log.engine.read(1001).isEmpty());
            assertTrue(log.engine.read(0).isEmpty());

            log.restart();
            assertTrue(log.engine.health().lastRecovery().clean(), () -> log.engine.health().lastRecovery().summary());
            for (Entry e : written) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow(), "read after restart");
            }
            assertEquals(1000, log.indexRows());
            assertEquals(1001, Files.readAllLines(log.file()).size(), "a header line and one line per entry");
        }
    }

    @Test
    void queriesPageNewestFirstAndFilter() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withClock(clock).withIndexBatch(10),
                java.nio.channels.FileChannel::open)) {
            List<Entry> all = new ArrayList<>();
            for (int i = 0; i < 95; i++) {
                now.set(now.get().plusSeconds(60));
                all.add(log.engine.append(NewEntry.of(i % 2 == 0 ? "alice" : "bob", i % 5 == 0 ? "login" : "view", "s" + i, "")));
            }
            List<Entry> newestFirst = new ArrayList<>(all);
            Collections.reverse(newestFirst);

            assertEquals(newestFirst, collect(log, EntryQuery.newest(7)), "pages of 7 cover everything, newest first");
            assertEquals(newestFirst.stream().filter(e -> e.actor().equals("bob")).toList(),
                    collect(log, EntryQuery.newest(4).actor("bob")));
            assertEquals(newestFirst.stream().filter(e -> e.actor().equals("alice") && e.action().equals("login")).toList(),
                    collect(log, EntryQuery.newest(3).actor("alice").action("login")));
            Instant from = all.get(20).time();
            Instant to = all.get(30).time();
            assertEquals(newestFirst.stream().filter(e -> !e.time().isBefore(from) && e.time().isBefore(to)).toList(),
                    collect(log, EntryQuery.newest(4).between(from, to)), "time range: from inclusive, to exclusive");
            assertEquals(newestFirst, collect(log, EntryQuery.newest(40).between(Instant.parse("1000-01-01T00:00:00Z"),
                    Instant.parse("9999-12-31T23:59:59Z"))), "times far from 1970 are bounds like any other");

            Page page = log.engine.query(EntryQuery.newest(10).before(50L));
            assertEquals(49, page.entries().get(0).seq());
            assertEquals(40, page.entries().get(9).seq());
            assertEquals(40L, page.nextBefore());
            Page last = log.engine.query(EntryQuery.newest(10).before(6L));
            assertEquals(5, last.entries().size());
            assertNull(last.nextBefore(), "no older page after the first entry");
        }
    }

    @Test
    void pagesGoBothWaysAndTheOldestPageIsReachable() {
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withIndexBatch(10), java.nio.channels.FileChannel::open)) {
            List<Entry> all = log.appendMany(47, "alice");
            Page newest = log.engine.query(EntryQuery.newest(10));
            assertNull(newest.newerAfter(), "nothing is newer than the newest page");
            Page older = log.engine.query(EntryQuery.newest(10).before(newest.nextBefore()));
            assertEquals(37, older.entries().get(0).seq());
            Page backUp = log.engine.query(EntryQuery.newest(10).after(older.newerAfter()));
            assertEquals(newest.entries(), backUp.entries(), "previous of the second page is the first page");
            assertNull(backUp.newerAfter());

            Page oldest = log.engine.query(EntryQuery.oldest(10));
            assertEquals(10, oldest.entries().get(0).seq(), "still newest first within the page");
            assertEquals(1, oldest.entries().get(9).seq());
            assertNull(oldest.nextBefore(), "nothing is older than the oldest page");
            assertEquals(10L, oldest.newerAfter());

            List<Entry> upwards = new ArrayList<>();
            EntryQuery q = EntryQuery.oldest(9).action("act.1");
            while (true) {
                Page p = log.engine.query(q);
                List<Entry> ascending = new ArrayList<>(p.entries());
                Collections.reverse(ascending);
                upwards.addAll(ascending);
                if (!p.hasNewer()) {
                    break;
                }
                q = q.after(p.newerAfter());
            }
            assertEquals(all.stream().filter(e -> e.action().equals("act.1")).toList(), upwards, "paging up with a filter");
        }
    }

    @Test
    void textSearchMatchesSubjectAndDetailAndIsBounded() {
        try (TestLog log = new TestLog(dir)) {
            for (int i = 0; i < EntryQuery.MAX_TEXT_SCAN + 500; i++) {
                log.engine.append(NewEntry.of("alice", "view", "order/" + i, i % 1000 == 7 ? "Refund APPROVED" : "looked"));
            }
            Page p = log.engine.query(EntryQuery.newest(5).text("refund approved"));
            assertEquals(List.of(10008L, 9008L, 8008L, 7008L, 6008L), p.entries().stream().map(Entry::seq).toList(),
                    "case-insensitive, newest first");
            assertTrue(p.hasOlder());
            assertEquals(List.of("order/10499", "order/10498", "order/10497", "order/10496", "order/10495", "order/10494",
                            "order/10493", "order/10492", "order/10491", "order/10490", "order/1049"),
                    log.engine.query(EntryQuery.newest(20).text("ORDER/1049")).entries().stream().map(Entry::subject).toList(),
                    "subjects match too");

            Page bounded = log.engine.query(EntryQuery.newest(5).text("nowhere to be found"));
            assertTrue(bounded.entries().isEmpty());
            assertTrue(bounded.scanLimited(), "stopped after the bound");
            long top = log.engine.health().entries();
            assertEquals(top - EntryQuery.MAX_TEXT_SCAN + 1, bounded.nextBefore(), "continue below what was examined");
            Page rest = log.engine.query(EntryQuery.newest(5).text("nowhere to be found").before(bounded.nextBefore()));
            assertTrue(rest.entries().isEmpty());
            assertTrue(!rest.scanLimited() && rest.nextBefore() == null, "the remaining 500 were searched to the end");
        }
    }

    private static List<Entry> collect(TestLog log, EntryQuery first) {
        List<Entry> out = new ArrayList<>();
        EntryQuery q = first;
        while (true) {
            Page p = log.engine.query(q);
            assertTrue(p.entries().size() <= q.limit());
            out.addAll(p.entries());
            if (!p.hasOlder()) {
                return out;
            }
            q = q.before(p.nextBefore());
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessageAndStoresNothing() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            log.appendMany(3, "alice");
            byte[] before = log.bytes();
            InvalidEntryException e = assertThrows(InvalidEntryException.class,
                    () -> log.engine.append(NewEntry.of("  ", null, null, "x".repeat(Limits.DETAIL + 1))));
            assertEquals(List.of("actor is required", "action is required", "detail is longer than 65536 characters"),
                    e.problems());
            assertThrows(InvalidEntryException.class, () -> log.engine.append(null));
            assertThrows(InvalidEntryException.class,
                    () -> log.engine.append(NewEntry.of("a".repeat(Limits.ACTOR + 1), "x", null, null)));
            assertArrayEquals(before, log.bytes(), "nothing reached the file");
            assertEquals(3, log.engine.health().entries());
            assertEquals(4, log.engine.append(NewEntry.of("alice", "next", null, null)).seq(), "no number was used up");
        }
    }

    @Test
    void largestAllowedEntryOfControlCharactersIsStoredEscapedAndReadsBack() {
        try (TestLog log = new TestLog(dir)) {
            String detail = "\u0001\n".repeat(Limits.DETAIL / 2);
            Entry e = log.engine.append(NewEntry.of("a".repeat(Limits.ACTOR), "b".repeat(Limits.ACTION), "c".repeat(Limits.SUBJECT), detail));
            assertEquals(detail, log.engine.read(e.seq()).orElseThrow().detail());
            log.restart();
            assertEquals(detail, log.engine.read(e.seq()).orElseThrow().detail());
        }
    }

    @Test
    void aWriteThatFailsPartWayLeavesTheFileAsItWasAndTheNextAppendWorks() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir), faults)) {
            log.appendMany(5, "alice");
            byte[] before = log.bytes();
            faults.writeBytesBeforeFailure = 17;
            LogWriteException e = assertThrows(LogWriteException.class,
                    () -> log.engine.append(NewEntry.of("bob", "upload", null, "big")));
            assertTrue(e.getMessage().contains("nothing was stored") && e.getMessage().contains("NO_SPACE"), e.getMessage());
            assertArrayEquals(before, log.bytes(), "the partial line was rolled back");
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
            assertEquals(5, log.engine.health().entries());

            faults.heal();
            Entry next = log.engine.append(NewEntry.of("bob", "upload", null, "after space was freed"));
            assertEquals(6, next.seq());
            log.restart();
            assertTrue(log.engine.health().lastRecovery().clean(), () -> log.engine.health().lastRecovery().summary());
            assertEquals(next, log.engine.read(6).orElseThrow());
        }
    }

    @Test
    void aFailedFsyncStopsWritesButNotReadsUntilTheLogIsReopened() {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withDurability(Durability.FSYNC), faults)) {
            List<Entry> written = log.appendMany(3, "alice");
            faults.failForce = true;
            assertThrows(LogWriteException.class, () -> log.engine.append(NewEntry.of("bob", "x", null, null)));
            Health h = log.engine.health();
            assertEquals(LogState.READ_ONLY, h.state());
            assertTrue(h.cause().contains("fsync failed"), h.cause());
            faults.heal();
            LogWriteException refused = assertThrows(LogWriteException.class,
                    () -> log.engine.append(NewEntry.of("bob", "y", null, null)));
            assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
            assertEquals(written.get(2), log.engine.read(3).orElseThrow(), "reads go on");

            log.engine.maintain();
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
            assertEquals(4, log.engine.append(NewEntry.of("bob", "z", null, null)).seq(),
                    "the unacknowledged entry was rolled back, so its number is reused");
        }
    }

    @Test
    void aDirectoryThatIsAFileMakesTheLogUnavailableUntilFixed() throws Exception {
        Path notADir = dir.resolve("logdir");
        Files.writeString(notADir, "I am a file");
        try (TestLog log = new TestLog(notADir, LogConfig.defaults(notADir), java.nio.channels.FileChannel::open)) {
            Health h = log.engine.health();
            assertEquals(LogState.UNAVAILABLE, h.state());
            assertTrue(h.cause().contains(notADir.toString()) && h.cause().contains("not a directory"), h.cause());
            LogUnavailableException e = assertThrows(LogUnavailableException.class,
                    () -> log.engine.append(NewEntry.of("a", "b", null, null)));
            assertEquals(LogUnavailableException.Reason.NOT_A_DIRECTORY, e.reason());
            assertThrows(LogUnavailableException.class, () -> log.engine.read(1));

            Files.delete(notADir);
            assertEquals(1, log.engine.append(NewEntry.of("a", "b", null, null)).seq(), "recovers on the next call");
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
        }
    }

    @Test
    void aSecondEngineOnTheSameDirectoryIsRefused() {
        try (TestLog first = new TestLog(dir)) {
            first.appendMany(1, "alice");
            LogEngine second = LogEngine.start(first.config, org.h2.jdbcx.JdbcConnectionPool.create(
                    "jdbc:h2:mem:other", "sa", ""));
            try {
                Health h = second.health();
                assertEquals(LogState.UNAVAILABLE, h.state());
                assertTrue(h.cause().contains("in use"), h.cause());
            } finally {
                second.close();
            }
            assertEquals(2, first.engine.append(NewEntry.of("alice", "still", null, null)).seq());
        }
    }

    @Test
    void closingARefusedEngineLeavesTheRunningEngineAndItsIndexAlone() {
        try (TestLog first = new TestLog(dir)) {
            List<Entry> written = first.appendMany(10, "alice");
            first.engine.maintain();  // the rows are in the index database now, not only in memory
            // A redeployment that starts before the old one closed: same directory, same embedded database.
            org.h2.jdbcx.JdbcConnectionPool pool = org.h2.jdbcx.JdbcConnectionPool.create(
                    LogConfig.embeddedIndexUrl(dir), "sa", "");
            LogEngine second = LogEngine.start(first.config, pool);
            assertEquals(LogState.UNAVAILABLE, second.health().state());
            assertEquals(LogUnavailableException.Reason.IN_USE,
                    assertThrows(LogUnavailableException.class, () -> second.read(1)).reason());
            second.close();
            pool.dispose();

            assertFalse(Files.exists(dir.resolve("index").resolve("activity-index.clean")),
                    "the refused engine did not mark a database in use as cleanly closed");
            assertEquals(LogState.AVAILABLE, first.engine.health().state(), first.engine.health().cause());
            assertEquals(written.get(0), first.engine.read(1).orElseThrow());
            assertEquals(10, first.engine.query(EntryQuery.newest(50)).entries().size());
            assertTrue(first.engine.verify().ok());
            assertEquals(11, first.engine.append(NewEntry.of("alice", "still", null, null)).seq());
        }
    }

    @Test
    void anIndexDatabaseShutDownUnderTheEngineIsNotReportedAvailable() {
        try (TestLog log = new TestLog(dir)) {
            log.appendMany(10, "alice");
            log.engine.maintain();
            log.sql("SHUTDOWN");
            Health h = log.engine.health();
            assertEquals(LogState.DEGRADED, h.state());
            assertTrue(h.cause().contains("index database"), h.cause());
        }
    }

    @Test
    void anInterruptedReaderDoesNotCloseTheFileForOthers() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(10, "alice");
            Thread.currentThread().interrupt();
            try {
                assertEquals(written.get(4), log.engine.read(5).orElseThrow());
                assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt status is kept");
            } finally {
                Thread.interrupted();
            }
            AtomicReference<Entry> other = new AtomicReference<>();
            Thread t = new Thread(() -> other.set(log.engine.read(6).orElseThrow()));
            t.start();
            t.join();
            assertEquals(written.get(5), other.get());
            assertEquals(11, log.engine.append(NewEntry.of("bob", "after", null, null)).seq());
        }
    }
}
