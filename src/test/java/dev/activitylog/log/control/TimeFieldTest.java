package dev.activitylog.log.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time field read by hand, held to what it replaced: {@code Instant.parse}, then the text printed back. */
class TimeFieldTest {
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /** The definition the parser had: whatever Instant.parse reads and prints back to the same text. */
    private static Instant reference(String s) {
        try {
            Instant t = Instant.parse(s);
            return Fields.formatTime(t).equals(s) ? t : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant parsed(String s) {
        try {
            return Fields.parseTime(s);
        } catch (FormatException e) {
            return null;
        }
    }

    @Test
    void everyTimeOfTheYears0000To9999ReadsBackAsWritten() throws Exception {
        Random random = new Random(7);
        for (String edge : new String[]{"0000-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z",
                "1970-01-01T00:00:00.000000Z", "1969-12-31T23:59:59.999999Z", "2024-02-29T12:00:00.000001Z",
                "2000-02-29T00:00:00.000000Z", "1900-03-01T00:00:00.000000Z"}) {
            assertEquals(Instant.parse(edge), Fields.parseTime(edge), edge);
        }
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(FIRST + (long) (random.nextDouble() * (LAST - FIRST)),
                    random.nextInt(1_000_000) * 1_000L);
            assertEquals(t, Fields.parseTime(Fields.formatTime(t)), t::toString);
        }
    }

    @Test
    void aTextIsReadExactlyWhenTheDefinitionItReplacedReadsItAndToTheSameTime() {
        Random random = new Random(11);
        String alphabet = "0123456789-:.TtZz+ 5";
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            char[] text = Fields.formatTime(Instant.ofEpochSecond(FIRST + (long) (random.nextDouble() * (LAST - FIRST)),
                    random.nextInt(1_000_000) * 1_000L)).toCharArray();
            text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            String s = new String(text);
            Instant expected = reference(s);
            assertEquals(expected, parsed(s), s);
            accepted += expected == null ? 0 : 1;
        }
        // Both outcomes occur: a digit changed into another digit often still names a time, a separator never.
        assertTrue(accepted > 10_000 && accepted < 190_000, "accepted " + accepted);
    }

    @Test
    void daysTheMonthLacksLeapSecondsAndOtherSpellingsAreRefused() {
        for (String bad : new String[]{"2026-02-29T00:00:00.000000Z", "2026-04-31T00:00:00.000000Z",
                "2026-13-01T00:00:00.000000Z", "2026-00-10T00:00:00.000000Z", "2026-12-00T00:00:00.000000Z",
                "2026-12-07T24:00:00.000000Z", "2026-12-07T23:60:00.000000Z", "2016-12-31T23:59:60.000000Z",
                "+2026-12-07T13:00:00.00000Z", "12026-12-07T13:00:00.00000Z", "2026-12-07T13:00:00.000000+00:00",
                "2026-12-07 13:00:00.000000Z", "2026-12-07T13:00:00,000000Z", "2026-12-07T13:00:00.0000000",
                "-026-12-07T13:00:00.000000Z", "2026-12-07T13:00:00.00000aZ", ""}) {
            assertEquals(null, reference(bad), "the old definition refused it too: " + bad);
            FormatException e = assertThrows(FormatException.class, () -> Fields.parseTime(bad), bad);
            assertEquals("bad time " + bad, e.getMessage());
        }
        assertEquals(Instant.parse("2026-12-07T13:00:00Z").truncatedTo(ChronoUnit.MICROS),
                parsed("2026-12-07T13:00:00.000000Z"));
    }
}
