/**
 * The engine, plain Java without a container: the file format's codecs and its one reader ({@code LogReader}),
 * recovery and verification, the writer of the open file, the write-behind index rows, keyset paging, the JDBC
 * index (embedded H2, its rows by block; or PostgreSQL shared by a cluster's nodes: their rows, lines, anchors,
 * lease and merged view) and the embedded database's lifecycle. {@code LogEngine} is the entry point and keeps the
 * state machine; docs/architecture.md shows which class owns what. May use {@code log.entity} only, besides the
 * JDK, JDBC, H2's error codes and Flyway.
 */
package dev.activitylog.log.control;
