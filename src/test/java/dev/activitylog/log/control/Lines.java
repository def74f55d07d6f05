package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Outcome;

import java.time.Instant;

/** Entry lines for fixtures: a version 1 line (older logs) or a version 2 line with only the version 1 fields set. */
final class Lines {
    private Lines() {
    }

    static LineCodec.Encoded v1(long seq, Instant t, String actor, String action, String subject, String detail,
                                byte[] previous) {
        return LineCodec.encodeEntry(1, new Entry(seq, t, actor, action, subject, detail), previous);
    }

    static LineCodec.Encoded v2(long seq, Instant t, String actor, String action, String subject, String detail,
                                byte[] previous) {
        return LineCodec.encodeEntry(2, new Entry(seq, t, actor, action, subject, detail, Outcome.SUCCESS, "", "",
                null), previous);
    }
}
