package dev.activitylog.log.entity;

/** An entry of one node of a cluster, as the merged view of all nodes shows it. */
public record NodeEntry(String node, Entry entry) {
}
