package dev.activitylog.admin.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The entry list's request, read: its filter, the page size, and where the page is: older than {@code before}, just
 * newer than {@code after} ({@code after=0}: the oldest page), the page of the entry {@code seq}, or of the time
 * {@code at}. A value that cannot be used is left out (null) and explained in {@link #errors()}, never fatal, so the
 * page is still shown.
 *
 * @param positioned whether {@code before}, {@code after}, {@code seq} or {@code at} was given at all, usable or not
 *                   (the live tail runs only on the newest page, which has none of them)
 * @param errors     why values were ignored, in the order of the parameters: filter, limit, before, after, seq, at
 */
public record ListParams(EntryFilter filter, int limit, Long before, Long after, Long seq, Instant at,
                         boolean positioned, List<String> errors) {
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 200;
    private static final List<String> POSITION = List.of("before", "after", "seq", "at");

    public ListParams {
        errors = List.copyOf(errors);
    }

    /** From the request's parameters by name: those of {@link EntryFilter}, {@code limit} and the four above. */
    public static ListParams parse(Function<String, String> params) {
        EntryFilter filter = EntryFilter.from(params);
        List<String> errors = new ArrayList<>(filter.errors());
        int limit = limit(errors, params.apply("limit"));
        Long before = number(errors, "before", params.apply("before"), 1);
        Long after = number(errors, "after", params.apply("after"), 0);
        Long seq = number(errors, "sequence number", params.apply("seq"), 1);
        Instant at = TimeParam.parseOrIgnore("time", params.apply("at"), errors);
        boolean positioned = POSITION.stream().map(params).anyMatch(v -> !blank(v));
        return new ListParams(filter, limit, before, after, seq, at, positioned, errors);
    }

    /** What every link of the list carries on: the filter, and the page size unless it is the default. */
    public Map<String, String> kept() {
        return withLimit(new LinkedHashMap<>(filter.params()), limit);
    }

    /** The page size {@code limit} asks for, at most {@value #MAX_LIMIT}; the default when absent or unusable. */
    static int limit(List<String> errors, String value) {
        Long limit = number(errors, "limit", value, 1);
        return limit == null ? DEFAULT_LIMIT : (int) Math.min(MAX_LIMIT, limit);
    }

    /** {@code p} with the page size added unless it is the default (a link need not carry it). */
    static Map<String, String> withLimit(Map<String, String> p, int limit) {
        if (limit != DEFAULT_LIMIT) {
            p.put("limit", String.valueOf(limit));
        }
        return p;
    }

    private static Long number(List<String> errors, String name, String value, long min) {
        if (blank(value)) {
            return null;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min) {
                return n;
            }
            errors.add(name + " must be at least " + min + ", was '" + value + "': ignored");
        } catch (NumberFormatException e) {
            errors.add(name + " must be a whole number, was '" + value + "': ignored");
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
