package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;

/**
 * An entry written to the file (readers see it) but perhaps not yet durable: {@link #awaitDurable} acknowledges it.
 * The split lets a caller that holds a lock around the write (the EJB container) wait outside it, so that
 * concurrent appenders share one fsync (group commit).
 */
public final class Appended {
    private final LogWriter.Written written;
    private final LogWriter writer;
    /** When the engine took the append, and who is told how long it took to acknowledge it. */
    private final long takenNanos;
    private final LogMetrics metrics;

    Appended(LogWriter.Written written, LogWriter writer, long takenNanos, LogMetrics metrics) {
        this.written = written;
        this.writer = writer;
        this.takenNanos = takenNanos;
        this.metrics = metrics;
    }

    public Entry entry() {
        return written.entry();
    }

    /**
     * Waits, holding no lock, until the entry is acknowledged: GROUP joins a group commit, INTERVAL runs an fsync if
     * one is due, NONE and FSYNC return at once. A failed fsync stops all writes until the log is reopened.
     */
    public void awaitDurable() {
        writer.awaitDurable(written.entry().seq(), written.end());
        metrics.appended(System.nanoTime() - takenNanos);
    }

    /** Waits until the entry is on disk whatever the durability (a fsync under NONE and INTERVAL too). */
    void awaitOnDisk() {
        writer.awaitOnDisk(written.entry().seq(), written.end());
    }
}
