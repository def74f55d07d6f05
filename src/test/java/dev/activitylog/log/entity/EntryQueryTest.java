package dev.activitylog.log.entity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EntryQueryTest {
    @Test
    void anActorOrActionLongerThanAnEntryMayHoldIsRefusedLikeLongText() {
        assertEquals("actor is longer than " + Limits.ACTOR + " characters", assertThrows(IllegalArgumentException.class,
                () -> EntryQuery.newest(1).actor("a".repeat(Limits.ACTOR + 1))).getMessage());
        assertEquals("action is longer than " + Limits.ACTION + " characters", assertThrows(IllegalArgumentException.class,
                () -> EntryQuery.newest(1).action("a".repeat(Limits.ACTION + 1))).getMessage());
        assertEquals("text is longer than " + EntryQuery.MAX_TEXT + " characters", assertThrows(IllegalArgumentException.class,
                () -> EntryQuery.newest(1).text("a".repeat(EntryQuery.MAX_TEXT + 1))).getMessage());
        assertEquals(Limits.ACTOR, EntryQuery.newest(1).actor("a".repeat(Limits.ACTOR)).actor().length());
        assertEquals(Limits.ACTION, EntryQuery.newest(1).action("a".repeat(Limits.ACTION)).action().length());
    }

    @Test
    void filterTimesSpanTheYearsTheFileFormatCanHold() {
        Instant first = Instant.parse("0000-01-01T00:00:00Z");
        Instant last = Instant.parse("9999-12-31T23:59:59.999999Z");
        assertEquals(last, EntryQuery.newest(1).between(first, last).to());
        assertEquals(EntryQuery.MAX_TIME, EntryQuery.newest(1).between(null, EntryQuery.MAX_TIME).to());
        assertEquals("to must be between 0000-01-01T00:00:00Z and +10000-01-01T00:00:00Z, was +10000-01-01T00:00:00.000001Z",
                assertThrows(IllegalArgumentException.class, () -> EntryQuery.newest(1).between(null,
                        EntryQuery.MAX_TIME.plusNanos(1_000))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntryQuery.newest(1).between(Instant.MIN, null));
        assertThrows(IllegalArgumentException.class, () -> EntryQuery.newest(1).between(first.minusSeconds(1), null));
    }
}
