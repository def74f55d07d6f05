package dev.activitylog.log.control;

/**
 * What the log measures, told to whoever exports it (docs/deployment.md, "Metrics"): the engine calls these on the
 * thread that did the work, so an implementation must be thread-safe and must not block. The engine knows no metrics
 * library; the boundary's adapters do. Gauges (the index lag) are not here: they are read from {@link
 * LogEngine#health()}.
 */
public interface LogMetrics {
    /** Measures nothing. */
    LogMetrics NONE = new LogMetrics() {
    };

    /** An append acknowledged, {@code nanos} after the engine took it (checks, lock, write, the durability's wait). */
    default void appended(long nanos) {
    }

    /** An fsync of the active segment for appends (group commit, FSYNC, INTERVAL, idle, close, a seal). */
    default void fsynced(long nanos) {
    }

    /** A recovery finished (at a start or a reopen), having cut {@code bytesCut} torn bytes off the tail (0: none). */
    default void recovered(long bytesCut) {
    }

    /** A whole-log verify finished with this many problems (at most {@code VerifyReport.MAX_PROBLEMS}). */
    default void verified(int problems) {
    }

    /** A call waited {@code nanos} for the container's lock (the boundary's, which the engine does not see). */
    default void lockWaited(long nanos) {
    }

}
