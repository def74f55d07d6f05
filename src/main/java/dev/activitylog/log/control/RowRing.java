package dev.activitylog.log.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows waiting for the index ({@link PendingRows}), in a ring of slots indexed by sequence number: rows come in
 * number order from the one appender that holds the write lock and leave from the oldest end once committed, so a
 * row costs one array store instead of a node in a sorted map. Readers take no lock: a slot whose row is not the
 * number asked for was committed and reused, and the index has that row.
 */
final class RowRing {
    /** Rows {@code first} (inclusive) to {@code next} (exclusive); both only grow, except at {@link #clear}. */
    private volatile long first = 1;
    private volatile long next = 1;
    /** Replaced by a larger copy when full; written before {@link #next}, so a reader sees a row's array. */
    private volatile IndexRow[] slots;

    RowRing(int capacity) {
        slots = new IndexRow[Integer.highestOneBit(Math.max(2, capacity - 1)) << 1];
    }

    /** Adds the row of the entry after the newest one (numbers skipped by the caller hold no row). */
    synchronized void put(IndexRow row) {
        long seq = row.seq();
        if (first == next) {
            first = seq;
        } else if (seq < next) {
            throw new IllegalStateException("index row " + seq + " after row " + (next - 1));
        }
        IndexRow[] s = slots;
        if (seq - first >= s.length) {
            s = grow(s, seq - first + 1);
        }
        for (long gap = Math.max(next, first); gap < seq; gap++) {
            s[index(s, gap)] = null;
        }
        s[index(s, seq)] = row;
        next = seq + 1;
    }

    /** The row of {@code seq}, or null when it is not here. */
    IndexRow get(long seq) {
        long n = next;
        if (seq >= n || seq < first) {
            return null;
        }
        IndexRow[] s = slots;
        IndexRow r = s[index(s, seq)];
        return r != null && r.seq() == seq ? r : null;
    }

    boolean isEmpty() {
        return first == next;
    }

    /** The newest row's number, or null when empty. */
    Long newest() {
        long n = next;
        return first == n ? null : n - 1;
    }

    /** Up to {@code n} of the oldest rows, in order. */
    List<IndexRow> oldest(int n) {
        return collect(first, next - 1, true, n);
    }

    /** The rows with {@code from <= seq <= to}, in order ({@code up}) or newest first, at most {@code limit}. */
    List<IndexRow> between(long from, long to, boolean up, int limit) {
        return collect(Math.max(from, first), Math.min(to, next - 1), up, limit);
    }

    /** The rows with {@code from <= seq <= to}, by number. */
    Map<Long, IndexRow> map(long from, long to) {
        Map<Long, IndexRow> out = new HashMap<>();
        for (IndexRow r : between(from, to, true, Integer.MAX_VALUE)) {
            out.put(r.seq(), r);
        }
        return out;
    }

    /** Drops the rows up to {@code seq} (committed to the index). */
    synchronized void removeThrough(long seq) {
        IndexRow[] s = slots;
        long end = Math.min(seq + 1, next);
        for (long i = first; i < end; i++) {
            s[index(s, i)] = null;
        }
        // The oldest row left is first (a number the caller skipped holds none): a flush never starts on a gap.
        while (end < next && get(end) == null) {
            end++;
        }
        if (end > first) {
            first = end;
        }
    }

    synchronized void clear() {
        java.util.Arrays.fill(slots, null);
        first = next;
    }

    private List<IndexRow> collect(long from, long to, boolean up, int limit) {
        List<IndexRow> out = new ArrayList<>((int) Math.max(0, Math.min(limit, to - from + 1)));
        for (long i = up ? from : to; (up ? i <= to : i >= from) && out.size() < limit; i += up ? 1 : -1) {
            IndexRow r = get(i);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private IndexRow[] grow(IndexRow[] s, long needed) {
        IndexRow[] bigger = new IndexRow[Integer.highestOneBit((int) Math.min(1 << 30, needed)) << 1];
        for (long i = first; i < next; i++) {
            bigger[index(bigger, i)] = s[index(s, i)];
        }
        slots = bigger;
        return bigger;
    }

    private static int index(IndexRow[] s, long seq) {
        return (int) (seq & (s.length - 1));
    }
}
