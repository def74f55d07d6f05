package dev.activitylog.log.entity;

import java.util.List;

/**
 * One page of a query, newest entry first.
 *
 * @param entries     matching entries, newest first
 * @param corrupt     sequence numbers in this page's range whose bytes fail their checksum (listed, not hidden)
 * @param nextBefore  pass as {@code before} for the next older page; null when nothing older matches
 * @param newerAfter  pass as {@code after} for the next newer page; null when nothing newer matches
 * @param scanLimited a text search examined {@link EntryQuery#MAX_TEXT_SCAN} entries and stopped: more matches may
 *                    lie beyond, continue with {@code nextBefore} (or {@code newerAfter} when paging up)
 */
public record Page(List<Entry> entries, List<Long> corrupt, Long nextBefore, Long newerAfter, boolean scanLimited) {
    public Page {
        entries = List.copyOf(entries);
        corrupt = List.copyOf(corrupt);
    }

    public boolean hasOlder() {
        return nextBefore != null;
    }

    public boolean hasNewer() {
        return newerAfter != null;
    }
}
