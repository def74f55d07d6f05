package dev.activitylog.log.entity;

import java.time.Instant;
import java.util.Locale;

/**
 * A keyset page request. Without {@code after}: the newest {@code limit} entries below {@code before} (below the end
 * when null). With {@code after}: the {@code limit} entries just above it, towards the newest (how "previous" and
 * "last" pages are found). Pages always list entries newest first. Every filter that is not null must match:
 * {@code from} is inclusive, {@code to} exclusive, {@code text} is a case-insensitive substring of subject or detail.
 * {@code outcome} is {@code SUCCESS}, {@code FAILURE} (every failure, whatever its type) or one {@code FAILURE:<type>};
 * entries of version 1 segments (outcome unknown) match no outcome filter. {@code correlation} matches exactly.
 * <p>
 * Actor, action, time, outcome and correlation are answered by the index. Text is not indexed: matching it reads entries, at most
 * {@link #MAX_TEXT_SCAN} per page request; a page cut short by that bound says so ({@link Page#scanLimited()}).
 * <p>
 * A filter the log could never match is refused, not answered with an empty page: an actor or action longer than an
 * entry's may be ({@link Limits}), a time outside the years 0000 to 9999 that the file format can hold.
 */
public record EntryQuery(Long before, Long after, int limit, String actor, String action, Instant from, Instant to,
                         String text, String outcome, String correlation) {
    public static final int MAX_LIMIT = 1_000;
    /** Entries examined at most for one page of a text search (about 10-30 ms of reads from the page cache). */
    public static final int MAX_TEXT_SCAN = 10_000;
    public static final int MAX_TEXT = 200;
    /** The earliest and latest time a filter may name: the file format's times have four-digit years. */
    public static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
    public static final Instant MAX_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    public EntryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (before != null && before < 1) {
            throw new IllegalArgumentException("before must be a sequence number (>= 1), was " + before);
        }
        if (after != null && after < 0) {
            throw new IllegalArgumentException("after must be 0 or a sequence number, was " + after);
        }
        if (before != null && after != null) {
            throw new IllegalArgumentException("give before or after, not both");
        }
        actor = blankToNull(actor);
        action = blankToNull(action);
        text = blankToNull(text);
        checkLength("actor", actor, Limits.ACTOR);
        checkLength("action", action, Limits.ACTION);
        checkLength("text", text, MAX_TEXT);
        checkTime("from", from);
        checkTime("to", to);
        outcome = blankToNull(outcome);
        correlation = blankToNull(correlation);
        checkLength("outcome", outcome, Limits.OUTCOME);
        if (outcome != null && !outcome.matches(Limits.OUTCOME_PATTERN)) {
            throw new IllegalArgumentException("outcome must be SUCCESS, FAILURE or FAILURE:<type>, was '" + outcome + "'");
        }
        checkLength("correlation", correlation, Limits.CORRELATION);
    }

    /** A query without the outcome and correlation filters (the version 1 query). */
    public EntryQuery(Long before, Long after, int limit, String actor, String action, Instant from, Instant to,
                      String text) {
        this(before, after, limit, actor, action, from, to, text, null, null);
    }

    /** {@link IllegalArgumentException} naming the field when a filter time is outside {@link #MIN_TIME}..{@link #MAX_TIME}. */
    public static void checkTime(String field, Instant t) {
        if (t != null && (t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME))) {
            throw new IllegalArgumentException(field + " must be between " + MIN_TIME + " and " + MAX_TIME + ", was " + t);
        }
    }

    /** {@link IllegalArgumentException} naming the field when a filter value is longer than {@code max} chars. */
    public static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
    }

    public static EntryQuery newest(int limit) {
        return new EntryQuery(null, null, limit, null, null, null, null, null, null, null);
    }

    /** The oldest page: everything above 0. */
    public static EntryQuery oldest(int limit) {
        return newest(limit).after(0L);
    }

    /**
     * Whether a field other than the time is filtered that the index finds entries by (actor, action, outcome,
     * correlation): then an index lookup beats reading the log, which is what answers the time and text alone.
     */
    public boolean indexedFieldFiltered() {
        return actor != null || action != null || outcome != null || correlation != null;
    }

    public EntryQuery before(Long seq) {
        return new EntryQuery(seq, null, limit, actor, action, from, to, text, outcome, correlation);
    }

    public EntryQuery after(Long seq) {
        return new EntryQuery(null, seq, limit, actor, action, from, to, text, outcome, correlation);
    }

    public EntryQuery actor(String value) {
        return new EntryQuery(before, after, limit, value, action, from, to, text, outcome, correlation);
    }

    public EntryQuery action(String value) {
        return new EntryQuery(before, after, limit, actor, value, from, to, text, outcome, correlation);
    }

    public EntryQuery between(Instant fromInclusive, Instant toExclusive) {
        return new EntryQuery(before, after, limit, actor, action, fromInclusive, toExclusive, text, outcome, correlation);
    }

    public EntryQuery text(String value) {
        return new EntryQuery(before, after, limit, actor, action, from, to, value, outcome, correlation);
    }

    public EntryQuery outcome(String value) {
        return new EntryQuery(before, after, limit, actor, action, from, to, text, value, correlation);
    }

    public EntryQuery correlation(String value) {
        return new EntryQuery(before, after, limit, actor, action, from, to, text, outcome, value);
    }

    /** The filters the index answers (not the keyset bounds, not text); {@code entryOutcome} null: unknown. */
    public boolean matchesIndexed(Instant time, String entryActor, String entryAction, String entryOutcome,
                                  String entryCorrelation) {
        return (actor == null || actor.equals(entryActor))
                && (action == null || action.equals(entryAction))
                && (outcome == null || entryOutcome != null && (outcome.equals(Outcome.FAILURE)
                        ? Outcome.isFailure(entryOutcome) : outcome.equals(entryOutcome)))
                && (correlation == null || correlation.equals(entryCorrelation))
                && (from == null || (time != null && !time.isBefore(from)))
                && (to == null || (time != null && time.isBefore(to)));
    }

    public boolean matchesText(Entry e) {
        if (text == null) {
            return true;
        }
        String needle = text.toLowerCase(Locale.ROOT);
        return e.subject().toLowerCase(Locale.ROOT).contains(needle) || e.detail().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
