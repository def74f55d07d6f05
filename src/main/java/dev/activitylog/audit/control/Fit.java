package dev.activitylog.audit.control;

/**
 * Text an interceptor takes from the application (a subject's {@code toString}, an exception's message, a principal's
 * name) made to fit a field's limit instead of making the entry invalid: cut to {@code max} UTF-16 chars, the last
 * one an ellipsis, never between the two halves of a surrogate pair.
 */
final class Fit {
    private Fit() {
    }

    static String text(String s, int max) {
        if (s == null) {
            return "";
        }
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
