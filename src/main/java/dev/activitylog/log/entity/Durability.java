package dev.activitylog.log.entity;

/** When an append is acknowledged. See docs/reliability.md for what each survives and docs/benchmarks.md for the cost. */
public enum Durability {
    /** Once the bytes are in the operating system's page cache: survives a crash of the JVM, not of the machine. */
    NONE,
    /**
     * Like NONE, and the file is fsynced at least once a second while appends come (and by the maintenance timer when
     * idle): a machine crash loses at most about the last second.
     */
    INTERVAL,
    /**
     * After an fsync that covers the entry, shared with concurrent appenders (group commit): survives power loss, and
     * many callers cost few fsyncs.
     */
    GROUP,
    /** After an fsync of this entry alone, taken under the append lock: survives power loss; one fsync per entry. */
    FSYNC
}
