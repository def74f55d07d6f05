package dev.activitylog.log.entity;

/**
 * Where {@code ActivityLog.export} puts the log, oldest entry first. Its methods may throw unchecked exceptions
 * (a client that went away, as an {@code UncheckedIOException}): the export stops and the exception reaches the
 * caller as thrown.
 */
public interface ExportSink {
    /** The next entry that matches the query, read and checked (CRC) as every read is. */
    void entry(Entry entry);

    /** The number of an entry that is in the log but cannot be read: its bytes are damaged (verify says more). */
    void unreadable(long seq);
}
