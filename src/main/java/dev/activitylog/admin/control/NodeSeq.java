package dev.activitylog.admin.control;

/**
 * An entry of the merged view named by its node and number, as the merged pages list the entries they cannot read
 * ({@code node:seq}; a node id holds no ':').
 */
public record NodeSeq(String node, long seq) {

    /** From {@code node:seq}. */
    public static NodeSeq parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not node:seq: '" + s + "'");
        }
        return new NodeSeq(s.substring(0, colon), Long.parseLong(s.substring(colon + 1)));
    }
}
