package dev.activitylog.log.entity;

import java.util.List;

/**
 * A page of the merged view of a cluster's nodes, newest first: by time, then node, then sequence number.
 *
 * @param entries    the page's entries, each named by its node
 * @param corrupt    entries of the page's range whose lines in the index fail their checks, as {@code node:seq}
 * @param nextBefore the cursor of the next older page ({@code before}), or null when this is the oldest
 */
public record ClusterPage(List<NodeEntry> entries, List<String> corrupt, String nextBefore) {
    public ClusterPage {
        entries = List.copyOf(entries);
        corrupt = List.copyOf(corrupt);
    }
}
