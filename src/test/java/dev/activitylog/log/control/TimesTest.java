package dev.activitylog.log.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimesTest {
    @Test
    void microsecondsRoundTrip() {
        Instant t = Instant.parse("2026-11-26T19:40:00.123456Z");
        assertEquals(1_795_722_000_123_456L, Times.micros(t));
        assertEquals(t, Times.ofMicros(Times.micros(t)));
    }

    @Test
    void timesBeyondTheNanosecondRangeAreExact() {
        // Counting in nanoseconds overflows after 2262-04-11 and before 1677-09-21.
        for (String s : new String[]{"9999-12-31T23:59:59.999999Z", "2262-04-12T00:00:00Z", "1677-09-20T00:00:00Z",
                "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            Instant t = Instant.parse(s);
            assertEquals(t, Times.ofMicros(Times.micros(t)), s);
        }
        assertEquals(253_402_300_799_999_999L, Times.micros(Instant.parse("9999-12-31T23:59:59.999999Z")));
        assertEquals(-62_167_219_200_000_000L, Times.micros(Instant.parse("0000-01-01T00:00:00Z")));
    }
}
