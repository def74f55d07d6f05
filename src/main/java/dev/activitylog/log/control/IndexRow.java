package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;

/**
 * Where an entry's line lies in the file, plus the fields the index filters on. {@code tsMicros}, {@code actor} and
 * {@code action} are null for an entry whose bytes are corrupt: its row only says where the damage is.
 * {@code outcome} is null for an entry of a version 1 segment, {@code correlation} when the entry has none.
 */
record IndexRow(long seq, long offset, int length, Long tsMicros, String actor, String action, String outcome,
                String correlation) {

    /** The row of a readable entry whose line is at {@code offset}, {@code length} bytes. */
    static IndexRow of(Entry e, long offset, int length) {
        return new IndexRow(e.seq(), offset, length, Times.micros(e.time()), e.actor(), e.action(), e.outcome(),
                e.correlation().isEmpty() ? null : e.correlation());
    }

    /**
     * Where a readable entry is, without its filter columns (an offset file's row: {@link OffsetFiles}); only for
     * reading the entry, never for matching a query.
     */
    static IndexRow located(long seq, long offset, int length) {
        return new IndexRow(seq, offset, length, null, "", null, null, null);
    }

    /** The row of an entry whose bytes are unreadable (or missing: length 0) at {@code offset}. */
    static IndexRow corrupt(long seq, long offset, int length) {
        return new IndexRow(seq, offset, length, null, null, null, null, null);
    }

    long end() {
        return offset + length;
    }

    boolean corrupt() {
        return actor == null;
    }

    /** Whether the row matches the query's indexed filters (in memory, as the index's SQL does). */
    boolean matches(EntryQuery q) {
        return q.matchesIndexed(tsMicros == null ? null : Times.ofMicros(tsMicros), actor, action, outcome, correlation);
    }

    /** What recovery found where a corrupt entry's row points: a length of 0 marks an entry missing from the file. */
    String damage() {
        return length == 0 ? "recovery found it missing from the file (removed before offset " + offset + ")"
                : "recovery found its bytes unreadable at offset " + offset;
    }
}
