package dev.activitylog.log.entity;

public enum LogState {
    /** Appends and reads work. */
    AVAILABLE,
    /** Reads work; appends are refused until the log is reopened and recovered (e.g. after a failed fsync). */
    READ_ONLY,
    /** The log file could not be opened; every call fails with {@link LogUnavailableException} saying why. */
    UNAVAILABLE,
    /** Shut down. */
    CLOSED
}
