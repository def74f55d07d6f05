package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Outcome;

import java.time.Instant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The engine's own check of the {@link NewEntry} constraints, for callers without Bean Validation (and so a bad
 * entry can never reach the file, whoever calls). It refuses exactly what Bean Validation refuses, with the same
 * messages (EntryRulesAgreementTest): the EJB lets this check decide and asks Bean Validation only to report a
 * refusal. The bounds and patterns are those of {@link Limits}.
 */
final class EntryRules {
    private static final Pattern OUTCOME = Pattern.compile(Limits.OUTCOME_PATTERN);
    private static final Pattern KEY = Pattern.compile(Limits.KEY_PATTERN);
    private static final Pattern CORRELATION = Pattern.compile(Limits.CORRELATION_PATTERN);

    private EntryRules() {
    }

    static List<String> problems(NewEntry e) {
        List<String> problems = new ArrayList<>();
        if (e == null) {
            problems.add("entry is required");
            return problems;
        }
        required("actor", e.actor(), Limits.ACTOR, problems);
        required("action", e.action(), Limits.ACTION, problems);
        optional("subject", e.subject(), Limits.SUBJECT, problems);
        optional("detail", e.detail(), Limits.DETAIL, problems);
        optional("outcome", e.outcome(), Limits.OUTCOME, problems);
        if (e.outcome() != null && !OUTCOME.matcher(e.outcome()).matches()) {
            problems.add("outcome must be SUCCESS, FAILURE or FAILURE:<type>");
        }
        optional("origin", e.origin(), Limits.ORIGIN, problems);
        optional("correlation", e.correlation(), Limits.CORRELATION, problems);
        if (e.correlation() != null && !CORRELATION.matcher(e.correlation()).matches()) {
            problems.add("correlation must be printable ASCII without spaces");
        }
        if (e.attributes() != null) {
            attributes(e.attributes(), problems);
        }
        return problems;
    }

    /** What is stored for a valid entry: absent text fields empty, an absent outcome {@code SUCCESS}. */
    static Entry stored(long seq, Instant time, NewEntry e) {
        return new Entry(seq, time, e.actor(), e.action(), orEmpty(e.subject()), orEmpty(e.detail()),
                e.outcome() == null ? Outcome.SUCCESS : e.outcome(), orEmpty(e.origin()), orEmpty(e.correlation()),
                e.attributes());  // the Entry keeps its own sorted copy
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void attributes(Map<String, String> attributes, List<String> problems) {
        if (attributes.size() > Limits.ATTRIBUTES) {
            problems.add("attributes: more than " + Limits.ATTRIBUTES);
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            String key = a.getKey();
            if (key == null) {
                problems.add("attributes: a key is null");
                continue;
            }
            if (key.isEmpty() || key.length() > Limits.ATTRIBUTE_KEY) {
                problems.add("attributes: a key is empty or longer than " + Limits.ATTRIBUTE_KEY + " characters");
            }
            if (!KEY.matcher(key).matches()) {
                problems.add("attributes: a key is not an identifier (a letter or _, then letters, digits, _ . -)");
            }
            if (a.getValue() == null) {
                problems.add("attributes: a value is null");
            } else if (a.getValue().length() > Limits.ATTRIBUTE_VALUE) {
                problems.add("attributes: a value is longer than " + Limits.ATTRIBUTE_VALUE + " characters");
            }
        }
    }

    private static void required(String name, String value, int max, List<String> problems) {
        if (value == null || !present(value)) {
            problems.add(name + " is required");
        }
        optional(name, value, max, problems);  // a blank text can be too long as well
    }

    /**
     * {@link Limits#PRESENT_PATTERN} without a regex (a matcher per field was a quarter of an append): some char is
     * neither a control up to U+0020 nor Java whitespace. A surrogate is neither, as its code point is in the pattern.
     */
    static boolean present(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x20 && !Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    private static void optional(String name, String value, int max, List<String> problems) {
        if (value != null && value.length() > max) {
            problems.add(name + " is longer than " + max + " characters");
        }
    }
}
