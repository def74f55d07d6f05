package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;

import javax.sql.DataSource;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The activity log engine: a flat file of checksummed lines (the truth) and a JDBC index derived from it. Plain Java,
 * thread-safe on its own: appends are serialised by one lock; reads take no lock and go through one shared channel.
 * <p>
 * This class keeps the state machine (closed, unavailable, open, read-only after a failed write) and the API; the
 * file is written by a {@link LogWriter}, index rows wait in {@link PendingRows}, pages come from
 * {@link KeysetPager}, and opening runs {@link Recovery}. docs/architecture.md shows how they work together.
 */
public final class LogEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogEngine.class.getName());

    static {
        Preload.failurePaths();
    }

    private final LogConfig config;
    private final EntryIndex index;
    private final LogOpener opener;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final PendingRows pending;
    private final Set<Long> corrupt = ConcurrentHashMap.newKeySet();
    private final EntryReads reads;
    private final SegmentChecks checks;
    private final RetentionRuns retention;
    /** The open file; null while unavailable or closed. Set only under the write lock. */
    private volatile LogWriter log;
    private volatile LogUnavailableException unavailable;
    private volatile RecoveryReport lastRecovery;
    private volatile boolean closed;

    private LogEngine(LogConfig config, DataSource dataSource, SharedChannel.Opener files) {
        this.config = config;
        this.index = new EntryIndex(dataSource);
        this.opener = new LogOpener(config, files, index);
        this.pending = new PendingRows(index, config);
        this.reads = new EntryReads(config, pending, corrupt);
        this.checks = new SegmentChecks(index);
        this.retention = new RetentionRuns(config, checks);
    }

    /**
     * Opens the log and recovers it. Never fails because the file cannot be opened: the engine then starts
     * UNAVAILABLE, says why in {@link #health()}, and tries again on the next append or {@link #maintain()}.
     */
    public static LogEngine start(LogConfig config, DataSource dataSource) {
        return start(config, dataSource, FileChannel::open);
    }

    static LogEngine start(LogConfig config, DataSource dataSource, SharedChannel.Opener opener) {
        LogEngine engine = new LogEngine(config, dataSource, opener);
        engine.writeLock.lock();
        try {
            engine.reopen();
        } catch (LogUnavailableException e) {
            // The message names the path and the cause; the stack only helps whoever debugs the engine.
            LOG.severe(e.getMessage() + "; retried on the next append and by maintenance");
            LOG.log(Level.FINE, "open failure", e);
        } finally {
            engine.writeLock.unlock();
        }
        return engine;
    }

    /** Appends and returns once the entry is acknowledged under the configured durability. */
    public Entry append(NewEntry e) {
        Appended a = appendNoWait(e);
        a.awaitDurable();
        return a.entry();
    }

    /** Writes the entry; with {@code FSYNC} durability also fsyncs it. Serialised with every other append. */
    public Appended appendNoWait(NewEntry e) {
        List<String> problems = EntryRules.problems(e);
        if (!problems.isEmpty()) {
            throw new InvalidEntryException(problems);
        }
        String subject = e.subject() == null ? "" : e.subject();
        String detail = e.detail() == null ? "" : e.detail();
        writeLock.lock();
        try {
            LogWriter l = openForWrite();
            LogWriter.Written w = l.append(e, subject, detail);
            pending.checkpointWritten(w.seal());  // the previous segment's seal, if this append rolled
            try {
                pending.add(w.row());
            } finally {
                l.publish(w);  // the bytes are in the file whatever happened to the row
            }
            if (l.checkpointDue()) {
                checkpoint(l);
            }
            return new Appended(w, l);
        } finally {
            writeLock.unlock();
        }
    }

    /** The entry with this sequence number, empty if there is none (yet). */
    public Optional<Entry> read(long seq) {
        return reads.read(readable(), seq);
    }

    /** A keyset page (see {@link EntryQuery} and {@link KeysetPager}). */
    public Page query(EntryQuery q) {
        return reads.query(readable(), q);
    }

    /**
     * Removes the sealed segments that the configured retention expires (none without a policy), and returns what
     * it did. Meant to run outside the container's lock: appends and reads go on meanwhile.
     */
    public List<String> applyRetention() {
        LogWriter l = log;
        if (config.retention() == null || l == null || closed) {
            return List.of();
        }
        return Failures.typed(config.file(), () -> retention.run(this, l, pending, index));
    }

    /**
     * Checks the whole file (header, every checksum, sequence, hash chain) and every index row against it. Reads
     * only; entries found damaged are added to health's corrupt list.
     */
    public VerifyReport verify() {
        LogWriter l = readable();
        return Failures.typed(config.file(), () -> Verification.live(l.channels, l.size(), pending::range,
                l.lastSeq(), corrupt::add, config.checkpointKey(), pending.recordedCheckpoint(), config.clock(), checks));
    }

    /** Entries over time for the query's indexed filters ({@link Histogram}): from the index, not the file. */
    public Histogram histogram(EntryQuery q, int buckets) {
        readable();
        return Failures.typed(config.file(), () -> Histograms.of(q, buckets, pending, index));
    }

    /** The segments, archived ones included, oldest first. */
    public List<SegmentInfo> segments() {
        LogWriter l = readable();
        return Failures.typed(config.file(), () -> SegmentList.of(l, config, checks));
    }

    public Health health() {
        return HealthCheck.of(config, closed, log, unavailable, pending, index, lastRecovery, corrupt, retention.status(log));
    }

    /**
     * Periodic upkeep, meant to run under the same exclusion as appends: opens an UNAVAILABLE log, reopens and
     * recovers a READ_ONLY one, writes a checkpoint if one is a minute old, and writes waiting index rows.
     */
    public void maintain() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            if (log != null && log.failure() != null) {
                LOG.warning("reopening the activity log after a failed write: " + log.failure());
                closeLog();
            }
            if (log == null) {
                try {
                    reopen();
                } catch (LogUnavailableException e) {
                    return;
                }
            }
            LogWriter l = log;
            if (l.checkpointStale()) {
                checkpoint(l);
            }
            l.syncIdle();
            pending.flush();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
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

    /** For tests and benchmarks: the open file (its group commit's fsyncs, its channel's reopens), or null. */
    LogWriter writer() {
        return log;
    }

    private LogWriter openForWrite() {
        if (closed) {
            throw Failures.closed(config.file());
        }
        LogWriter l = log;
        return l != null ? l : reopen();
    }

    private LogWriter readable() {
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

    /** Opens the file, takes the lock, migrates the index and recovers. Caller holds the write lock. */
    private LogWriter reopen() {
        try {
            LogOpener.Opened o = opener.open();
            lastRecovery = o.recovery();
            corrupt.addAll(o.recovery().corruptSeq());
            pending.reset(o.writer().lastSeq());
            log = o.writer();
            unavailable = null;
            return o.writer();
        } catch (LogUnavailableException e) {
            unavailable = e;
            throw e;
        }
    }

    /** Caller holds the write lock. */
    private void checkpoint(LogWriter l) {
        pending.checkpointWritten(l.checkpoint());
    }

    /** Returns whether the file is durable (a closed engine's index may then be marked clean). */
    private boolean closeLog() {
        LogWriter l = log;
        if (l == null) {
            return false;
        }
        checkpoint(l);
        boolean durable = l.syncForClose();
        pending.flush();
        log = null;  // rows still in memory are dropped by the next open's reset: recovery re-derives them
        LogOpener.closeQuietly(l.channels, l.lock);
        return durable;
    }
}
