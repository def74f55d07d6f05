package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Page;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads of the open log: an entry by number (its row, then one positional read in the segment that holds it) and
 * keyset pages. Takes no lock. Entries of segments that retention removed are answered as removed, never as corrupt
 * or missing, and pages start after them.
 */
final class EntryReads {
    private final LogConfig config;
    private final PendingRows pending;
    private final Set<Long> corrupt;
    private final OffsetFiles offsets;

    EntryReads(LogConfig config, PendingRows pending, Set<Long> corrupt, OffsetFiles offsets) {
        this.config = config;
        this.pending = pending;
        this.corrupt = corrupt;
        this.offsets = offsets;
    }

    Optional<Entry> read(LogWriter l, long seq) {
        if (seq < 1 || seq > l.lastSeq()) {
            return Optional.empty();
        }
        if (seq < l.channels.oldestFirstSeq()) {
            throw Retention.removed(config, seq);
        }
        IndexRow sealed = offsets.find(seq);
        IndexRow located = sealed != null ? sealed : l.activeRow(seq);
        if (located != null) {
            Optional<Entry> e = readLocated(l, located, sealed != null);
            if (e != null) {
                return e;
            }
        }
        IndexRow row;
        try {
            row = pending.find(seq);
        } catch (SQLException e) {
            throw Failures.indexUnavailable(config.file(), e);
        }
        if (row == null) {
            throw new CorruptEntryException(seq, "the index has no row for it; restart the log to re-index the file");
        }
        return Optional.of(readEntry(l, row));
    }

    Page query(LogWriter l, EntryQuery q) {
        return KeysetPager.page(q, l.lastSeq(), (query, low, high, up, want) -> {
            // Rows of removed segments may still be in the index (deleted in batches after the removal). The bounds
            // are exclusive.
            long from = Math.max(low, l.channels.oldestFirstSeq() - 1);
            try {
                return from + 1 >= high ? List.of() : pending.matching(query, from, high, up, want);
            } catch (SQLException e) {
                throw Failures.indexUnavailable(config.file(), e);
            }
        }, row -> readEntry(l, row));
    }

    /**
     * The entry where its segment's offset file says it is, or null: the index's row decides (a damaged line, which
     * the row names too, or an offset file that points elsewhere, which goes).
     */
    private Optional<Entry> readLocated(LogWriter l, IndexRow located, boolean fromFile) {
        try {
            return Optional.of(l.channels.entryAt(located).entry());
        } catch (IOException e) {
            return null;  // a removed segment or a failing file: the index's path says which
        } catch (FormatException e) {
            try {
                IndexRow row = pending.find(located.seq());
                if (fromFile && (row == null || row.offset() != located.offset() || row.length() != located.length())) {
                    offsets.discard(located);
                }
            } catch (SQLException index) {
                // The index's path reports it.
            }
            return null;
        }
    }

    private Entry readEntry(LogWriter l, IndexRow row) {
        if (row.corrupt()) {
            throw new CorruptEntryException(row.seq(), row.damage());
        }
        try {
            return l.channels.entryAt(row).entry();
        } catch (SegmentChannels.Removed e) {
            throw Retention.removed(config, row.seq());
        } catch (IOException e) {
            throw Failures.unavailable(config.file(), e);
        } catch (FormatException e) {
            corrupt.add(row.seq());
            throw new CorruptEntryException(row.seq(), e.getMessage() + " (offset " + row.offset() + ")");
        }
    }
}
