package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.StartProgress;
import dev.activitylog.log.entity.VerifyReport;

import javax.sql.DataSource;
import java.nio.channels.FileChannel;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The activity log engine: a flat file of checksummed lines (the truth) and a JDBC index derived from it. Plain Java,
 * thread-safe on its own: appends are serialised by one lock; reads take no lock and go through one shared channel.
 * <p>
 * This class keeps the API; the state machine (starting, unavailable, open, read-only after a failed write, closed)
 * is {@link LogLifecycle}'s, the file is written by a {@link LogWriter}, index rows wait in {@link PendingRows}, pages come from
 * {@link KeysetPager}, and opening runs {@link Recovery}. docs/architecture.md shows how they work together.
 */
public final class LogEngine implements AutoCloseable {
    static {
        Preload.failurePaths();
    }

    private final LogConfig config;
    private final EntryIndex index;
    private final PendingRows pending;
    private final Set<Long> corrupt = ConcurrentHashMap.newKeySet();
    private final EntryReads reads;
    private final LogLifecycle life;
    private final TimedLock writeLock;
    private final OffsetFiles offsets = new OffsetFiles();
    private final SegmentChecks checks;
    private final RetentionRuns retention;
    private final IndexBacklog backlog;
    private final LineShipper lines;
    private final ClusterView cluster;

    private LogEngine(LogConfig config, DataSource dataSource, SharedChannel.Opener files, Startup startup) {
        this.config = config;
        this.index = new EntryIndex(dataSource, config.node(), config.embeddedIndex() != null);
        this.pending = new PendingRows(index, config);
        this.reads = new EntryReads(config, pending, corrupt, offsets);
        this.life = new LogLifecycle(config, new LogOpener(config, files, index), index, pending, corrupt, startup);
        this.writeLock = life.writeLock;
        this.checks = new SegmentChecks(index);
        this.retention = new RetentionRuns(config, checks);
        this.backlog = new IndexBacklog(life, pending, offsets);
        this.lines = new LineShipper(index, pending, life);
        this.cluster = new ClusterView(this, index, config);
        pending.afterFlush(this::afterFlush);
    }

    /**
     * Opens the log and recovers it. Never fails because the file cannot be opened: the engine then starts
     * UNAVAILABLE, says why in {@link #health()}, and tries again on the next append or {@link #maintain()}.
     */
    public static LogEngine start(LogConfig config, DataSource dataSource) {
        return start(config, dataSource, FileChannel::open);
    }

    static LogEngine start(LogConfig config, DataSource dataSource, SharedChannel.Opener opener) {
        LogEngine engine = new LogEngine(config, dataSource, opener, new Startup(Duration.ZERO, p -> { }));
        engine.life.finishOpen();
        return engine;
    }

    /**
     * As {@link #start}, but returns at once: the open and its recovery (hours for a rebuild of years of segments)
     * run on a thread of the configuration's factory. Meanwhile health is STARTING with the progress, maintenance
     * does nothing, and every other call waits up to {@code callWait} for the open, then fails with a
     * {@link LogUnavailableException} (reason STARTING); {@link #close()} stops it at the next segment or batch.
     */
    public static LogEngine open(LogConfig config, DataSource dataSource, Duration callWait) {
        return open(config, dataSource, FileChannel::open, callWait, p -> { });
    }

    /** @param hook for tests: sees the progress wherever the start may stop, on the opening thread */
    static LogEngine open(LogConfig config, DataSource dataSource, SharedChannel.Opener opener, Duration callWait,
                          Consumer<StartProgress> hook) {
        LogEngine engine = new LogEngine(config, dataSource, opener, new Startup(callWait, hook));
        Thread t = config.threads().newThread(engine.life::finishOpen);
        t.setName("activity-log-open");
        t.setDaemon(true);  // a JVM that exits meanwhile leaves what a crash would: the next start goes on
        t.start();
        return engine;
    }

    /** Waits up to {@code max} for the open to finish, whatever its outcome; false if it still runs. */
    public boolean awaitStart(Duration max) {
        return life.startup.await(max);
    }

    /**
     * Returns once the open has finished (at once after that), or fails with reason STARTING after the call wait:
     * for callers that must not hold a lock of their own while they wait.
     */
    public void awaitStarted() {
        life.startup.awaitForCall(config);
    }

    /** Appends and returns once the entry is acknowledged under the configured durability. */
    public Entry append(NewEntry e) {
        Appended a = appendNoWait(e);
        a.awaitDurable();
        return a.entry();
    }

    /** Writes the entry; with {@code FSYNC} durability also fsyncs it. Serialised with every other append. */
    public Appended appendNoWait(NewEntry e) {
        long taken = System.nanoTime();
        List<String> problems = EntryRules.problems(e);
        if (!problems.isEmpty()) {
            throw new InvalidEntryException(problems);
        }
        awaitStarted();  // before the write lock, which the opening thread holds
        writeLock.lock();
        try {
            LogWriter l = life.openForWrite();
            LogWriter.Written w = l.append(e);
            pending.checkpointWritten(w.seal());  // the previous segment's seal, if this append rolled
            try {
                pending.add(w.row());
            } finally {
                l.publish(w);  // the bytes are in the file whatever happened to the row
            }
            if (w.seal() != null) {
                offsets.sealed(l);  // after the publish: nothing of it decides whether the entry is written
            }
            if (l.checkpointDue()) {
                life.checkpoint(l);
            }
            return new Appended(w, l, taken, config.metrics());
        } finally {
            writeLock.unlock();
        }
    }

    /** The entry with this sequence number, empty if there is none (yet). */
    public Optional<Entry> read(long seq) {
        return reads.read(life.readable(), seq);
    }

    /** The cluster's view of a shared index: other nodes' entries, the merged pages, verify of every node. */
    public ClusterView cluster() {
        return cluster;
    }

    /** A keyset page (see {@link EntryQuery} and {@link KeysetPager}). */
    public Page query(EntryQuery q) {
        return reads.query(life.readable(), q);
    }

    /**
     * Removes the sealed segments that the configured retention expires (none without a policy), and returns what
     * it did. Meant to run outside the container's lock: appends and reads go on meanwhile.
     */
    public List<String> applyRetention() {
        LogWriter l = life.current();
        if (config.retention() == null || l == null || life.closed()) {
            return List.of();
        }
        return Failures.typed(config.file(), () -> retention.run(this, l, pending, index));
    }

    /**
     * Builds a sealed segment's offset file when its index rows are all committed, one per call, and drops those of
     * removed segments ({@link OffsetFiles}). Meant to run outside the container's lock, after maintenance.
     */
    public void maintainOffsets() {
        LogWriter l = life.current();
        if (l == null || life.closed()) {
            return;
        }
        Failures.typed(config.file(), () -> {
            offsets.maintain(l, pending, index);
            return null;
        });
    }

    /**
     * Checks the whole file (header, every checksum, sequence, hash chain) and every index row against it. Reads
     * only; entries found damaged are added to health's corrupt list.
     */
    public VerifyReport verify() {
        LogWriter l = life.readable();
        VerifyReport r = Failures.typed(config.file(), () -> Verification.live(l.channels, l.size(), pending::range,
                l.lastSeq(), corrupt::add, config.checkpointKey(), pending.anchors(), config.clock(), checks));
        config.metrics().verified(r.problems().size());
        return r;
    }

    /**
     * Every entry matching the query's filters (its paging aside), oldest first, up to the last entry now: read
     * sequentially from the segments without any lock ({@link SequentialExport}), so appends go on meanwhile.
     */
    public void export(EntryQuery q, ExportSink sink) {
        LogWriter l = life.readable();
        Failures.typed(config.file(), () -> {
            SequentialExport.run(l, q, sink);
            return null;
        });
    }

    /** Entries over time for the query's indexed filters ({@link Histogram}): from the index, not the file. */
    public Histogram histogram(EntryQuery q, int buckets) {
        life.readable();
        return Failures.typed(config.file(), () -> Histograms.of(q, buckets, pending, index));
    }

    /** The segments, archived ones included, oldest first. */
    public List<SegmentInfo> segments() {
        LogWriter l = life.readable();
        return Failures.typed(config.file(), () -> SegmentList.of(l, config, checks));
    }

    /** Who is told what the log measures: the boundary adds what only it sees (the container's lock). */
    public LogMetrics metrics() {
        return config.metrics();
    }

    public Health health() {
        return life.health(retention);
    }

    /**
     * Periodic upkeep, meant to run under the same exclusion as appends: opens an UNAVAILABLE log, reopens and
     * recovers a READ_ONLY one, writes a checkpoint if one is a minute old, and writes waiting index rows.
     */
    public void maintain() {
        if (life.startup.running()) {
            return;  // the opening thread holds the write lock until it is done
        }
        writeLock.lock();
        try {
            life.closeIfLeaseLost();  // a closed log holds no lease: nothing to check
            LogWriter l = life.closed() ? null : life.reopenIfNeeded();
            if (l == null) {
                return;
            }
            if (l.checkpointStale()) {
                life.checkpoint(l);
            }
            l.syncIdle();
            pending.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Stops a running start (or a reopen's recovery) at its next segment or batch, then closes. */
    @Override
    public void close() {
        life.close();
    }

    /** What the indexer thread does after a flush that succeeded: the read-back of spilled rows, the lines' copy. */
    void afterFlush() {
        backlog.catchUp();
        lines.ship();
    }

    /** For tests: drops the file handles the way a crash would, with no index flush and no index shutdown. */
    void abandon() {
        life.abandon();
    }

    /** For tests and benchmarks: the open file (its group commit's fsyncs, its channel's reopens), or null. */
    LogWriter writer() {
        return life.current();
    }
}
