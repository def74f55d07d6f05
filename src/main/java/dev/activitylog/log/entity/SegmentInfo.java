package dev.activitylog.log.entity;

/**
 * One segment file of the log: which entries it holds, its size on disk, and whether it is appended to, sealed, or
 * archived by retention (then {@code file} is the archive, and {@code bytes} its compressed size).
 *
 * @param lastSeq  the last entry it holds; below {@code firstSeq} for an active segment that holds none yet
 * @param verified the last check of it (by verify, or by retention reading its archive back), or null: never
 */
public record SegmentInfo(String file, long firstSeq, long lastSeq, long bytes, State state, Verified verified) {
    public enum State {
        ACTIVE, SEALED, ARCHIVED
    }

    /**
     * @param at       when it was checked
     * @param upToSeq  the last entry checked (an active segment grows after its check)
     * @param problems how many problems the check found in it
     */
    public record Verified(java.time.Instant at, long upToSeq, int problems) {
    }
}
