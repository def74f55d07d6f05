package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entries over time, by action, from the index: what the console's chart shows. */
class HistogramTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(T0);

    private TestLog log() {
        return new TestLog(dir, LogConfig.defaults(dir).withClock(clock), FileChannel::open);
    }

    /** Minute m gets m + 1 entries of alice's: "login" always, "edit" in odd minutes; bob's one "login" a minute. */
    private void appendTenMinutes(TestLog log) {
        for (int m = 0; m < 10; m++) {
            for (int i = 0; i <= m; i++) {
                log.engine.append(NewEntry.of("alice", i % 2 == 1 ? "edit" : "login", "doc/" + m, ""));
            }
            log.engine.append(NewEntry.of("bob", "login", "doc/" + m, ""));
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void countsEveryMatchingEntryOnceInItsBucketSplitByAction() {
        try (TestLog log = log()) {
            appendTenMinutes(log);
            for (int pass = 0; pass < 2; pass++) {  // rows partly still in memory, then all in the index
                Histogram h = log.engine.histogram(EntryQuery.newest(1).actor("alice"), 10);
                assertEquals(Duration.ofMinutes(1), h.bucket(), "the smallest round width that fits in 10 bars");
                assertEquals(T0, h.from());
                assertEquals(List.of("login", "edit"), h.series(), "most frequent first");
                assertFalse(h.other());
                assertEquals(10, h.bars().size());
                for (int m = 0; m < 10; m++) {
                    Histogram.Bar bar = h.bars().get(m);
                    assertEquals(T0.plus(Duration.ofMinutes(m)), bar.start());
                    assertEquals(List.of((long) (m / 2 + 1), (long) ((m + 1) / 2)), bar.counts(), "minute " + m);
                }
                assertEquals(55, h.total());
                log.restart();
            }
        }
    }

    @Test
    void theRangeIsTheQuerysAndBucketsAreRoundWidths() {
        try (TestLog log = log()) {
            appendTenMinutes(log);
            Instant from = T0.plus(Duration.ofMinutes(2));
            Instant to = T0.plus(Duration.ofMinutes(4));
            Histogram h = log.engine.histogram(EntryQuery.newest(1).between(from, to), 4);
            assertEquals(Duration.ofSeconds(30), h.bucket());
            assertEquals(List.of(4L, 0L, 5L, 0L), h.bars().stream().map(Histogram.Bar::total).toList(),
                    "minutes 2 and 3 (3 + 1 and 4 + 1 entries), in half-minute bars");
            assertEquals(9, log.engine.query(EntryQuery.newest(100).between(from, to)).entries().size(),
                    "the same entries as the list");

            Histogram bob = log.engine.histogram(EntryQuery.newest(1).actor("bob").action("login"), 200);
            assertEquals(10, bob.total());
            assertTrue(bob.bars().size() <= 200);
            Histogram none = log.engine.histogram(EntryQuery.newest(1).actor("carol"), 50);
            assertTrue(none.bars().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> log.engine.histogram(EntryQuery.newest(1), 0));
        }
    }

    @Test
    void beyondSixActionsTheRestAreCountedTogether() {
        try (TestLog log = log()) {
            for (int a = 0; a < 9; a++) {
                for (int i = 0; i <= a; i++) {
                    log.engine.append(NewEntry.of("alice", "action." + a, "", ""));
                }
            }
            Histogram h = log.engine.histogram(EntryQuery.newest(1), 5);
            assertEquals(List.of("action.8", "action.7", "action.6", "action.5", "action.4"), h.series());
            assertTrue(h.other());
            assertEquals(1, h.bars().size(), "all at one instant");
            assertEquals(List.of(9L, 8L, 7L, 6L, 5L, 4L + 3 + 2 + 1), h.bars().get(0).counts());
        }
    }

    @Test
    void widthsAreRoundAndAlignedBucketsFit() {
        long s = 1_000_000;
        assertEquals(s, Histograms.width(0, 10 * s, 10));
        assertEquals(2 * s, Histograms.width(0, 10 * s + 1, 10), "one more micro needs wider bars");
        assertEquals(5 * s, Histograms.width(3 * s, 13 * s, 3), "[3, 13) starts in the bucket from 0 with 5 s bars");
        assertEquals(3600 * s, Histograms.width(0, 86_400 * s, 24));
        long year = 365 * 86_400 * s;
        assertEquals(2 * year, Histograms.width(0, 2 * year * 200, 200));
    }
}
