package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Index rows of recent appends, waiting in memory until the {@link Indexer} thread writes them in batches, so an
 * append costs a file write and not a database commit; and every lookup of rows, which merges memory and index.
 * A crash loses at most the unwritten rows, which recovery re-derives from the file.
 * <p>
 * Memory is always read first: a flush commits before it drops rows from memory, so every row is in one or the other.
 * <p>
 * While the index cannot be written, rows wait here up to {@link #MAX_BACKLOG}; past that the file itself is the
 * backlog: new rows are not kept ({@link #spilledFrom}), so memory stays bounded and appends go on, and once the
 * index answers again {@link IndexBacklog} reads those entries back from the file into it.
 */
final class PendingRows {
    private static final Logger LOG = Logger.getLogger(PendingRows.class.getName());
    /** Rows waiting in memory beyond which appenders write the index themselves (about 20 MB of rows). */
    static final long MAX_BACKLOG = 100_000;
    /** Rows per index transaction. */
    private static final int FLUSH_CHUNK = 5_000;
    /** A quiet log's index catches up within this time. */
    private static final long FLUSH_MILLIS = 200;

    private final EntryIndex index;
    private final int batch;
    private final RowRing rows = new RowRing((int) MAX_BACKLOG + 1);
    /** Serialises flushes (the indexer thread, appenders under back-pressure, maintenance, close). */
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Indexer indexer;
    /** The last entry whose row is committed (ConcurrentSkipListMap.size() walks the map: not per append). */
    private volatile long indexedUpTo;
    /** The last entry whose row a flush has taken (committed, or being written): the next batch counts from it. */
    private volatile long takenUpTo;
    private volatile String problem;
    /** The first entry whose row is neither here nor in the index (read back from the file later), or 0. */
    private volatile long spilledFrom;
    /** Why spilled rows cannot be read back while the log runs (the next start's recovery indexes them), or null. */
    private volatile String stuck;
    /** Run by the indexer thread after a flush that succeeded: the read-back of spilled rows, the lines' copy. */
    private volatile Runnable afterFlush = () -> { };
    /** The last checkpoint written and not yet copied to the index database. */
    private volatile CheckpointLine checkpoint;

    PendingRows(EntryIndex index, LogConfig config) {
        this.index = index;
        this.batch = config.indexBatch();
        this.indexer = new Indexer(config.threads(), this::flushFully, FLUSH_MILLIS);
    }

    void afterFlush(Runnable value) {
        afterFlush = value;
    }

    /** A flush, and what follows one that succeeded: the indexer thread's round, and a close's last one. */
    void flushFully() {
        flush();
        if (problem == null) {
            afterFlush.run();
        }
    }

    /** After a recovery, which indexed the whole file: nothing waits. */
    void reset(long indexedUpTo) {
        rows.clear();
        spilledFrom = 0;
        stuck = null;
        this.indexedUpTo = indexedUpTo;
        takenUpTo = indexedUpTo;
    }

    /** The row of an entry just written; the caller holds the write lock, so rows arrive in sequence order. */
    void add(IndexRow row) {
        if (spilledFrom != 0) {
            return;  // the file is the backlog: the row is read back from there
        }
        rows.put(row);
        long backlog = row.seq() - indexedUpTo;
        if (backlog >= MAX_BACKLOG) {
            if (problem != null) {
                // The index is failing, not slow: helping would make every append wait for it. Keep memory bounded.
                spilledFrom = row.seq() + 1;
                LOG.warning("activity log index: " + backlog + " rows wait for the index; from entry " + spilledFrom
                        + " on, rows are read back from the file once the index answers again");
                return;
            }
            // The index cannot keep up (a burst above its insert rate): this appender helps, which throttles
            // appends to the index's pace instead of letting rows pile up in memory.
            flush();
        } else if (row.seq() - Math.max(takenUpTo, indexedUpTo) >= batch) {
            // Counted from what the running flush took: counted from what is committed, every append during a
            // flush would call for the next one at once, and the writer would commit small batches back to back.
            indexer.signal();
        }
    }

    /**
     * Its {@code seq:hash} goes to the index database with the next flush: a copy of the head outside the file.
     * Null (no checkpoint was written) changes nothing.
     */
    void checkpointWritten(CheckpointLine written) {
        if (written != null) {
            checkpoint = written;
        }
    }

    long indexedUpTo() {
        return indexedUpTo;
    }

    /** The last failure to write rows, while rows are kept in memory because of it; null once a flush succeeds. */
    String problem() {
        String p = problem != null ? problem : stuck;
        long spilled = spilledFrom;
        return p != null || spilled == 0 ? p
                : "catching up: entries from " + spilled + " on are read back from the file into the index";
    }

    long spilledFrom() {
        return spilledFrom;
    }

    /** Whether rows are spilled and everything before them is in the index: the read-back may go on. */
    boolean readyToCatchUp() {
        long from = spilledFrom;
        return from != 0 && stuck == null && rows.isEmpty() && indexedUpTo == from - 1;
    }

    /** The read-back cannot go on while the log runs; health says why until the next start indexes the rest. */
    void stuck(String why) {
        stuck = why;
    }

    /**
     * Rows read back from the file, from {@link #spilledFrom} on, written to the index while spilling goes on;
     * false (and the failure kept for health) when the index refused them.
     */
    boolean insertFromFile(List<IndexRow> chunk) {
        flushLock.lock();
        try {
            index.insert(chunk);
            indexedUpTo = chunk.get(chunk.size() - 1).seq();
            spilledFrom = indexedUpTo + 1;
            return true;
        } catch (SQLException | RuntimeException e) {
            problem = "writing index rows read back from the file failed (" + e.getMessage() + "); retried";
            return false;
        } finally {
            flushLock.unlock();
        }
    }

    /**
     * The last rows read back, from {@link #spilledFrom} to the last entry written, into memory: spilling ends.
     * The caller holds the write lock, so no entry is written meanwhile.
     */
    void endSpill(List<IndexRow> tail) {
        for (IndexRow r : tail) {
            rows.put(r);
        }
        spilledFrom = 0;
        indexer.signal();
    }

    /** Writes the rows waiting in memory, in transactions of at most {@link #FLUSH_CHUNK} rows. */
    void flush() {
        flushLock.lock();
        try {
            CheckpointLine c = checkpoint;
            if (c != null) {
                try {
                    IndexAnchors.record(index, c);
                    checkpoint = null;
                } catch (SQLException e) {
                    LOG.log(Level.FINE, "checkpoint copy not written yet", e);
                }
            }
            // H2 is not interrupt-safe (an interrupt closes its file): never enter it with the flag set.
            boolean interrupted = Thread.interrupted();
            try {
                // The rows waiting now, not those appended meanwhile: chasing those would commit a few rows at a time,
                // each at a transaction's cost (about 150 µs of the writer's CPU); they wait for the next batch.
                Long upTo = rows.newest();
                while (upTo != null && !rows.isEmpty() && indexedUpTo < upTo) {
                    // Rows enter in sequence order, so this is a gap-free prefix.
                    List<IndexRow> chunk = rows.oldest(FLUSH_CHUNK);
                    takenUpTo = chunk.get(chunk.size() - 1).seq();
                    index.insert(chunk);
                    indexedUpTo = chunk.get(chunk.size() - 1).seq();
                    rows.removeThrough(indexedUpTo);
                }
                problem = null;
            } catch (SQLException | RuntimeException e) {
                boolean first = problem == null;
                Long newest = rows.newest();
                problem = "writing index rows failed (" + e.getMessage() + "); "
                        + (newest == null ? "the" : String.valueOf(newest - indexedUpTo))
                        + " rows are kept in memory and retried";
                if (first) {  // retried every few hundred milliseconds: say it once, not each time
                    LOG.log(Level.WARNING, problem, e);
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            flushLock.unlock();
        }
    }

    /** Stops the indexer thread (a last flush is the caller's choice). */
    void stop() {
        indexer.stop();
    }

    /** The row of an entry, or null if neither memory nor the index has one. */
    IndexRow find(long seq) throws SQLException {
        IndexRow row = rows.get(seq);
        return row != null ? row : index.find(seq);
    }

    /**
     * Rows in {@code (low, high)} matching the query's indexed filters, the nearest {@code want} in scan order
     * ({@code up}: ascending), memory and index merged.
     */
    List<IndexRow> matching(EntryQuery q, long low, long high, boolean up, int want) throws SQLException {
        if (low + 1 >= high) {
            return List.of();
        }
        TreeMap<Long, IndexRow> merged = new TreeMap<>();
        int n = 0;
        // Memory's rows in scan order, matched a stretch at a time, until enough match or the stretch is memory's end.
        long from = low + 1;
        long to = high - 1;
        while (n < want && from <= to) {
            List<IndexRow> stretch = rows.between(from, to, up, 1_024);
            for (IndexRow r : stretch) {
                if (n < want && r.matches(q)) {
                    merged.put(r.seq(), r);
                    n++;
                }
            }
            if (stretch.size() < 1_024) {
                break;
            }
            long last = stretch.get(stretch.size() - 1).seq();
            from = up ? last + 1 : from;
            to = up ? to : last - 1;
        }
        if (!up && n == want) {
            // Memory holds the newest rows (a suffix of the log): enough of them settle a downward page alone,
            // which keeps the newest pages working while the index database is down.
            return List.copyOf(merged.descendingMap().values());
        }
        for (IndexRow r : index.query(q, low, high, up, want)) {
            merged.put(r.seq(), r);
        }
        return (up ? merged.values() : merged.descendingMap().values()).stream().limit(want).toList();
    }

    /**
     * Memory's rows above the last committed one, and that number: the index's rows up to it plus these count each
     * row once. Memory is copied first: a row gone from the copy was committed before {@code upTo} was read.
     */
    Snapshot snapshot() {
        List<IndexRow> copy = rows.between(Long.MIN_VALUE, Long.MAX_VALUE, true, Integer.MAX_VALUE);
        long upTo = indexedUpTo;
        return new Snapshot(copy.stream().filter(r -> r.seq() > upTo).toList(), upTo);
    }

    record Snapshot(List<IndexRow> memory, long upTo) {
    }

    /** Rows with {@code from <= seq <= to}, keyed by sequence number (verify's view of the index). */
    Map<Long, IndexRow> range(long from, long to) throws SQLException {
        Map<Long, IndexRow> pending = rows.map(from, to);
        Map<Long, IndexRow> found = new HashMap<>();
        for (IndexRow r : index.range(from, to)) {
            found.put(r.seq(), r);
        }
        found.putAll(pending);
        return found;
    }

    /** The chain heads recorded outside the file ({@link IndexAnchors#all}). */
    List<AnchorCheck.Anchor> anchors() throws SQLException {
        return IndexAnchors.all(index);
    }
}
