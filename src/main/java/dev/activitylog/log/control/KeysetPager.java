package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keyset paging of an {@link EntryQuery}, as pure logic over two functions: the index rows matching the indexed
 * filters, and the read of an entry. A page never skips or repeats an entry however the log grows between pages,
 * because its links are sequence numbers, not positions. Corrupt entries in range are listed by number, not hidden
 * and not fatal. Text is matched by reading entries, at most {@link EntryQuery#MAX_TEXT_SCAN} per page.
 */
final class KeysetPager {
    /** Rows in {@code (low, high)} matching the query's indexed filters, the nearest {@code want} in scan order. */
    @FunctionalInterface
    interface Rows {
        List<IndexRow> matching(EntryQuery q, long low, long high, boolean up, int want);
    }

    @FunctionalInterface
    interface Reader {
        Entry read(IndexRow row);
    }

    /** Rows fetched at once while a text filter is matched by reading entries. */
    private static final int TEXT_BATCH = 500;

    private KeysetPager() {
    }

    /** @param top the newest entry's number */
    static Page page(EntryQuery q, long top, Rows rows, Reader reader) {
        boolean up = q.after() != null;
        long low = up ? q.after() : 0;
        long high = up || q.before() == null ? top + 1 : Math.min(q.before(), top + 1);
        int batch = q.text() == null ? q.limit() + 1 : TEXT_BATCH;
        List<Entry> found = new ArrayList<>(q.limit());
        List<Long> bad = new ArrayList<>();
        boolean more = false;
        boolean limited = false;
        long cursorLow = low;
        long cursorHigh = high;
        int examined = 0;
        scan:
        while (true) {
            List<IndexRow> batchRows = rows.matching(q, cursorLow, cursorHigh, up, batch);
            for (IndexRow r : batchRows) {
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
                    Entry e = reader.read(r);
                    if (q.matchesText(e)) {
                        found.add(e);
                    }
                } catch (CorruptEntryException e) {
                    bad.add(r.seq());
                }
            }
            if (batchRows.size() < batch) {
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
        // The other direction's link only asks the index whether anything lies there; with a text filter such a
        // link may lead to an empty page (reading entries to be sure could cost a whole bounded scan).
        if (up) {
            newerAfter = more || limited ? cursorLow : null;
            nextBefore = low >= 1 && !rows.matching(q, 0, low + 1, false, 1).isEmpty()
                    ? (oldest != null ? oldest : low + 1) : null;
        } else {
            nextBefore = more || limited ? cursorHigh : null;
            newerAfter = high <= top && !rows.matching(q, high - 1, top + 1, true, 1).isEmpty()
                    ? (newest != null ? newest : high - 1) : null;
        }
        return new Page(found, bad, nextBefore, newerAfter, limited);
    }
}
