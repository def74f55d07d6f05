package dev.activitylog.admin.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListParamsTest {

    @Test
    void noParametersIsTheNewestPageOfTheDefaultSize() {
        ListParams p = parse(Map.of());
        assertEquals(ListParams.DEFAULT_LIMIT, p.limit());
        assertNull(p.before());
        assertNull(p.after());
        assertNull(p.seq());
        assertNull(p.at());
        assertFalse(p.positioned());
        assertEquals(List.of(), p.errors());
        assertEquals(Map.of(), p.kept());
    }

    @Test
    void readsPagingAndJumps() {
        ListParams p = parse(Map.of("limit", "10", "before", " 42 ", "after", "0", "seq", "7", "at", "2026-01-02T03:04"));
        assertEquals(10, p.limit());
        assertEquals(42L, p.before());
        assertEquals(0L, p.after(), "after=0 is the oldest page");
        assertEquals(7L, p.seq());
        assertEquals(Instant.parse("2026-01-02T03:04:00Z"), p.at());
        assertTrue(p.positioned());
        assertEquals(List.of(), p.errors());
    }

    @Test
    void thePageSizeIsCappedAndOnlyAnotherThanTheDefaultIsCarriedOn() {
        assertEquals(ListParams.MAX_LIMIT, parse(Map.of("limit", "5000")).limit());
        assertEquals(Map.of("limit", "200"), parse(Map.of("limit", "5000")).kept());
        assertEquals(Map.of(), parse(Map.of("limit", String.valueOf(ListParams.DEFAULT_LIMIT))).kept());
    }

    @Test
    void linksCarryTheFilterThenThePageSizeButNoPosition() {
        ListParams p = parse(Map.of("limit", "2", "actor", "alice", "q", "phone", "before", "9"));
        assertEquals(List.of("actor", "q", "limit"), List.copyOf(p.kept().keySet()));
        assertEquals("2", p.kept().get("limit"));
    }

    @Test
    void badNumbersAreIgnoredAndExplained() {
        ListParams p = parse(Map.of("limit", "-3", "before", "not-a-number", "after", "-1", "seq", "0"));
        assertEquals(List.of(
                "limit must be at least 1, was '-3': ignored",
                "before must be a whole number, was 'not-a-number': ignored",
                "after must be at least 0, was '-1': ignored",
                "sequence number must be at least 1, was '0': ignored"), p.errors());
        assertEquals(ListParams.DEFAULT_LIMIT, p.limit());
        assertNull(p.before());
        assertNull(p.after());
        assertNull(p.seq());
    }

    @Test
    void aNumberTooLargeForTheLogIsNotAWholeNumberEither() {
        assertEquals(List.of("before must be a whole number, was '99999999999999999999': ignored"),
                parse(Map.of("before", "99999999999999999999")).errors());
    }

    @Test
    void anUnreadableJumpTimeIsIgnoredAndExplained() {
        ListParams p = parse(Map.of("at", "noon"));
        assertNull(p.at());
        assertEquals(List.of("time: 'noon' is not " + TimeParam.FORMAT_HINT + ": ignored"), p.errors());
    }

    @Test
    void theFiltersProblemsComeFirst() {
        ListParams p = parse(Map.of("at", "noon", "from", "yesterday", "limit", "x"));
        assertEquals(3, p.errors().size(), p.errors()::toString);
        assertTrue(p.errors().get(0).startsWith("from: 'yesterday'"), p.errors()::toString);
        assertTrue(p.errors().get(1).startsWith("limit must be a whole number"), p.errors()::toString);
        assertTrue(p.errors().get(2).startsWith("time: 'noon'"), p.errors()::toString);
    }

    @Test
    void aPositionThatCannotBeUsedStillIsNotTheNewestPage() {
        assertTrue(parse(Map.of("before", "abc")).positioned(), "no live tail on a page asked for elsewhere");
        assertTrue(parse(Map.of("at", "noon")).positioned());
        Map<String, String> blank = new HashMap<>();
        blank.put("before", " ");
        blank.put("seq", "");
        blank.put("after", null);
        assertFalse(parse(blank).positioned(), "blank values are not given");
        assertFalse(parse(Map.of("actor", "alice", "limit", "3")).positioned(), "filters and page size do not move it");
    }

    private static ListParams parse(Map<String, String> params) {
        return ListParams.parse(params::get);
    }
}
