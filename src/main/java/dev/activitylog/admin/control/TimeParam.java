package dev.activitylog.admin.control;

import dev.activitylog.log.entity.EntryQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Times typed by an operator, read as UTC unless they carry an offset: {@code 2026-01-31T12:00:00Z},
 * {@code 2026-01-31 12:00}, {@code 2026-01-31T12:00:05.123+01:00}, or a date ({@code 2026-01-31}: its midnight UTC).
 */
final class TimeParam {
    static final String FORMAT_HINT = "a UTC time such as 2026-01-31 12:00, 2026-01-31T12:00:00Z or 2026-01-31";

    private TimeParam() {
    }

    /**
     * The instant, null when blank; {@link IllegalArgumentException} naming the field when it cannot be read or lies
     * outside the times a filter may name ({@link EntryQuery#checkTime}).
     */
    static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant t = read(field, value);
        EntryQuery.checkTime(field, t);
        return t;
    }

    private static Instant read(String field, String value) {
        String s = value.strip().replace(' ', 'T');
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not " + FORMAT_HINT);
        }
    }

    /** As {@link #parse}, but a value that cannot be read is ignored (null) and why is added to {@code errors}. */
    static Instant parseOrIgnore(String field, String value, List<String> errors) {
        try {
            return parse(field, value);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage() + ": ignored");
            return null;
        }
    }
}
