package dev.activitylog.log.entity;

import java.time.Instant;

/**
 * A newest-first keyset page request: entries with a sequence number below {@code before} (all when null), at most
 * {@code limit}, matching every filter that is not null. {@code from} is inclusive, {@code to} exclusive.
 */
public record EntryQuery(Long before, int limit, String actor, String action, Instant from, Instant to) {
    public static final int MAX_LIMIT = 1_000;

    public EntryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (before != null && before < 1) {
            throw new IllegalArgumentException("before must be a sequence number (>= 1), was " + before);
        }
        actor = blankToNull(actor);
        action = blankToNull(action);
    }

    public static EntryQuery newest(int limit) {
        return new EntryQuery(null, limit, null, null, null, null);
    }

    public EntryQuery before(Long seq) {
        return new EntryQuery(seq, limit, actor, action, from, to);
    }

    public EntryQuery actor(String value) {
        return new EntryQuery(before, limit, value, action, from, to);
    }

    public EntryQuery action(String value) {
        return new EntryQuery(before, limit, actor, value, from, to);
    }

    public EntryQuery between(Instant fromInclusive, Instant toExclusive) {
        return new EntryQuery(before, limit, actor, action, fromInclusive, toExclusive);
    }

    public boolean matches(long seq, Instant time, String entryActor, String entryAction) {
        return (before == null || seq < before)
                && (actor == null || actor.equals(entryActor))
                && (action == null || action.equals(entryAction))
                && (from == null || (time != null && !time.isBefore(from)))
                && (to == null || (time != null && time.isBefore(to)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
