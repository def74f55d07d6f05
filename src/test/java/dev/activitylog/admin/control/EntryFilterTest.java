package dev.activitylog.admin.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Limits;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryFilterTest {

    @Test
    void noParametersIsNoFilter() {
        EntryFilter f = EntryFilter.from(Map.<String, String>of()::get);
        assertTrue(f.isEmpty());
        assertEquals(Map.of(), f.params());
        assertEquals(List.of(), f.errors());
        assertEquals(EntryQuery.newest(25), f.query(25));
    }

    @Test
    void readsEveryFilterAndQueriesWithIt() {
        EntryFilter f = EntryFilter.from(Map.of("actor", "alice", "action", "order.cancel", "from", "2026-01-31",
                "to", "2026-02-01 12:00", "q", "Phone")::get);
        assertFalse(f.isEmpty());
        assertEquals(List.of(), f.errors());
        assertEquals(EntryQuery.newest(50).actor("alice").action("order.cancel")
                .between(Instant.parse("2026-01-31T00:00:00Z"), Instant.parse("2026-02-01T12:00:00Z")).text("Phone"),
                f.query(50));
    }

    @Test
    void outcomeAndCorrelationAreFiltersAndAnUnusableOutcomeIsIgnoredAndExplained() {
        EntryFilter f = EntryFilter.from(Map.of("outcome", " FAILURE ", "correlation", "trace-1")::get);
        assertEquals(EntryQuery.newest(50).outcome("FAILURE").correlation("trace-1"), f.query(50));
        assertEquals(List.of("outcome", "correlation"), List.copyOf(f.params().keySet()));
        EntryFilter bad = EntryFilter.from(Map.of("outcome", "broken", "actor", "bob")::get);
        assertEquals(EntryQuery.newest(50).actor("bob"), bad.query(50), "the rest of the filter still applies");
        assertEquals(List.of("outcome must be SUCCESS, FAILURE or FAILURE:<type>, was 'broken': ignored"), bad.errors());
    }

    @Test
    void itsUrlParametersComeInAStableOrderAsTyped() {
        EntryFilter f = EntryFilter.from(Map.of("q", "x", "to", "2026-02-01", "actor", "bob", "from", "2026-01-31 12:00")::get);
        assertEquals(List.of("actor", "from", "to", "q"), List.copyOf(f.params().keySet()));
        assertEquals("2026-01-31 12:00", f.params().get("from"), "a time stays as the operator wrote it");
    }

    @Test
    void valuesAreTrimmedAndBlankOnesLeftOut() {
        Map<String, String> p = new HashMap<>();
        p.put("actor", "  alice ");
        p.put("action", "   ");
        p.put("q", "");
        EntryFilter f = EntryFilter.from(p::get);
        assertEquals("alice", f.getActor());
        assertNull(f.getAction());
        assertNull(f.getText());
        assertEquals(Map.of("actor", "alice"), f.params());
    }

    @Test
    void anUnreadableTimeIsIgnoredAndExplainedButKeptInItsField() {
        EntryFilter f = EntryFilter.from(Map.of("actor", "alice", "from", "yesterday")::get);
        assertEquals(List.of("from: 'yesterday' is not " + TimeParam.FORMAT_HINT + ": ignored"), f.errors());
        assertNull(f.fromInstant());
        assertEquals("yesterday", f.getFrom(), "the form shows what was typed");
        assertEquals(Map.of("actor", "alice"), f.params(), "links do not carry it on");
        assertEquals(EntryQuery.newest(10).actor("alice"), f.query(10));
    }

    @Test
    void tooLongValuesAreIgnoredAndExplained() {
        EntryFilter f = EntryFilter.from(Map.of("actor", "a".repeat(Limits.ACTOR + 1), "action", "b".repeat(Limits.ACTION),
                "q", "c".repeat(EntryQuery.MAX_TEXT + 1))::get);
        assertEquals(List.of("actor is longer than " + Limits.ACTOR + " characters: ignored",
                "text is longer than " + EntryQuery.MAX_TEXT + " characters: ignored"), f.errors());
        assertNull(f.getActor());
        assertEquals("b".repeat(Limits.ACTION), f.getAction(), "exactly the limit is fine");
        assertNull(f.getText());
    }

    @Test
    void everyProblemIsListedInTheOrderOfTheForm() {
        EntryFilter f = EntryFilter.from(Map.of("to", "later", "from", "earlier", "action", "x".repeat(Limits.ACTION + 1))::get);
        assertEquals(3, f.errors().size(), f.errors()::toString);
        assertTrue(f.errors().get(0).startsWith("action is longer"), f.errors()::toString);
        assertTrue(f.errors().get(1).startsWith("from: 'earlier'"), f.errors()::toString);
        assertTrue(f.errors().get(2).startsWith("to: 'later'"), f.errors()::toString);
        assertTrue(f.isEmpty());
    }

    @Test
    void aValueWithCharactersThatDoNotShowGetsANoteWithItsEscapes() {
        EntryFilter f = EntryFilter.from(Map.of("actor", "bob\u202Eevil", "action", "plain")::get);
        assertEquals(List.of("The filter actor holds characters that do not show: bob\\u202eevil"),
                f.hiddenCharacterNotes());
        assertEquals(List.of(), EntryFilter.from(Map.of("actor", "alice")::get).hiddenCharacterNotes());
    }
}
