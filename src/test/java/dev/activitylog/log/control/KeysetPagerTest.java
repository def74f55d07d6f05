package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Page;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyset paging as pure logic: rows and entries held in memory, no file and no database. */
class KeysetPagerTest {
    private static final Instant T = Instant.parse("2026-11-26T19:40:00.123456Z");

    /** A log of {@code n} entries in memory; even numbers by alice, odd by bob; {@code corrupt} fail to read. */
    private record Memory(long n, Set<Long> corrupt) {
        Entry entry(long seq) {
            return new Entry(seq, T.plusSeconds(seq), seq % 2 == 0 ? "alice" : "bob", "act", "subject-" + seq, "detail");
        }

        List<IndexRow> matching(EntryQuery q, long low, long high, boolean up, int want) {
            LongStream seqs = up ? LongStream.range(low + 1, high) : LongStream.range(low + 1, high).map(s -> high + low - s);
            List<IndexRow> out = new ArrayList<>();
            for (long s : seqs.toArray()) {
                Entry e = entry(s);
                if (out.size() < want && q.matchesIndexed(e.time(), e.actor(), e.action(), e.outcome(), e.correlation())) {
                    out.add(IndexRow.of(e, s * 100, 100));
                }
            }
            return out;
        }

        Entry read(IndexRow row) {
            if (corrupt.contains(row.seq())) {
                throw new CorruptEntryException(row.seq(), "damaged");
            }
            return entry(row.seq());
        }

        Page page(EntryQuery q) {
            return KeysetPager.page(q, n, this::matching, this::read);
        }
    }

    private static List<Long> seqs(Page p) {
        return p.entries().stream().map(Entry::seq).toList();
    }

    @Test
    void pagesWalkTheWholeLogNewestFirstAndBackWithoutGapsOrRepeats() {
        Memory log = new Memory(25, Set.of());
        Page first = log.page(EntryQuery.newest(10));
        assertEquals(LongStream.rangeClosed(16, 25).map(s -> 41 - s).boxed().toList(), seqs(first));
        assertEquals(16L, first.nextBefore());
        assertNull(first.newerAfter(), "nothing is newer than the newest page");

        Page second = log.page(EntryQuery.newest(10).before(first.nextBefore()));
        assertEquals(LongStream.rangeClosed(6, 15).map(s -> 21 - s).boxed().toList(), seqs(second));
        Page last = log.page(EntryQuery.newest(10).before(second.nextBefore()));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(last));
        assertNull(last.nextBefore(), "nothing is older than entry 1");

        Page back = log.page(EntryQuery.newest(10).after(last.newerAfter()));
        assertEquals(seqs(second), seqs(back), "paging towards newer entries returns the page before, newest first");
        assertEquals(15L, back.newerAfter());
        assertEquals(6L, back.nextBefore());
    }

    @Test
    void theFirstPageEverAndAFilterOnTheActor() {
        Memory log = new Memory(25, Set.of());
        assertEquals(List.of(3L, 2L, 1L), seqs(log.page(EntryQuery.oldest(3))));
        Page alice = log.page(EntryQuery.newest(5).actor("alice"));
        assertEquals(List.of(24L, 22L, 20L, 18L, 16L), seqs(alice));
        assertEquals(List.of(14L, 12L, 10L, 8L, 6L), seqs(log.page(EntryQuery.newest(5).actor("alice").before(alice.nextBefore()))));
    }

    @Test
    void aCorruptEntryIsListedByNumberAndThePageGoesOn() {
        Memory log = new Memory(10, Set.of(8L));
        Page p = log.page(EntryQuery.newest(4));
        assertEquals(List.of(8L), p.corrupt());
        assertEquals(List.of(10L, 9L, 7L, 6L), seqs(p), "the corrupt entry takes no place of an intact one");
    }

    @Test
    void aTextSearchStopsAfterItsBoundAndSaysSo() {
        Memory log = new Memory(EntryQuery.MAX_TEXT_SCAN + 500, Set.of());
        Page p = log.page(EntryQuery.newest(10).text("nowhere"));
        assertTrue(p.entries().isEmpty());
        assertTrue(p.scanLimited(), "the bound stopped it, not the end of the log");
        assertEquals(501L, p.nextBefore(), "the next page goes on where this one stopped");
        Page rest = log.page(EntryQuery.newest(10).text("nowhere").before(p.nextBefore()));
        assertFalse(rest.scanLimited());
        assertNull(rest.nextBefore());
        assertEquals(List.of(7L), seqs(log.page(EntryQuery.newest(10).text("subject-7").before(8L))));
    }
}
