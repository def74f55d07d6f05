package dev.activitylog.admin.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Limits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The console's filters as request parameters ({@code actor}, {@code action}, {@code from}, {@code to}, {@code q},
 * {@code outcome}, {@code correlation}),
 * shared by the list, the live tail and the export so they always select the same entries. A value that cannot be
 * used is dropped and reported in {@link #errors()}, never fatal.
 */
public final class EntryFilter {
    private final String actor;
    private final String action;
    private final String fromText;
    private final String toText;
    private final String text;
    private final String outcome;
    private final String correlation;
    private final Instant from;
    private final Instant to;
    private final List<String> errors = new ArrayList<>();

    private EntryFilter(String actor, String action, String from, String to, String text, String outcome,
                        String correlation) {
        this.actor = bounded("actor", trim(actor), Limits.ACTOR);
        this.action = bounded("action", trim(action), Limits.ACTION);
        this.text = bounded("text", trim(text), EntryQuery.MAX_TEXT);
        this.fromText = trim(from);
        this.toText = trim(to);
        this.from = TimeParam.parseOrIgnore("from", fromText, errors);
        this.to = TimeParam.parseOrIgnore("to", toText, errors);
        this.outcome = usable(trim(outcome), q -> q.outcome(trim(outcome)));
        this.correlation = usable(trim(correlation), q -> q.correlation(trim(correlation)));
    }

    /** {@code value} if the query takes it, else null and the query's reason in {@link #errors()}. */
    private String usable(String value, java.util.function.UnaryOperator<EntryQuery> filter) {
        try {
            filter.apply(EntryQuery.newest(1));
            return value;
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage() + ": ignored");
            return null;
        }
    }

    /** From request parameters by name ({@code q} is the text); a missing one is null. */
    public static EntryFilter from(Function<String, String> params) {
        return new EntryFilter(params.apply("actor"), params.apply("action"), params.apply("from"),
                params.apply("to"), params.apply("q"), params.apply("outcome"), params.apply("correlation"));
    }

    /** A newest-first query of this filter. */
    public EntryQuery query(int limit) {
        return EntryQuery.newest(limit).actor(actor).action(action).between(from, to).text(text).outcome(outcome)
                .correlation(correlation);
    }

    /** The filter as URL parameters (empty and unusable ones left out), in a stable order. */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "actor", actor);
        put(p, "action", action);
        put(p, "from", from == null ? null : fromText);
        put(p, "to", to == null ? null : toText);
        put(p, "q", text);
        put(p, "outcome", outcome);
        put(p, "correlation", correlation);
        return p;
    }

    /**
     * A note for each value that holds characters that do not show: a form's field holds the filter as typed (so that
     * it can be applied again), so the page says what it holds, with its escapes ({@link VisibleText}).
     */
    public List<String> hiddenCharacterNotes() {
        List<String> notes = new ArrayList<>();
        params().forEach((name, value) -> {
            if (!VisibleText.of(value).equals(value)) {
                notes.add("The filter " + name + " holds characters that do not show: " + VisibleText.of(value));
            }
        });
        return notes;
    }

    public boolean isEmpty() {
        return params().isEmpty();
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getFrom() {
        return fromText;
    }

    public String getTo() {
        return toText;
    }

    public String getText() {
        return text;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getCorrelation() {
        return correlation;
    }

    public Instant fromInstant() {
        return from;
    }

    public Instant toInstant() {
        return to;
    }

    public List<String> errors() {
        return errors;
    }

    private String bounded(String field, String value, int max) {
        try {
            EntryQuery.checkLength(field, value, max);
            return value;
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage() + ": ignored");
            return null;
        }
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
