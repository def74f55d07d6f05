package dev.activitylog.log.entity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller asks to record. The log assigns the sequence number and the time. The rules are those of
 * docs/file-format.md, "What callers may store".
 *
 * @param actor       who did it (user, service); required
 * @param action      what was done, e.g. {@code order.cancel}; required
 * @param subject     what it was done to (optional, empty when absent)
 * @param detail      free text (optional, empty when absent)
 * @param outcome     {@code SUCCESS}, {@code FAILURE} or {@code FAILURE:<type>} ({@link Outcome}); null is SUCCESS
 * @param origin      where it came from: the client's address, the node (optional)
 * @param correlation the trace or request id tying entries together (optional)
 * @param attributes  structured attributes, at most {@link Limits#ATTRIBUTES} (optional)
 */
public record NewEntry(
        @NotNull(message = "actor is required") @Pattern(regexp = Limits.PRESENT_PATTERN, message = "actor is required")
        @Size(max = Limits.ACTOR, message = "actor is longer than {max} characters") String actor,
        @NotNull(message = "action is required") @Pattern(regexp = Limits.PRESENT_PATTERN, message = "action is required")
        @Size(max = Limits.ACTION, message = "action is longer than {max} characters") String action,
        @Size(max = Limits.SUBJECT, message = "subject is longer than {max} characters") String subject,
        @Size(max = Limits.DETAIL, message = "detail is longer than {max} characters") String detail,
        @Size(max = Limits.OUTCOME, message = "outcome is longer than {max} characters")
        @Pattern(regexp = Limits.OUTCOME_PATTERN, message = "outcome must be SUCCESS, FAILURE or FAILURE:<type>") String outcome,
        @Size(max = Limits.ORIGIN, message = "origin is longer than {max} characters") String origin,
        @Size(max = Limits.CORRELATION, message = "correlation is longer than {max} characters")
        @Pattern(regexp = Limits.CORRELATION_PATTERN, message = "correlation must be printable ASCII without spaces") String correlation,
        @Size(max = Limits.ATTRIBUTES, message = "attributes: more than {max}")
        Map<@NotNull(message = "attributes: a key is null")
            @Size(min = 1, max = Limits.ATTRIBUTE_KEY, message = "attributes: a key is empty or longer than {max} characters")
            @Pattern(regexp = Limits.KEY_PATTERN, message = "attributes: a key is not an identifier (a letter or _, then letters, digits, _ . -)") String,
            @NotNull(message = "attributes: a value is null")
            @Size(max = Limits.ATTRIBUTE_VALUE, message = "attributes: a value is longer than {max} characters") String> attributes) {

    public NewEntry {
        // A copy, so the entry checked is the entry stored; nulls kept so the rules can name them.
        attributes = attributes == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** An entry of the four version 1 fields; the others empty (outcome SUCCESS). */
    public NewEntry(String actor, String action, String subject, String detail) {
        this(actor, action, subject, detail, null, null, null, null);
    }

    public static NewEntry of(String actor, String action, String subject, String detail) {
        return new NewEntry(actor, action, subject, detail);
    }

    public NewEntry withOutcome(String value) {
        return new NewEntry(actor, action, subject, detail, value, origin, correlation, attributes);
    }

    /** {@link Outcome#failure} of {@code t}. */
    public NewEntry failed(Throwable t) {
        return withOutcome(Outcome.failure(t));
    }

    public NewEntry withOrigin(String value) {
        return new NewEntry(actor, action, subject, detail, outcome, value, correlation, attributes);
    }

    public NewEntry withCorrelation(String value) {
        return new NewEntry(actor, action, subject, detail, outcome, origin, value, attributes);
    }

    /** The attributes replaced by a copy of {@code value} (null: none). */
    public NewEntry withAttributes(Map<String, String> value) {
        return new NewEntry(actor, action, subject, detail, outcome, origin, correlation, value);
    }

    /** One attribute added (or replaced). */
    public NewEntry withAttribute(String key, String value) {
        Map<String, String> all = attributes == null ? new TreeMap<>() : new TreeMap<>(attributes);
        all.put(key, value);
        return withAttributes(all);
    }
}
