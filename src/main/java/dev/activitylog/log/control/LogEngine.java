package dev.activitylog.log.control;

import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.LogWriteException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.VerifyReport;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The activity log engine: a flat file of checksummed lines (the truth) and a JDBC index derived from it. Plain Java,
 * thread-safe on its own: appends are serialised by one lock; reads take no lock and go through one shared channel.
 * <p>
 * Index rows of recent appends wait in memory and reach the index in batches, so an append costs a file write, not a
 * database commit. Reads and queries see those rows too. A crash loses at most the unwritten batch, which recovery
 * re-derives from the file.
 */
public final class LogEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogEngine.class.getName());

    static {
        // Failure paths run when file descriptors may be exhausted, and loading a class from a directory or a jar
        // not yet open needs one: load what they use now (HandleExhaustionTest found this).
        OpenFailures.unavailable(Path.of("preload"), new IOException("preload"));
        new LogWriteException("preload", null).getMessage();
        new CorruptEntryException(0, "preload").getMessage();
        new InvalidEntryException(List.of()).getMessage();
        EntryRules.problems(null);
        List.of(Health.class, LogState.class, Durability.class, RecoveryReport.class, VerifyReport.class, Page.class,
                Entry.class, FormatException.class);
        // Payara stops the application's class loader before @PreDestroy closes the log: what close needs must be
        // loaded before (the closing checkpoint's record was not, and close failed before the index's SHUTDOWN).
        new CheckpointLine(0, new byte[LineCodec.HASH_BYTES], Instant.EPOCH, null).encode();
    }

    private final LogConfig config;
    private final EntryIndex index;
    private final SharedChannel.Opener opener;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Serialises index flushes (the indexer thread, maintenance, close). */
    private final ReentrantLock indexLock = new ReentrantLock();
    private final Indexer indexer;
    private final ConcurrentSkipListMap<Long, IndexRow> unindexed = new ConcurrentSkipListMap<>();
    private final Set<Long> corrupt = ConcurrentHashMap.newKeySet();
    private volatile OpenLog log;
    private volatile LogUnavailableException unavailable;
    private volatile String writeFailure;
    private volatile String indexProblem;
    private volatile RecoveryReport lastRecovery;
    private volatile boolean closed;
    private boolean openedBefore;
    /** Rows waiting in memory beyond which appenders write the index themselves (about 20 MB of rows). */
    static final long MAX_BACKLOG = 100_000;
    /** Rows per index transaction. */
    private static final int FLUSH_CHUNK = 5_000;
    /** The last checkpoint written and not yet copied to the index database. */
    private volatile CheckpointLine pendingCheckpoint;
    private static final String META_CHECKPOINT = "checkpoint";
    private static final long CHECKPOINT_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    /** The last entry whose index row is committed (ConcurrentSkipListMap.size() walks the map: not per append). */
    private volatile long indexedUpTo;

    /** The open file and the append position. Fields change only under the write lock; readers see volatile values. */
    private static final class OpenLog {
        final SharedChannel channel;
        final LogLock lock;
        final GroupCommit commit;
        final byte[] chainSeed;
        volatile long size;
        volatile long lastSeq;
        byte[] lastHash;
        long lastCheckpointSeq;
        long lastCheckpointNanos = System.nanoTime();

        OpenLog(SharedChannel channel, LogLock lock, Recovery.Result r) {
            this.channel = channel;
            this.lock = lock;
            this.size = r.size();
            this.lastSeq = r.lastSeq();
            this.lastHash = r.lastHash();
            this.commit = new GroupCommit(() -> size, r.size(), channel::force);
            this.chainSeed = r.chainSeed();
            this.lastCheckpointSeq = r.lastSeq();
        }
    }

    private LogEngine(LogConfig config, DataSource dataSource, SharedChannel.Opener opener) {
        this.config = config;
        this.index = new EntryIndex(dataSource);
        this.opener = opener;
        this.indexer = new Indexer(config.threads(), this::flushIndex, INDEX_FLUSH_MILLIS);
    }

    /** A quiet log's index catches up within this time. */
    private static final long INDEX_FLUSH_MILLIS = 200;

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
        awaitDurable(a);
        return a.entry();
    }

    /**
     * An entry written to the file (readers see it) but perhaps not yet durable: {@link #awaitDurable} acknowledges
     * it. The split lets a caller that holds a lock around the write (the EJB container) wait outside it.
     */
    public static final class Appended {
        private final Entry entry;
        private final long end;
        private final GroupCommit commit;

        private Appended(Entry entry, long end, GroupCommit commit) {
            this.entry = entry;
            this.end = end;
            this.commit = commit;
        }

        public Entry entry() {
            return entry;
        }
    }

    /** Writes the entry; with {@link Durability#FSYNC} also fsyncs it. Serialised with every other append. */
    public Appended appendNoWait(NewEntry e) {
        List<String> problems = EntryRules.problems(e);
        if (!problems.isEmpty()) {
            throw new InvalidEntryException(problems);
        }
        String subject = e.subject() == null ? "" : e.subject();
        String detail = e.detail() == null ? "" : e.detail();
        writeLock.lock();
        try {
            OpenLog l = openForWrite();
            long seq = l.lastSeq + 1;
            Instant time = LineCodec.truncate(config.clock().instant());
            LineCodec.Encoded enc = LineCodec.encodeEntry(seq, time, e.actor(), e.action(), subject, detail, l.lastHash);
            long pos = l.size;
            write(l, enc.line(), pos);
            l.size = pos + enc.line().length;
            l.lastHash = enc.hash();
            unindexed.put(seq, new IndexRow(seq, pos, enc.line().length, Times.micros(time), e.actor(), e.action()));
            l.lastSeq = seq;
            long end = l.size;
            long backlog = seq - indexedUpTo;
            if (backlog >= MAX_BACKLOG) {
                // The index cannot keep up (a burst above its insert rate): this appender helps, which throttles
                // appends to the index's pace instead of letting rows pile up in memory.
                flushIndex();
            } else if (backlog >= config.indexBatch()) {
                indexer.signal();
            }
            if (config.checkpointEvery() > 0 && seq - l.lastCheckpointSeq >= config.checkpointEvery()) {
                checkpoint(l);
            }
            return new Appended(new Entry(seq, time, e.actor(), e.action(), subject, detail), end, l.commit);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Waits, holding no lock, until the entry is acknowledged: GROUP joins a group commit, INTERVAL runs an fsync if
     * one is due, NONE and FSYNC return at once. A failed fsync stops all writes until the log is reopened.
     */
    public void awaitDurable(Appended a) {
        try {
            switch (config.durability()) {
                case GROUP -> a.commit.await(a.end);
                case INTERVAL -> a.commit.syncIfDue(config.syncInterval().toNanos());
                default -> {
                }
            }
        } catch (IOException ex) {
            writeFailure = "fsync failed: " + ex.getMessage();
            throw new LogWriteException("append of entry " + a.entry.seq() + " not acknowledged: fsync failed ("
                    + ex.getMessage() + "); it may or may not survive a crash; the log is read-only until it is"
                    + " reopened and recovered", ex);
        }
    }

    /** The entry with this sequence number, empty if there is none (yet). */
    public Optional<Entry> read(long seq) {
        OpenLog l = readable();
        if (seq < 1 || seq > l.lastSeq) {
            return Optional.empty();
        }
        return Optional.of(readEntry(l, locate(seq)));
    }

    /**
     * A keyset page (see {@link EntryQuery}). Corrupt entries in range are listed by number, not hidden and not fatal.
     * Text is matched by reading entries, at most {@link EntryQuery#MAX_TEXT_SCAN} per call.
     */
    public Page query(EntryQuery q) {
        OpenLog l = readable();
        long top = l.lastSeq;
        boolean up = q.after() != null;
        long low = up ? q.after() : 0;
        long high = up || q.before() == null ? top + 1 : Math.min(q.before(), top + 1);
        int batch = q.text() == null ? q.limit() + 1 : 500;
        List<Entry> found = new ArrayList<>(q.limit());
        List<Long> bad = new ArrayList<>();
        boolean more = false;
        boolean limited = false;
        long cursorLow = low;
        long cursorHigh = high;
        int examined = 0;
        scan:
        while (true) {
            List<IndexRow> rows = rows(q, cursorLow, cursorHigh, up, batch);
            for (IndexRow r : rows) {
                if (found.size() == q.limit()) {
                    more = true;
                    break scan;
                }
                if (q.text() != null && examined == EntryQuery.MAX_TEXT_SCAN) {
                    limited = true;
                    break scan;
                }
                examined++;
                if (up) {
                    cursorLow = r.seq();
                } else {
                    cursorHigh = r.seq();
                }
                try {
                    Entry e = readEntry(l, r);
                    if (q.matchesText(e)) {
                        found.add(e);
                    }
                } catch (CorruptEntryException e) {
                    bad.add(r.seq());
                }
            }
            if (rows.size() < batch) {
                break;
            }
        }
        if (up) {
            Collections.reverse(found);
        }
        Long newest = found.isEmpty() ? null : found.get(0).seq();
        Long oldest = found.isEmpty() ? null : found.get(found.size() - 1).seq();
        Long nextBefore;
        Long newerAfter;
        if (up) {
            newerAfter = more || limited ? cursorLow : null;
            nextBefore = low >= 1 && anyMatch(q, 0, low + 1, false) ? (oldest != null ? oldest : low + 1) : null;
        } else {
            nextBefore = more || limited ? cursorHigh : null;
            newerAfter = high <= top && anyMatch(q, high - 1, top + 1, true) ? (newest != null ? newest : high - 1) : null;
        }
        return new Page(found, bad, nextBefore, newerAfter, limited);
    }

    /**
     * Whether anything lies in {@code (low, high)} for the other direction's link. With a text filter this only asks
     * the index (reading entries to be sure could cost a whole bounded scan): such a link may lead to an empty page.
     */
    private boolean anyMatch(EntryQuery q, long low, long high, boolean up) {
        return !rows(q, low, high, up, 1).isEmpty();
    }

    /**
     * Index rows in {@code (low, high)} matching the indexed filters, nearest {@code want} in scan order: rows still in
     * memory and rows in the index merged. Memory is read first: a flush commits before it drops rows from memory,
     * so every row is in one or the other.
     */
    private List<IndexRow> rows(EntryQuery q, long low, long high, boolean up, int want) {
        if (low + 1 >= high) {
            return List.of();
        }
        TreeMap<Long, IndexRow> merged = new TreeMap<>();
        NavigableMap<Long, IndexRow> range = unindexed.subMap(low, false, high, false);
        int n = 0;
        for (IndexRow r : (up ? range : range.descendingMap()).values()) {
            if (q.matchesIndexed(r.tsMicros() == null ? null : Times.ofMicros(r.tsMicros()), r.actor(), r.action())) {
                merged.put(r.seq(), r);
                if (++n == want) {
                    break;
                }
            }
        }
        if (!up && n == want) {
            // Memory holds the newest rows (a suffix of the log): enough of them settle a downward page alone,
            // which keeps the newest pages working while the index database is down.
            return List.copyOf(merged.descendingMap().values());
        }
        try {
            for (IndexRow r : index.query(q, low, high, up, want)) {
                merged.put(r.seq(), r);
            }
        } catch (SQLException e) {
            throw indexUnavailable(e);
        }
        return (up ? merged.values() : merged.descendingMap().values()).stream().limit(want).toList();
    }

    /**
     * Checks the whole file (header, every checksum, sequence, hash chain) and every index row against it. Reads
     * only; entries found damaged are added to health's corrupt list.
     */
    public VerifyReport verify() {
        OpenLog l = readable();
        long lastSeq = l.lastSeq;
        long size = l.size;
        try {
            return Verifier.verify(l.channel, size, this::indexRows, lastSeq, corrupt::add, config.checkpointKey(),
                    recordedCheckpoint(), config.clock());
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

    /** How many fsyncs the group commit ran (tests and benchmarks compare it with the number of appends). */
    long groupSyncs() {
        OpenLog l = log;
        return l == null ? 0 : l.commit.syncs();
    }

    /** How often the shared channel was reopened after an interrupt closed it (tests prove interrupts happened). */
    long channelReopens() {
        OpenLog l = log;
        return l == null ? 0 : l.channel.reopens();
    }

    private Map<Long, IndexRow> indexRows(long from, long to) throws SQLException {
        // Memory first: a flush commits before it drops rows from memory, so a row is in one or the other.
        Map<Long, IndexRow> pending = new HashMap<>(unindexed.subMap(from, true, to, true));
        Map<Long, IndexRow> rows = new HashMap<>();
        for (IndexRow r : index.range(from, to)) {
            rows.put(r.seq(), r);
        }
        rows.putAll(pending);
        return rows;
    }

    public Health health() {
        OpenLog l = log;
        String writeFailed = writeFailure;
        LogUnavailableException down = unavailable;
        LogState state;
        String cause = null;
        if (closed) {
            state = LogState.CLOSED;
        } else if (l == null) {
            state = LogState.UNAVAILABLE;
            cause = down == null ? "not opened yet" : down.getMessage();
        } else if (writeFailed != null) {
            state = LogState.READ_ONLY;
            cause = writeFailed;
        } else if ((cause = indexTrouble()) != null) {
            state = LogState.DEGRADED;
        } else {
            state = LogState.AVAILABLE;
        }
        long entries = l == null ? 0 : l.lastSeq;
        long indexed = Math.min(entries, indexedUpTo);
        return new Health(state, cause, config.file().toAbsolutePath().toString(), l == null ? 0 : l.size, entries,
                indexed, config.durability(), lastRecovery, new ArrayList<>(new TreeSet<>(corrupt)), indexProblem);
    }

    /**
     * Why the index is not usable now, or null: the last failed flush, or else a query asked now (a database shut
     * down or broken under the engine fails every read without any write noticing).
     */
    private String indexTrouble() {
        String problem = indexProblem;
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
     * recovers a READ_ONLY one, and writes waiting index rows.
     */
    public void maintain() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            if (log != null && writeFailure != null) {
                LOG.warning("reopening the activity log after a failed write: " + writeFailure);
                closeLog();
            }
            if (log == null) {
                try {
                    reopen();
                } catch (LogUnavailableException e) {
                    return;
                }
            }
            OpenLog l = log;
            if (config.checkpointEvery() > 0 && System.nanoTime() - l.lastCheckpointNanos >= CHECKPOINT_INTERVAL_NANOS) {
                checkpoint(l);
            }
            syncIdle(l);
            flushIndex();
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
            indexer.stop();
            // Only an engine holding the log's lock owns the index: one refused with IN_USE (a redeployment that
            // started before the old one closed) must not shut down the database the running engine uses.
            boolean owner = log != null;
            closeLog();
            if (owner && config.embeddedIndex() != null) {
                try {
                    index.shutdownIfEmbeddedH2();
                    EmbeddedIndexFiles.markClean(config.embeddedIndex());
                } catch (SQLException | IOException e) {
                    LOG.log(Level.WARNING, "could not shut the index database down cleanly; it is rebuilt at the next start", e);
                }
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
            indexer.stop();
            OpenLog l = log;
            log = null;
            if (l != null) {
                closeQuietly(l.channel, l.lock);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private OpenLog openForWrite() {
        if (closed) {
            throw closedError();
        }
        OpenLog l = log;
        if (l == null) {
            l = reopen();
        }
        if (writeFailure != null) {
            throw new LogWriteException("append refused: the log is read-only since " + writeFailure
                    + "; it is reopened and recovered by the next maintenance run", null);
        }
        return l;
    }

    private OpenLog readable() {
        OpenLog l = log;
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
    private OpenLog reopen() {
        try {
            OpenLog l = open();
            log = l;
            unavailable = null;
            writeFailure = null;
            return l;
        } catch (LogUnavailableException e) {
            unavailable = e;
            throw e;
        }
    }

    private OpenLog open() {
        Path file = config.file();
        LogLock lock = null;
        SharedChannel channel = null;
        try {
            Files.createDirectories(config.directory());
            lock = LogLock.acquire(config.lockFile());
            channel = SharedChannel.open(file, opener);
            List<String> notes = new ArrayList<>();
            if (config.embeddedIndex() != null && !openedBefore) {
                // Only before this engine's first connection: an open database must not move under its pool.
                if (EmbeddedIndexFiles.discardIfUnclean(config.embeddedIndex())) {
                    notes.add("the index database was not shut down cleanly (a crash): set aside as "
                            + config.embeddedIndex().getFileName() + ".mv.db.unclean and rebuilt from the file");
                }
                EmbeddedIndexFiles.markInUse(config.embeddedIndex());
            }
            openedBefore = true;
            migrateIndex(notes);
            Recovery.Result r = Recovery.run(channel, index, config.clock(), notes);
            lastRecovery = r.report();
            corrupt.addAll(r.report().corruptSeq());
            unindexed.clear();
            indexedUpTo = r.lastSeq();
            Level level = r.report().clean() ? Level.INFO : Level.WARNING;
            LOG.log(level, "activity log " + file + " recovered: " + r.report().summary());
            return new OpenLog(channel, lock, r);
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

    /**
     * Creates or upgrades the index schema. An embedded database that H2 cannot open at all (a damaged file, even one
     * closed cleanly) is derived data like any other index: it is set aside and a new one is built from the file.
     */
    private void migrateIndex(List<String> notes) throws IOException {
        try {
            index.migrate();
        } catch (RuntimeException e) {
            Path base = config.embeddedIndex();
            String why = base == null ? null : EmbeddedIndexFiles.unopenable(e);
            if (why == null) {
                throw e;
            }
            Path aside = EmbeddedIndexFiles.setAside(base, ".mv.db.corrupt");
            LOG.warning("the index database cannot be opened (" + why + "); set aside as " + aside);
            LOG.log(Level.FINE, "index open failure", e);
            notes.add("the index database could not be opened (" + why + "): set aside as " + aside.getFileName()
                    + " and rebuilt from the file");
            index.migrate();
        }
    }

    /** Writes one line at the end; on failure the file is cut back to where it was, so no partial entry remains. */
    private void write(OpenLog l, byte[] line, long pos) {
        try {
            l.channel.writeFully(ByteBuffer.wrap(line), pos);
        } catch (IOException e) {
            String rolledBack = rollback(l, pos, e);
            throw new LogWriteException("append failed, nothing was stored (" + OpenFailures.reason(e) + ": "
                    + e.getMessage() + ")" + rolledBack, e);
        }
        if (config.durability() == Durability.FSYNC) {
            try {
                l.channel.force();
            } catch (IOException e) {
                // After a failed fsync the state of the file is unknown (LevelDB, PostgreSQL): stop writing
                // until the log has been reopened and recovered.
                writeFailure = "fsync failed at offset " + pos + ": " + e.getMessage();
                rollback(l, pos, e);
                throw new LogWriteException("append not acknowledged: fsync failed (" + e.getMessage()
                        + "); the log is read-only until it is reopened and recovered", e);
            }
        }
    }

    private String rollback(OpenLog l, long pos, IOException cause) {
        try {
            l.channel.truncate(pos);
            return "";
        } catch (IOException e) {
            cause.addSuppressed(e);
            writeFailure = "a failed write could not be rolled back at offset " + pos + ": " + e.getMessage();
            return "; the log is read-only until it is reopened and recovered";
        }
    }

    private IndexRow locate(long seq) {
        IndexRow row = unindexed.get(seq);
        if (row != null) {
            return row;
        }
        try {
            // A flush commits before it drops rows from memory, so a row missing above is in the index now.
            row = index.find(seq);
        } catch (SQLException e) {
            throw indexUnavailable(e);
        }
        if (row == null) {
            throw new CorruptEntryException(seq, "the index has no row for it; restart the log to re-index the file");
        }
        return row;
    }

    private Entry readEntry(OpenLog l, IndexRow row) {
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

    /**
     * Writes a checkpoint line: the chain head after the last entry, with an HMAC when a key is configured. Its copy
     * goes to the index database with the next flush, so the head is also kept outside the file. A failed write is
     * rolled back and logged: the entries are safe, only this checkpoint is missing. Caller holds the write lock.
     */
    private void checkpoint(OpenLog l) {
        if (l.lastSeq == l.lastCheckpointSeq) {
            return;
        }
        Instant time = LineCodec.truncate(config.clock().instant());
        byte[] key = config.checkpointKey();
        byte[] mac = key == null ? null : CheckpointLine.mac(key, l.chainSeed, l.lastSeq, l.lastHash, time);
        CheckpointLine checkpoint = new CheckpointLine(l.lastSeq, l.lastHash, time, mac);
        byte[] line = checkpoint.encode();
        long pos = l.size;
        try {
            l.channel.writeFully(ByteBuffer.wrap(line), pos);
        } catch (IOException e) {
            rollback(l, pos, e);
            LOG.log(Level.WARNING, "could not write the checkpoint after entry " + l.lastSeq, e);
            return;
        }
        l.size = pos + line.length;
        l.lastCheckpointSeq = l.lastSeq;
        l.lastCheckpointNanos = System.nanoTime();
        pendingCheckpoint = checkpoint;
    }

    private CheckpointLine recordedCheckpoint() throws SQLException {
        String recorded = index.meta(META_CHECKPOINT);
        try {
            return recorded == null ? null : CheckpointLine.fromMeta(recorded);
        } catch (FormatException e) {
            throw new SQLException("the index's checkpoint copy is unreadable: " + e.getMessage(), e);
        }
    }

    /** An fsync of whatever is written and not yet durable (an idle log, a clean close); NONE never fsyncs. */
    private void syncIdle(OpenLog l) {
        if (writeFailure == null && config.durability() != Durability.NONE) {
            try {
                l.commit.syncIfDue(0);
            } catch (IOException e) {
                writeFailure = "fsync failed: " + e.getMessage();
                LOG.log(Level.SEVERE, "activity log fsync failed; the log is read-only until reopened", e);
            }
        }
    }

    /** Writes the rows waiting in memory in one transaction. */
    private void flushIndex() {
        indexLock.lock();
        try {
            CheckpointLine checkpoint = pendingCheckpoint;
            if (checkpoint != null) {
                try {
                    index.putMeta(META_CHECKPOINT, checkpoint.meta());
                    pendingCheckpoint = null;
                } catch (SQLException e) {
                    LOG.log(Level.FINE, "checkpoint copy not written yet", e);
                }
            }
            // H2 is not interrupt-safe (an interrupt closes its file): never enter it with the flag set.
            boolean interrupted = Thread.interrupted();
            try {
                while (!unindexed.isEmpty()) {
                    // Appends go on meanwhile; rows enter in sequence order, so this is a gap-free prefix.
                    List<IndexRow> rows = unindexed.values().stream().limit(FLUSH_CHUNK).toList();
                    index.insert(rows);
                    indexedUpTo = rows.get(rows.size() - 1).seq();
                    for (IndexRow r : rows) {
                        unindexed.remove(r.seq());
                    }
                }
                indexProblem = null;
            } catch (SQLException | RuntimeException e) {
                boolean first = indexProblem == null;
                OpenLog l = log;
                indexProblem = "writing index rows failed (" + e.getMessage() + "); "
                        + (l == null ? "the" : String.valueOf(l.lastSeq - indexedUpTo)) + " rows are kept in memory and retried";
                if (first) {  // retried every few hundred milliseconds: say it once, not each time
                    LOG.log(Level.WARNING, indexProblem, e);
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            indexLock.unlock();
        }
    }

    private void closeLog() {
        OpenLog l = log;
        if (l == null) {
            return;
        }
        if (config.checkpointEvery() > 0 && writeFailure == null) {
            checkpoint(l);
        }
        syncIdle(l);
        flushIndex();
        log = null;
        unindexed.clear();
        closeQuietly(l.channel, l.lock);
    }

    private ActivityLogException indexUnavailable(SQLException e) {
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
