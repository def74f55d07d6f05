package dev.activitylog.log.entity;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An entry as stored: {@code subject}, {@code detail}, {@code origin} and {@code correlation} are empty strings,
 * never null, when absent; {@code attributes} is sorted by key and never null. {@code outcome} is null for an entry
 * of a version 1 segment (its outcome is unknown), else {@code SUCCESS}, {@code FAILURE} or {@code FAILURE:<type>}.
 */
public record Entry(long seq, Instant time, String actor, String action, String subject, String detail,
                    String outcome, String origin, String correlation, Map<String, String> attributes) {

    /** Most entries have no attributes: they share one empty map instead of a copy each. */
    private static final Map<String, String> NONE = Collections.unmodifiableSortedMap(new TreeMap<>());

    public Entry {
        attributes = attributes == null || attributes.isEmpty() ? NONE
                : Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    /** An entry of the version 1 fields only (outcome unknown). */
    public Entry(long seq, Instant time, String actor, String action, String subject, String detail) {
        this(seq, time, actor, action, subject, detail, null, "", "", null);
    }

    /** Whether the outcome says the action failed (false when it is unknown). */
    public boolean failed() {
        return Outcome.isFailure(outcome);
    }
}
