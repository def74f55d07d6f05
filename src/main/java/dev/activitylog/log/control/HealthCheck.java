package dev.activitylog.log.control;

import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.RetentionStatus;
import dev.activitylog.log.entity.StartProgress;
import dev.activitylog.log.entity.WriterActivity;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** The engine's state as operators see it: which {@link LogState}, and why when it is not AVAILABLE. */
final class HealthCheck {
    private HealthCheck() {
    }

    /** @param log the open file, or null; STARTING while the start runs, whatever else is known */
    static Health of(LogConfig config, boolean closed, Startup startup, LogWriter log,
                     LogUnavailableException unavailable,
                     PendingRows pending, EntryIndex index, RecoveryReport lastRecovery, Collection<Long> corrupt,
                     RetentionStatus retention, TimedLock writeLock) {
        LogState state;
        String cause = null;
        StartProgress progress = startup.progress();  // once: STARTING always comes with its progress
        if (closed) {
            state = LogState.CLOSED;
        } else if (progress != null) {
            state = LogState.STARTING;
            cause = startup.cause();
        } else if (log == null) {
            state = LogState.UNAVAILABLE;
            cause = unavailable == null ? "not opened yet" : unavailable.getMessage();
        } else if (log.failure() != null) {
            state = LogState.READ_ONLY;
            cause = log.failure();
        } else if ((cause = indexTrouble(pending, index)) != null) {
            state = LogState.DEGRADED;
        } else {
            state = LogState.AVAILABLE;
        }
        long entries = log == null ? 0 : log.lastSeq();
        long size = log == null ? 0 : log.size();
        return new Health(state, cause, (log == null ? config.file() : log.channels.activeSegment().path())
                .toAbsolutePath().toString(), size, log == null ? 0 : log.channels.count(),
                log == null ? 0 : log.channels.sealedBytes() + size, entries, Math.min(entries, pending.indexedUpTo()), config.durability(), lastRecovery,
                new ArrayList<>(new TreeSet<>(corrupt)), pending.problem(), state == LogState.STARTING ? progress : null,
                retention, writer(writeLock, log), config.node());
    }

    private static WriterActivity writer(TimedLock writeLock, LogWriter log) {
        long held = writeLock.heldNanos();
        long fsync = log == null ? 0 : log.commit.syncRunningNanos();
        return held == 0 && fsync == 0 ? WriterActivity.IDLE
                : new WriterActivity(TimeUnit.NANOSECONDS.toMillis(held), writeLock.holderName(),
                        TimeUnit.NANOSECONDS.toMillis(fsync));
    }

    /**
     * Why the index is not usable now, or null: the last failed flush, or else a query asked now (a database shut
     * down or broken under the engine fails every read without any write noticing).
     */
    private static String indexTrouble(PendingRows pending, EntryIndex index) {
        String problem = pending.problem();
        if (problem != null) {
            return problem;
        }
        try {
            index.meta(Recovery.META_CHAIN_SEED);
            return null;
        } catch (SQLException | RuntimeException e) {
            return "the index database cannot be queried (" + e.getMessage() + "); appends are stored in the file,"
                    + " reads and queries of indexed entries fail until it is back";
        }
    }
}
