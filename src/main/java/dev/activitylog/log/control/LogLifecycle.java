package dev.activitylog.log.control;

import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.RecoveryReport;

import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's state machine: starting (the first open, perhaps on a thread of its own), unavailable, open,
 * read-only after a failed write, closed; which file is open and why none is; opening, reopening and closing it
 * under the write lock that also serialises appends. {@link LogEngine} is the API over it.
 */
final class LogLifecycle {
    private static final Logger LOG = Logger.getLogger(LogLifecycle.class.getName());

    /** Serialises appends, opening, reopening and closing. */
    final TimedLock writeLock = new TimedLock();
    final Startup startup;
    private final LogConfig config;
    private final LogOpener opener;
    private final EntryIndex index;
    private final PendingRows pending;
    private final Set<Long> corrupt;
    /** The open file; null while starting, unavailable or closed. Set only under the write lock. */
    private volatile LogWriter log;
    private volatile LogUnavailableException unavailable;
    private volatile RecoveryReport lastRecovery;
    private volatile boolean closed;

    LogLifecycle(LogConfig config, LogOpener opener, EntryIndex index, PendingRows pending, Set<Long> corrupt,
                 Startup startup) {
        this.config = config;
        this.opener = opener;
        this.index = index;
        this.pending = pending;
        this.corrupt = corrupt;
        this.startup = startup;
    }

    /** The open file, or null. */
    LogWriter current() {
        return log;
    }

    boolean closed() {
        return closed;
    }

    Health health(RetentionRuns retention) {
        LogWriter l = log;
        return HealthCheck.of(config, closed, startup, l, unavailable, pending, index, lastRecovery, corrupt,
                retention.status(l), writeLock);
    }

    /** The first open, by {@link LogEngine#start} or on the opening thread; ends the start whatever happens. */
    void finishOpen() {
        writeLock.lock();
        try {
            if (!closed) {
                reopen();
            }
        } catch (LogUnavailableException e) {
            if (startup.stopRequested()) {
                LOG.info("activity log start stopped by close; the next start goes on from the index it left");
            } else {
                // The message names the path and the cause; the stack only helps whoever debugs the engine.
                LOG.severe(e.getMessage() + "; retried on the next append and by maintenance");
                LOG.log(Level.FINE, "open failure", e);
            }
        } finally {
            startup.finish();
            writeLock.unlock();
        }
    }

    /** The file to append to, opened (and recovered) if it is not. Caller holds the write lock. */
    LogWriter openForWrite() {
        if (closed) {
            throw Failures.closed(config.file());
        }
        LogWriter l = log;
        return l != null ? l : reopen();
    }

    /** The file to read, once the start has finished; else why there is none. */
    LogWriter readable() {
        startup.awaitForCall(config);
        LogWriter l = log;
        if (l != null) {
            return l;
        }
        if (closed) {
            throw Failures.closed(config.file());
        }
        LogUnavailableException down = unavailable;
        throw down != null ? new LogUnavailableException(down.path(), down.reason(), "since startup or the last retry", down)
                : new LogUnavailableException(config.file().toString(), Reason.IO_ERROR, "not opened yet", null);
    }

    /**
     * Maintenance's part: closes a READ_ONLY file and opens an unavailable one; the open file, or null if it still
     * cannot be opened. Caller holds the write lock.
     */
    LogWriter reopenIfNeeded() {
        if (log != null && log.failure() != null) {
            LOG.warning("reopening the activity log after a failed write: " + log.failure());
            closeLog();
        }
        if (log == null) {
            try {
                reopen();
            } catch (LogUnavailableException e) {
                return null;
            }
        }
        return log;
    }

    /**
     * Closes the log at once, writing nothing more, when another server took this node's id on a shared index while
     * the database was away (its restart ended this node's lease); the next open is then refused IN_USE and says so.
     * Caller holds the write lock.
     */
    void closeIfLeaseLost() {
        LogWriter l = log;
        if (l != null && !l.lock.leaseHeld()) {
            LOG.severe("activity log: another server took node id '" + config.node() + "' on the shared index while"
                    + " it was away; this log stops writing until it can have the id again");
            log = null;
            LogOpener.closeQuietly(l.channels, l.lock);
        }
    }

    /** Writes a checkpoint line. Caller holds the write lock. */
    void checkpoint(LogWriter l) {
        pending.checkpointWritten(l.checkpoint());
    }

    /** Stops a running start (or a reopen's recovery) at its next segment or batch, then closes. */
    void close() {
        startup.requestStop();
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pending.stop();
            // Only an engine holding the log's lock owns the index: one refused with IN_USE (a redeployment that
            // started before the old one closed) must not shut down the database the running engine uses.
            boolean owner = log != null;
            boolean durable = closeLog();
            if (owner && config.embeddedIndex() != null) {
                EmbeddedIndex.close(index, config.embeddedIndex(), durable);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** For tests: drops the file handles the way a crash would, with no index flush and no index shutdown. */
    void abandon() {
        writeLock.lock();
        try {
            closed = true;
            pending.stop();
            LogWriter l = log;
            log = null;
            if (l != null) {
                LogOpener.closeQuietly(l.channels, l.lock);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Opens the file, takes the lock, migrates the index and recovers. Caller holds the write lock. */
    private LogWriter reopen() {
        try {
            LogOpener.Opened o = opener.open(startup);
            lastRecovery = o.recovery();
            config.metrics().recovered(lastRecovery.bytesCut());
            corrupt.addAll(o.recovery().corruptSeq());
            pending.reset(o.writer().lastSeq());
            log = o.writer();
            unavailable = null;
            return o.writer();
        } catch (LogUnavailableException e) {
            unavailable = e;
            throw e;
        } catch (Startup.Stopped e) {
            throw Failures.closed(config.file());  // a close asked: the log is closing, not broken
        }
    }

    /** Returns whether the file is durable (a closed engine's index may then be marked clean). */
    private boolean closeLog() {
        LogWriter l = log;
        if (l == null) {
            return false;
        }
        try {
            checkpoint(l);
            boolean durable = l.syncForClose();
            if (durable) {
                l.saveOffsets();
            }
            pending.flushFully();
            return durable;
        } finally {
            // Whatever failed (Payara stops the class loader before the close: a class not loaded yet fails), the
            // file's lock is let go, or the next deployment in this JVM finds the log held by one that is gone.
            log = null;  // rows still in memory are dropped by the next open's reset: recovery re-derives them
            LogOpener.closeQuietly(l.channels, l.lock);
        }
    }
}
