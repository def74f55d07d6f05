package dev.activitylog.log.control;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Verify's check of the index against the files: every entry has its row, pointing at its bytes, and no row more. */
final class IndexCheck {
    private static final int CHUNK = 10_000;

    @FunctionalInterface
    interface Problems {
        void report(Long seq, long offset, String what);
    }

    private final Verifier.IndexRows index;
    private final long indexUpTo;
    private final Problems problems;
    private final List<long[]> chunk = new ArrayList<>();
    private long rowsChecked;

    /** @param indexUpTo the last entry the index should have a row for (a live log goes on appending) */
    IndexCheck(Verifier.IndexRows index, long indexUpTo, Problems problems) {
        this.index = index;
        this.indexUpTo = indexUpTo;
        this.problems = problems;
    }

    long rowsChecked() {
        return rowsChecked;
    }

    /** An entry found in a segment at {@code offset}, {@code length} bytes; checked in chunks of rows. */
    void entry(long seq, long offset, int length) throws SQLException {
        chunk.add(new long[]{seq, offset, length});
        if (chunk.size() == CHUNK) {
            check();
        }
    }

    /** The walk ended before entry {@code expected}: the rest is checked, and no row may point beyond. */
    void finish(long expected) throws SQLException {
        check();
        if (expected <= indexUpTo) {
            Map<Long, IndexRow> beyond = index.range(expected, indexUpTo);
            for (IndexRow r : beyond.values()) {
                problems.report(r.seq(), r.offset(), "index row for an entry that is not in the file");
            }
            rowsChecked += beyond.size();
        }
    }

    private void check() throws SQLException {
        if (chunk.isEmpty()) {
            return;
        }
        long from = chunk.get(0)[0];
        long to = chunk.get(chunk.size() - 1)[0];
        Map<Long, IndexRow> rows = index.range(Math.min(from, to), Math.max(from, to));
        for (long[] e : chunk) {
            IndexRow r = rows.get(e[0]);
            if (r == null) {
                problems.report(e[0], e[1], "no index row (restart the log to re-index it)");
            } else if (r.offset() != e[1] || r.length() != e[2]) {
                problems.report(e[0], e[1], "index row points at offset " + r.offset() + " length " + r.length()
                        + ", the entry is at offset " + e[1] + " length " + e[2]);
            }
        }
        rowsChecked += rows.size();
        chunk.clear();
    }
}
