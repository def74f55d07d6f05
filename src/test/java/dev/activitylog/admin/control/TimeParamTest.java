package dev.activitylog.admin.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeParamTest {

    @Test
    void aTimeWithoutZoneIsUtc() {
        assertEquals(Instant.parse("2026-01-02T03:04:00Z"), TimeParam.parse("from", "2026-01-02T03:04"));
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), TimeParam.parse("from", "2026-01-02T03:04:05"));
    }

    @Test
    void aSpaceMayStandForTheT() {
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), TimeParam.parse("from", "2026-01-31 12:00"));
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), TimeParam.parse("from", "  2026-01-31 12:00  "));
    }

    @Test
    void anInstantOrAnOffsetIsTakenAsWritten() {
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), TimeParam.parse("to", "2026-01-31T12:00:00Z"));
        assertEquals(Instant.parse("2026-01-31T11:00:05.123Z"), TimeParam.parse("to", "2026-01-31T12:00:05.123+01:00"));
        assertEquals(Instant.parse("2026-01-31T17:30:00Z"), TimeParam.parse("to", "2026-01-31 12:00-05:30"));
    }

    @Test
    void aDateIsItsMidnightUtc() {
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), TimeParam.parse("to", "2026-01-31"));
    }

    @Test
    void blankIsNoTime() {
        assertNull(TimeParam.parse("from", null));
        assertNull(TimeParam.parse("from", ""));
        assertNull(TimeParam.parse("from", "   "));
    }

    @Test
    void anUnreadableTimeNamesTheFieldTheValueAndTheFormsThatWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeParam.parse("from", "yesterday"));
        assertEquals("from: 'yesterday' is not a UTC time such as 2026-01-31 12:00, 2026-01-31T12:00:00Z or 2026-01-31",
                e.getMessage());
        for (String bad : new String[]{"2026-13-01", "2026-02-30", "2026-01-02T25:00", "31.01.2026", "1767225600"}) {
            assertThrows(IllegalArgumentException.class, () -> TimeParam.parse("at", bad), bad);
        }
    }

    @Test
    void aTimeFarFrom1970IsReadAndOneBeyondTheYear9999Refused() {
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), TimeParam.parse("to", "9999-12-31T23:59:59Z"));
        assertEquals(Instant.parse("1000-01-01T00:00:00Z"), TimeParam.parse("from", "1000-01-01"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeParam.parse("at", "+20000-01-01T00:00:00Z"));
        assertEquals("at must be between 0000-01-01T00:00:00Z and +10000-01-01T00:00:00Z, was +20000-01-01T00:00:00Z",
                e.getMessage());
        List<String> errors = new ArrayList<>();
        assertNull(TimeParam.parseOrIgnore("from", "-5000-01-01", errors));
        assertEquals(1, errors.size());
    }

    @Test
    void anIgnoredTimeSaysWhy() {
        List<String> errors = new ArrayList<>();
        assertNull(TimeParam.parseOrIgnore("to", "soon", errors));
        assertEquals(List.of("to: 'soon' is not " + TimeParam.FORMAT_HINT + ": ignored"), errors);
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), TimeParam.parseOrIgnore("to", "2026-01-31", errors));
        assertEquals(1, errors.size(), "a readable time adds nothing");
    }
}
