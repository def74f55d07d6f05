package dev.activitylog.log.control;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which sealed segments retention removes, and how (docs/file-format.md, "Retention"): a segment whose last entry is
 * older than {@code maxAge}, and the oldest ones while all segments together hold more than {@code maxBytes}. The
 * active segment is never removed.
 *
 * @param maxAge     null: no age limit
 * @param maxBytes   0: no size limit
 * @param action     what happens to a removed segment
 * @param archiveDir where ARCHIVE puts it, compressed
 */
public record RetentionPolicy(Duration maxAge, long maxBytes, Action action, Path archiveDir) {
    public enum Action {
        /** Moved to the archive directory, gzip-compressed: nothing is ever deleted unless the operator says so. */
        ARCHIVE,
        DELETE
    }

    public RetentionPolicy {
        if (maxAge == null && maxBytes == 0) {
            throw new IllegalArgumentException("a retention policy needs an age or a size");
        }
        if (maxBytes < 0 || maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("retention age and size must be positive");
        }
        if (action == Action.ARCHIVE && archiveDir == null) {
            throw new IllegalArgumentException("archiving needs an archive directory");
        }
    }
}
