package dev.activitylog.log.control;

import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.StartProgress;
import dev.activitylog.log.entity.WriterActivity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the three MicroProfile Health checks (startup, liveness, readiness) over what {@link LogEngine#health()}
 * says; docs/deployment.md, "MicroProfile Health", states them. Plain Java: the checks in log.boundary only turn a
 * {@link Probe} into the server's response.
 * <p>
 * Damage in the log (corrupt entries, problems a verify found) is data, never DOWN: a restart cannot repair a file,
 * and a platform that restarts on it would loop. The data never holds the log's path, size or entry count (the
 * endpoints are open: Payara serves them on the HTTP port), only states, causes, problem counts and the index lag.
 */
public final class HealthProbes {
    /** A write lock held this long by one holder on an open log, or an fsync running this long, is a stuck writer. */
    public static final Duration STUCK_AFTER = Duration.ofSeconds(60);
    /**
     * Ready while the index is fewer entries behind the file than this: the backlog at which appenders start writing
     * the index themselves, because the index writer thread no longer keeps up.
     */
    public static final long INDEX_LAG_BOUND = PendingRows.MAX_BACKLOG;
    /** The states in which a file is open: a write lock held long there is an append or maintenance that is stuck. */
    private static final Set<LogState> OPEN = EnumSet.of(LogState.AVAILABLE, LogState.DEGRADED, LogState.READ_ONLY);

    private HealthProbes() {
    }

    /**
     * One check's answer.
     *
     * @param data String, Long or Boolean values, in the order they are reported
     */
    public record Probe(String name, boolean up, Map<String, Object> data) {
        public Probe {
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /** UP once the start (the first open and its recovery) has finished, whatever its outcome. */
    public static Probe startup(Health h) {
        Map<String, Object> data = state(h);
        StartProgress p = h.progress();
        if (p != null) {
            data.put("step", p.step());
            if (p.bytesTotal() > 0) {
                data.put("percent", Math.min(100, p.bytesDone() * 100 / p.bytesTotal()));
            }
        }
        return new Probe("activity-log-startup", h.state() != LogState.STARTING, data);
    }

    /**
     * DOWN only when the writer is stuck: an fsync has run for {@link #STUCK_AFTER} or longer, or, while a file is
     * open, one holder has held the write lock that long (a start's or a reopen's recovery has no file open yet, and
     * holds it for as long as the rebuild takes). Everything else a restart would not fix is UP.
     */
    public static Probe liveness(Health h) {
        Map<String, Object> data = state(h);
        WriterActivity w = writer(h);
        List<String> stuck = new ArrayList<>();
        if (w.fsyncMillis() >= STUCK_AFTER.toMillis()) {
            stuck.add("an fsync has been running for " + w.fsyncMillis() / 1000 + " s");
        }
        if (OPEN.contains(h.state()) && w.lockHeldMillis() >= STUCK_AFTER.toMillis()) {
            stuck.add("the write lock has been held by " + w.lockHolder() + " for " + w.lockHeldMillis() / 1000 + " s");
        }
        writerData(data, w);
        data.put("corruptEntries", (long) h.corruptSeq().size());
        reason(data, stuck);
        return new Probe("activity-log-liveness", stuck.isEmpty(), data);
    }

    /**
     * UP when the log takes appends and reads now: AVAILABLE (not starting, unavailable, read-only after a failed
     * write, or DEGRADED by a failing index), no write has held the lock for {@code lockWait} (an append would wait
     * past the access timeout), and the index lag is under {@link #INDEX_LAG_BOUND}.
     *
     * @param segments the segments with their last checks, or null if they cannot be listed now
     */
    public static Probe readiness(Health h, Duration lockWait, List<SegmentInfo> segments) {
        Map<String, Object> data = state(h);
        WriterActivity w = writer(h);
        List<String> notReady = new ArrayList<>();
        if (h.state() != LogState.AVAILABLE) {
            notReady.add("the log is " + h.state());
        }
        if (w.lockHeldMillis() >= lockWait.toMillis()) {
            notReady.add("a write has held the lock for " + w.lockHeldMillis() / 1000 + " s, appends would time out");
        }
        if (h.indexLag() >= INDEX_LAG_BOUND) {
            notReady.add("the index is " + h.indexLag() + " entries behind the file");
        }
        data.put("indexLag", h.indexLag());
        data.put("indexLagBound", INDEX_LAG_BOUND);
        writerData(data, w);
        data.put("corruptEntries", (long) h.corruptSeq().size());
        if (segments != null) {
            data.put("verifyProblems", segments.stream().filter(s -> s.verified() != null)
                    .mapToLong(s -> s.verified().problems()).sum());
        }
        reason(data, notReady);
        return new Probe("activity-log-readiness", notReady.isEmpty(), data);
    }

    private static Map<String, Object> state(Health h) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", h.state().name());
        if (h.cause() != null) {
            data.put("cause", h.cause());
        }
        return data;
    }

    private static WriterActivity writer(Health h) {
        return h.writer() == null ? WriterActivity.IDLE : h.writer();
    }

    private static void writerData(Map<String, Object> data, WriterActivity w) {
        data.put("writeLockHeldMillis", w.lockHeldMillis());
        data.put("fsyncMillis", w.fsyncMillis());
    }

    private static void reason(Map<String, Object> data, List<String> problems) {
        if (!problems.isEmpty()) {
            data.put("down", String.join("; ", problems));
        }
    }
}
