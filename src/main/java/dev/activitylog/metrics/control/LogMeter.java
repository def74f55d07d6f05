package dev.activitylog.metrics.control;

import java.time.Duration;
import java.util.List;

/** The log's meters as docs/deployment.md ("Metrics") documents them: the one list every adapter registers. */
public enum LogMeter {
    APPEND(Kind.TIMER, "activitylog.append",
            "Appends acknowledged, from the engine taking each to its acknowledgement under the configured durability"),
    FSYNC(Kind.TIMER, "activitylog.fsync", "Fsyncs of the active segment for appends"),
    LOCK_WAIT(Kind.TIMER, "activitylog.lock.wait", "Waits of calls for the container's lock, timed-out ones included"),
    INDEX_LAG(Kind.GAUGE, "activitylog.index.lag", "Entries in the file whose index row is not committed yet"),
    RECOVERY_CUTS(Kind.COUNTER, "activitylog.recovery.cuts", "Torn tails cut by recovery"),
    RECOVERY_CUT_BYTES(Kind.COUNTER, "activitylog.recovery.cut.bytes", "Bytes cut from the log by recovery"),
    VERIFY_RUNS(Kind.COUNTER, "activitylog.verify.runs", "Whole-log verifies finished"),
    VERIFY_PROBLEMS(Kind.GAUGE, "activitylog.verify.problems", "Problems the last verify found (0 before the first)");

    public enum Kind { TIMER, COUNTER, GAUGE }

    /** The timers' histogram buckets' upper bounds (inclusive, as Prometheus' {@code le}). */
    public static final List<Duration> BUCKETS = List.of(Duration.ofNanos(100_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5));

    /**
     * The {@code le} labels of a timer's buckets, in seconds, the last {@code +Inf}: for a library whose timers have
     * no buckets of their own (WildFly's Micrometer), which then counts each bucket as a counter of its own.
     */
    public static final List<String> BUCKET_LABELS = java.util.stream.Stream.concat(BUCKETS.stream()
            .map(d -> java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString()),
            java.util.stream.Stream.of("+Inf")).toList();

    /** The first of {@link #BUCKET_LABELS} that a duration of {@code nanos} falls in: it and every later one count it. */
    public static int firstBucket(long nanos) {
        int i = 0;
        while (i < BUCKETS.size() && BUCKETS.get(i).toNanos() < nanos) {
            i++;
        }
        return i;
    }

    public final Kind kind;
    /** The meter's name; exporters derive theirs from it (Prometheus: dots to underscores, plus the unit or _total). */
    public final String id;
    public final String description;

    LogMeter(Kind kind, String id, String description) {
        this.kind = kind;
        this.id = id;
        this.description = description;
    }
}
