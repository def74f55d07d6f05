package dev.activitylog.log.entity;

import java.time.Instant;
import java.util.List;

/**
 * What startup recovery found and did.
 *
 * @param bytesCut   bytes cut from the tail (torn or garbage); they are kept in {@code cutFile}
 * @param corruptSeq entries inside the file that fail their checksum; kept in place, reported on read
 * @param actions    human-readable lines, one per thing found or done
 */
public record RecoveryReport(Instant at, long millis, long fileSizeBefore, long fileSizeAfter, long lastSeq,
                             long entriesScanned, long rowsIndexed, long rowsRemoved, boolean indexRebuilt,
                             long bytesCut, String cutFile, List<Long> corruptSeq, List<String> actions) {
    public RecoveryReport {
        corruptSeq = List.copyOf(corruptSeq);
        actions = List.copyOf(actions);
    }

    public boolean clean() {
        return bytesCut == 0 && corruptSeq.isEmpty() && rowsRemoved == 0 && rowsIndexed == 0 && !indexRebuilt;
    }

    public String summary() {
        return String.join("; ", actions);
    }
}
