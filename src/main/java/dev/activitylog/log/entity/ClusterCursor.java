package dev.activitylog.log.entity;

import java.util.regex.Pattern;

/**
 * A position in the merged view of a cluster ({@link ClusterPage}), written {@code <micros>:<node>:<seq>}: the entries
 * after it in the view are older, or as old from a node of a lower id, or from the same node with a lower number.
 */
public record ClusterCursor(long micros, String node, long seq) {
    private static final Pattern FORM = Pattern.compile("(-?\\d{1,19}):([A-Za-z0-9][A-Za-z0-9._-]{0,63}):(\\d{1,19})");

    /** The cursor a page's {@code nextBefore} gave, or an error that says what one looks like. */
    public static ClusterCursor parse(String s) {
        var m = s == null ? null : FORM.matcher(s);
        if (m != null && m.matches()) {
            try {
                return new ClusterCursor(Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3)));
            } catch (NumberFormatException tooLarge) {
                // said below
            }
        }
        throw new IllegalArgumentException("before: not a position in the merged view ('" + s
                + "'); pass a page's nextBefore as it is");
    }

    @Override
    public String toString() {
        return micros + ":" + node + ":" + seq;
    }
}
