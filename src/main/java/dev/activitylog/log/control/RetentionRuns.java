package dev.activitylog.log.control;

import dev.activitylog.log.entity.RetentionStatus;
import dev.activitylog.log.entity.SegmentInfo;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link Retention} for the engine and keeps what operators ask about it: the policy in words, the last run and
 * what it did, the next, and which segment goes next. A segment archived is recorded as checked: retention read the
 * archive back and compared it with the segment before removing it.
 */
final class RetentionRuns {
    private final LogConfig config;
    private final SegmentChecks checks;
    private volatile Instant lastRun;
    private volatile String lastResult;
    /** The last run that removed something: its time and result, one object so health never mixes two runs. */
    private volatile Removal lastRemoval;
    /** The oldest sealed segment's seal time, read once per oldest segment (health asks often). */
    private volatile Seal seal;

    private record Seal(long firstSeq, Instant at) {
    }

    private record Removal(Instant at, String result) {
    }

    RetentionRuns(LogConfig config, SegmentChecks checks) {
        this.config = config;
        this.checks = checks;
    }

    List<String> run(LogEngine engine, LogWriter log, PendingRows rows, EntryIndex index)
            throws IOException, SQLException {
        List<Segments.Segment> before = log.channels.segments();
        lastRun = config.clock().instant();
        try {
            List<String> removed = Retention.run(engine, log, rows, index, config);
            lastResult = removed.isEmpty() ? "nothing to remove" : "removed " + removed.size() + ": "
                    + String.join("; ", removed);
            if (!removed.isEmpty()) {
                lastRemoval = new Removal(lastRun, lastResult);
            }
            if (!removed.isEmpty() && config.retention().action() == RetentionPolicy.Action.ARCHIVE) {
                // This run's archives (its own records may have filled and sealed more segments than it began with).
                for (SegmentInfo a : SegmentList.of(log, config, checks)) {
                    if (a.state() == SegmentInfo.State.ARCHIVED && a.firstSeq() >= before.get(0).firstSeq()) {
                        checks.record(a.firstSeq(), lastRun, a.lastSeq(), 0);
                    }
                }
            }
            return removed;
        } catch (IOException | SQLException | RuntimeException e) {
            lastResult = "failed: " + e.getMessage() + " (tried again at the next run)";
            throw e;
        }
    }

    RetentionStatus status(LogWriter log) {
        RetentionPolicy p = config.retention();
        if (p == null) {
            return null;
        }
        Instant last = lastRun;
        Removal removal = lastRemoval;
        return new RetentionStatus(describe(p), last, lastResult,
                last == null ? null : last.plusSeconds(LogConfig.MAINTENANCE_SECONDS), log == null ? null : next(p, log),
                removal == null ? null : removal.at(), removal == null ? null : removal.result());
    }

    static String describe(RetentionPolicy p) {
        String what = p.maxAge() != null && p.maxBytes() > 0 ? "segments sealed more than " + p.maxAge()
                + " ago, and the oldest while the log holds more than " + bytes(p.maxBytes())
                : p.maxAge() != null ? "segments sealed more than " + p.maxAge() + " ago"
                : "the oldest segments while the log holds more than " + bytes(p.maxBytes());
        return p.action().name().toLowerCase(Locale.ROOT) + " " + what
                + (p.action() == RetentionPolicy.Action.ARCHIVE ? ", to " + p.archiveDir() : "");
    }

    private String next(RetentionPolicy p, LogWriter log) {
        List<Segments.Segment> all = log.channels.segments();
        if (all.size() < 2) {
            return "none: nothing is sealed yet, and the active segment is never removed";
        }
        Segments.Segment oldest = all.get(0);
        StringBuilder why = new StringBuilder(oldest.path().getFileName().toString());
        if (p.maxAge() != null) {
            why.append(", sealed ").append(sealTime(oldest)).append(": due ").append(sealTime(oldest).plus(p.maxAge()));
        }
        if (p.maxBytes() > 0) {
            long held = log.channels.sealedBytes() + log.size();
            why.append(held > p.maxBytes() ? ", due now: " : ", once the log holds more than the ")
                    .append(held > p.maxBytes() ? "the log holds " + bytes(held) + " of " + bytes(p.maxBytes())
                            : bytes(p.maxBytes()) + " allowed (it holds " + bytes(held) + ")");
        }
        return why.toString();
    }

    private Instant sealTime(Segments.Segment oldest) {
        Seal s = seal;
        if (s == null || s.firstSeq() != oldest.firstSeq()) {
            Instant at;
            try {
                at = Retention.seal(oldest).time();
            } catch (IOException e) {
                at = Instant.EPOCH;  // retention's own run reports the segment's trouble
            }
            seal = s = new Seal(oldest.firstSeq(), at);
        }
        return s.at();
    }

    private static String bytes(long n) {
        return n >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30))
                : n >= 1L << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20))
                : String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
}
