package dev.activitylog.log.entity;

import java.util.List;

/**
 * One page of a newest-first query.
 *
 * @param entries    matching entries, newest first
 * @param corrupt    sequence numbers in this page's range whose bytes fail their checksum (listed, not hidden)
 * @param nextBefore pass as {@code before} to get the next (older) page; null when there is none
 */
public record Page(List<Entry> entries, List<Long> corrupt, Long nextBefore) {
    public Page {
        entries = List.copyOf(entries);
        corrupt = List.copyOf(corrupt);
    }

    public boolean hasOlder() {
        return nextBefore != null;
    }
}
