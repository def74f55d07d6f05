package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.Limits;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's ordinary paths: appends numbered without gaps and read back across a restart, keyset pages both ways,
 * filters, the bounded text search, bad input refused. When things fail: {@link LogEngineFailureTest}.
 */
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
}
