package dev.activitylog.log.control;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Brings the index up to date once it answers again after rows were spilled ({@link PendingRows}): the entries from
 * the first spilled one are read back from the file, where their offsets say (the active segment's record, the
 * sealed segments' offset files), and their rows written in chunks, without the write lock, so appends go on; the
 * last stretch is read under the write lock into memory, which ends the spill with no entry left out. Entries whose
 * place is not known (a segment sealed without an offset file) cannot be read back here: health says so, and the
 * next start's recovery indexes them, as after a crash.
 */
final class IndexBacklog {
    private static final Logger LOG = Logger.getLogger(IndexBacklog.class.getName());
    /** Rows per chunk read back and written outside the lock; the last, smaller stretch is read under it. */
    static final int CHUNK = 5_000;

    private final LogLifecycle life;
    private final PendingRows pending;
    private final OffsetFiles offsets;

    IndexBacklog(LogLifecycle life, PendingRows pending, OffsetFiles offsets) {
        this.life = life;
        this.pending = pending;
        this.offsets = offsets;
    }

    /** One read-back, as far as it gets; run by the indexer thread (and by tests), one at a time. */
    synchronized void catchUp() {
        LogWriter l = life.current();
        if (l == null || !pending.readyToCatchUp()) {
            return;
        }
        long from = pending.spilledFrom();
        LOG.info(() -> "activity log index: reading entries from " + from + " back from the file");
        while (l.lastSeq() - pending.spilledFrom() >= CHUNK) {
            long start = pending.spilledFrom();
            List<IndexRow> chunk = read(l, start, start + CHUNK - 1);
            if (chunk == null || !pending.insertFromFile(chunk)) {
                return;
            }
        }
        life.writeLock.lock();
        try {
            if (life.current() != l || !pending.readyToCatchUp()) {
                return;
            }
            List<IndexRow> tail = read(l, pending.spilledFrom(), l.lastSeq());
            if (tail != null) {
                pending.endSpill(tail);
                LOG.info(() -> "activity log index: caught up with the file from entry " + from);
            }
        } finally {
            life.writeLock.unlock();
        }
    }

    /** The rows of entries {@code from..to} as the file has them, or null when one cannot be read back. */
    private List<IndexRow> read(LogWriter l, long from, long to) {
        List<IndexRow> rows = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long seq = from; seq <= to; seq++) {
            IndexRow sealed = offsets.find(seq);
            IndexRow at = sealed != null ? sealed : l.activeRow(seq);
            if (at == null) {
                pending.stuck("the index lacks the rows of entries from " + seq + " on, whose places in the file are"
                        + " not known while the log runs: the next start indexes them");
                return null;
            }
            try {
                rows.add(IndexRow.of(l.channels.entryAt(at).entry(), at.offset(), at.length()));
            } catch (FormatException e) {
                rows.add(IndexRow.corrupt(seq, at.offset(), at.length()));  // damaged since it was written
            } catch (IOException e) {
                return null;
            }
        }
        return rows;
    }
}
