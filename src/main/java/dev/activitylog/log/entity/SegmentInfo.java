package dev.activitylog.log.entity;

/**
 * One segment file of the log: which entries it holds, its size on disk, and whether it is appended to, sealed, or
 * archived by retention (then {@code file} is the archive, and {@code bytes} its compressed size).
 *
 * @param lastSeq the last entry it holds; below {@code firstSeq} for an active segment that holds none yet
 */
public record SegmentInfo(String file, long firstSeq, long lastSeq, long bytes, State state) {
    public enum State {
        ACTIVE, SEALED, ARCHIVED
    }
}
