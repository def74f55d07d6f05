package dev.activitylog.log.control;

import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NodeEntry;
import dev.activitylog.log.entity.Page;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** This node's own pages in the merged view's form, as the embedded index answers the merged view. */
class ClusterPagesLocalTest {
    private static final Instant TIME = Instant.parse("2026-01-02T03:04:05.000006Z");

    @Test
    void aPageGoesOnBelowItsLastEntryAndItsCorruptOnesAreNamedByNode() {
        Entry e = new Entry(50, TIME, "alice", "a.act", "s", "d");
        ClusterPage p = ClusterPages.local(new Page(List.of(e), List.of(49L), 50L, null, false), "solo");
        assertEquals(List.of(new NodeEntry("solo", e)), p.entries());
        assertEquals(List.of("solo:49"), p.corrupt());
        assertEquals(new ClusterCursor(Times.micros(TIME), "solo", 50), ClusterCursor.parse(p.nextBefore()));
        assertNull(ClusterPages.local(new Page(List.of(e), List.of(), null, null, false), "solo").nextBefore(),
                "the oldest page has no cursor");
    }

    @Test
    void aTextSearchStoppedByItsBoundWithNothingFoundStillGoesOn() {
        // 10,000 entries read, none matched: the page is empty, and the older entries are still to be searched.
        ClusterPage p = ClusterPages.local(new Page(List.of(), List.of(), 9_001L, null, true), "solo");
        assertEquals(List.of(), p.entries());
        assertEquals(9_001L, ClusterCursor.parse(p.nextBefore()).seq(), "an export or the next page goes on from it");
    }
}
