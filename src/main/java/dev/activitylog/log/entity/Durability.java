package dev.activitylog.log.entity;

/** When an append is acknowledged. See docs/reliability.md. */
public enum Durability {
    /** Acknowledged once the bytes are in the operating system's page cache: survives a crash of the JVM, not of the machine. */
    NONE,
    /** Acknowledged after {@code fsync} of the entry: survives power loss. */
    FSYNC
}
