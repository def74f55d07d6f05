package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.VerifyReport;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    private final SharedChannel.Opener opener;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final PendingRows pending;
    private final Set<Long> corrupt = ConcurrentHashMap.newKeySet();
    /** The open file; null while unavailable or closed. Set only under the write lock. */
    private volatile LogWriter log;
    private volatile LogUnavailableException unavailable;
    private volatile RecoveryReport lastRecovery;
    private volatile boolean closed;
    private boolean openedBefore;

    private LogEngine(LogConfig config, DataSource dataSource, SharedChannel.Opener opener) {
        this.config = config;
        this.index = new EntryIndex(dataSource);
        this.opener = opener;
        this.pending = new PendingRows(index, config);
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

    /**
     * An entry written to the file (readers see it) but perhaps not yet durable: {@link #awaitDurable} acknowledges
     * it. The split lets a caller that holds a lock around the write (the EJB container) wait outside it.
     */
    public static final class Appended {
        private final LogWriter.Written written;
        private final LogWriter writer;

        private Appended(LogWriter.Written written, LogWriter writer) {
            this.written = written;
            this.writer = writer;
        }

        public Entry entry() {
            return written.entry();
        }

        /**
         * Waits, holding no lock, until the entry is acknowledged: GROUP joins a group commit, INTERVAL runs an fsync
         * if one is due, NONE and FSYNC return at once. A failed fsync stops all writes until the log is reopened.
         */
        public void awaitDurable() {
            writer.awaitDurable(written.entry().seq(), written.end());
        }
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
        LogWriter l = readable();
        if (seq < 1 || seq > l.lastSeq()) {
            return Optional.empty();
        }
        IndexRow row;
        try {
            row = pending.find(seq);
        } catch (SQLException e) {
            throw indexUnavailable(e);
        }
        if (row == null) {
            throw new CorruptEntryException(seq, "the index has no row for it; restart the log to re-index the file");
        }
        return Optional.of(readEntry(l, row));
    }

    /** A keyset page (see {@link EntryQuery} and {@link KeysetPager}). */
    public Page query(EntryQuery q) {
        LogWriter l = readable();
        return KeysetPager.page(q, l.lastSeq(), (query, low, high, up, want) -> {
            try {
                return pending.matching(query, low, high, up, want);
            } catch (SQLException e) {
                throw indexUnavailable(e);
            }
        }, row -> readEntry(l, row));
    }

    /**
     * Checks the whole file (header, every checksum, sequence, hash chain) and every index row against it. Reads
     * only; entries found damaged are added to health's corrupt list.
     */
    public VerifyReport verify() {
        LogWriter l = readable();
        try {
            return Verifier.verify(l.channel, l.size(), pending::range, l.lastSeq(), corrupt::add,
                    config.checkpointKey(), pending.recordedCheckpoint(), config.clock());
        } catch (IOException e) {
            throw OpenFailures.unavailable(config.file(), e);
        } catch (SQLException e) {
            throw indexUnavailable(e);
        }
    }

    /**
     * Checks a log file on its own, without an index and without taking the log's lock (a live log may be checked).
     *
     * @param key the checkpoint key, or null to check checkpoints against the chain only
     */
    public static VerifyReport verifyFile(Path file, byte[] key) throws IOException {
        try (SharedChannel channel = SharedChannel.openReadOnly(file)) {
            return Verifier.verify(channel, channel.size(), null, 0, seq -> { }, key, null, java.time.Clock.systemUTC());
        } catch (SQLException e) {
            throw new IllegalStateException("no index is used here", e);
        }
    }

    public Health health() {
        LogWriter l = log;
        LogState state;
        String cause = null;
        if (closed) {
            state = LogState.CLOSED;
        } else if (l == null) {
            LogUnavailableException down = unavailable;
            state = LogState.UNAVAILABLE;
            cause = down == null ? "not opened yet" : down.getMessage();
        } else if (l.failure() != null) {
            state = LogState.READ_ONLY;
            cause = l.failure();
        } else if ((cause = indexTrouble()) != null) {
            state = LogState.DEGRADED;
        } else {
            state = LogState.AVAILABLE;
        }
        long entries = l == null ? 0 : l.lastSeq();
        return new Health(state, cause, config.file().toAbsolutePath().toString(), l == null ? 0 : l.size(), entries,
                Math.min(entries, pending.indexedUpTo()), config.durability(), lastRecovery,
                new ArrayList<>(new TreeSet<>(corrupt)), pending.problem());
    }

    /**
     * Why the index is not usable now, or null: the last failed flush, or else a query asked now (a database shut
     * down or broken under the engine fails every read without any write noticing).
     */
    private String indexTrouble() {
        String problem = pending.problem();
        if (problem != null) {
            return problem;
        }
        try {
            index.meta(Recovery.META_CHAIN_SEED);
            return null;
        } catch (SQLException | RuntimeException e) {
            return "the index database cannot be queried (" + e.getMessage() + "); appends are stored in the file,"
                    + " reads and queries of indexed entries fail until it is back";
        }
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
            closeLog();
            if (owner && config.embeddedIndex() != null) {
                EmbeddedIndex.close(index, config.embeddedIndex());
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
                closeQuietly(l.channel, l.lock);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** How many fsyncs the group commit ran (tests and benchmarks compare it with the number of appends). */
    long groupSyncs() {
        LogWriter l = log;
        return l == null ? 0 : l.commit.syncs();
    }

    /** How often the shared channel was reopened after an interrupt closed it (tests prove interrupts happened). */
    long channelReopens() {
        LogWriter l = log;
        return l == null ? 0 : l.channel.reopens();
    }

    private LogWriter openForWrite() {
        if (closed) {
            throw closedError();
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
            throw closedError();
        }
        LogUnavailableException down = unavailable;
        throw down != null ? new LogUnavailableException(down.path(), down.reason(), "since startup or the last retry", down)
                : new LogUnavailableException(config.file().toString(), Reason.IO_ERROR, "not opened yet", null);
    }

    /** Opens the file, takes the lock, migrates the index and recovers. Caller holds the write lock. */
    private LogWriter reopen() {
        try {
            LogWriter l = open();
            log = l;
            unavailable = null;
            return l;
        } catch (LogUnavailableException e) {
            unavailable = e;
            throw e;
        }
    }

    private LogWriter open() {
        Path file = config.file();
        LogLock lock = null;
        SharedChannel channel = null;
        try {
            Files.createDirectories(config.directory());
            lock = LogLock.acquire(config.lockFile());
            channel = SharedChannel.open(file, opener);
            List<String> notes = new ArrayList<>();
            if (config.embeddedIndex() != null && !openedBefore) {
                EmbeddedIndex.prepare(config.embeddedIndex(), notes);
            }
            openedBefore = true;
            EmbeddedIndex.migrate(index, config.embeddedIndex(), notes);
            Recovery.Result r = Recovery.run(channel, index, config.clock(), notes);
            lastRecovery = r.report();
            corrupt.addAll(r.report().corruptSeq());
            pending.reset(r.lastSeq());
            Level level = r.report().clean() ? Level.INFO : Level.WARNING;
            LOG.log(level, "activity log " + file + " recovered: " + r.report().summary());
            return new LogWriter(channel, lock, r, config);
        } catch (IOException e) {
            closeQuietly(channel, lock);
            Path where = e instanceof FileSystemException fse && fse.getFile() != null ? Path.of(fse.getFile()) : file;
            throw OpenFailures.unavailable(where, e);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(channel, lock);
            if (e instanceof LogUnavailableException lue) {
                throw lue;
            }
            throw new LogUnavailableException(file.toString(), Reason.INDEX_UNAVAILABLE, e.getMessage(), e);
        }
    }

    private Entry readEntry(LogWriter l, IndexRow row) {
        if (row.corrupt()) {
            throw new CorruptEntryException(row.seq(), row.length() == 0
                    ? "recovery found it missing from the file (removed before offset " + row.offset() + ")"
                    : "recovery found its bytes unreadable at offset " + row.offset());
        }
        try {
            return LogReader.entryAt(l.channel, row.offset(), row.length(), row.seq(), false).entry();
        } catch (IOException e) {
            throw OpenFailures.unavailable(config.file(), e);
        } catch (FormatException e) {
            corrupt.add(row.seq());
            throw new CorruptEntryException(row.seq(), e.getMessage() + " (offset " + row.offset() + ")");
        }
    }

    /** Caller holds the write lock. */
    private void checkpoint(LogWriter l) {
        CheckpointLine c = l.checkpoint();
        if (c != null) {
            pending.checkpointWritten(c);
        }
    }

    private void closeLog() {
        LogWriter l = log;
        if (l == null) {
            return;
        }
        checkpoint(l);
        l.syncIdle();
        pending.flush();
        log = null;
        pending.reset(pending.indexedUpTo());
        closeQuietly(l.channel, l.lock);
    }

    private LogUnavailableException indexUnavailable(SQLException e) {
        return new LogUnavailableException(config.file().toString(), Reason.INDEX_UNAVAILABLE, e.getMessage(), e);
    }

    private LogUnavailableException closedError() {
        return new LogUnavailableException(config.file().toString(), Reason.IO_ERROR, "the log has been closed", null);
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "close failed", e);
                }
            }
        }
    }
}
