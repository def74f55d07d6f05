package dev.activitylog.log.control;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring of rows waiting for the index: each row found by its number until it is dropped, across wraps and growth. */
class RowRingTest {
    private static IndexRow row(long seq) {
        return new IndexRow(seq, seq * 100, 100, seq, "a", "b", "SUCCESS", null);
    }

    @Test
    void rowsAreFoundUntilDroppedAlsoWhenTheRingWrapsAndGrows() {
        RowRing ring = new RowRing(8);
        for (long seq = 1; seq <= 6; seq++) {
            ring.put(row(seq));
        }
        ring.removeThrough(4);
        assertNull(ring.get(4), "dropped");
        for (long seq = 7; seq <= 12; seq++) {  // wraps over the dropped slots
            ring.put(row(seq));
        }
        assertEquals(List.of(row(5), row(6), row(7)), ring.oldest(3));
        for (long seq = 13; seq <= 40; seq++) {  // more than the ring holds: it grows, nothing is lost
            ring.put(row(seq));
        }
        assertEquals(LongStream.rangeClosed(5, 40).mapToObj(RowRingTest::row).toList(), ring.oldest(100));
        assertEquals(List.of(row(40), row(39)), ring.between(0, 100, false, 2));
        assertEquals(Long.valueOf(40), ring.newest());
        assertNull(ring.get(41));
    }

    @Test
    void numbersSkippedHoldNoRowAndAFlushNeverStartsOnThem() {
        RowRing ring = new RowRing(16);
        ring.put(row(1));
        ring.put(row(5));
        assertNull(ring.get(3));
        assertEquals(List.of(row(1), row(5)), ring.between(1, 5, true, 10));
        ring.removeThrough(1);
        assertEquals(List.of(row(5)), ring.oldest(1));
        assertThrows(IllegalStateException.class, () -> ring.put(row(4)), "rows come in number order");
        ring.removeThrough(5);
        assertTrue(ring.isEmpty());
        ring.put(row(3));  // after a recovery the numbers may start lower again
        assertEquals(row(3), ring.get(3));
        ring.clear();
        assertTrue(ring.isEmpty());
        assertNull(ring.get(3));
    }
}
