package dev.activitylog.log.entity;

public enum LogState {
    /**
     * Opening and recovering in the background (a long index rebuild): health says how far it is ({@link
     * Health#progress()}); other calls wait a bounded time for it, then fail with {@link LogUnavailableException}.
     */
    STARTING,
    /** Appends and reads work. */
    AVAILABLE,
    /**
     * The file works (appends are stored, recent entries are read from memory) but the index database is failing:
     * reads and queries of indexed entries fail until it is back. The cause says why.
     */
    DEGRADED,
    /** Reads work; appends are refused until the log is reopened and recovered (e.g. after a failed fsync). */
    READ_ONLY,
    /** The log file could not be opened; every call fails with {@link LogUnavailableException} saying why. */
    UNAVAILABLE,
    /** Shut down. */
    CLOSED
}
