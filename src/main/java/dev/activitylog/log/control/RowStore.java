package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where one node's committed index rows are kept: {@link BlockTable}, blocks of rows (the embedded H2), or
 * {@link EntryTable}, one SQL row per entry (a shared index, whose merged view filters them in SQL). Both answer in
 * rows; {@link EntryIndex} picks one.
 */
interface RowStore {
    IndexRow last() throws SQLException;

    IndexRow find(long seq) throws SQLException;

    /** Rows with {@code from <= seq <= to}, in order. */
    List<IndexRow> range(long from, long to) throws SQLException;

    /** Inserts rows in one transaction: all of them or none. */
    void insert(Collection<IndexRow> rows) throws SQLException;

    /** Removes rows of the active segment (entries from {@code firstSeq}) that point past its end. */
    int deleteBeyond(long firstSeq, long segmentSize) throws SQLException;

    /** Removes the rows of entries {@code from} (inclusive) to {@code to} (exclusive). */
    int deleteRange(long from, long to) throws SQLException;

    /** Removes every row of this node. */
    int deleteRows() throws SQLException;

    /** Rows matching the query's indexed filters with {@code low < seq < high}, the first {@code limit} in order. */
    List<IndexRow> query(EntryQuery q, long low, long high, boolean ascending, int limit) throws SQLException;

    /** The earliest and latest time (micros) of the rows up to {@code upTo} matching the indexed filters, or null. */
    long[] timeRange(EntryQuery q, long upTo) throws SQLException;

    /**
     * How many rows up to {@code upTo} match the indexed filters, by time bucket ({@code (ts - from) / width}, from
     * 0 to {@code buckets - 1}) and action.
     */
    Map<Integer, Map<String, Long>> counts(EntryQuery q, long upTo, long fromMicros, long widthMicros, int buckets)
            throws SQLException;
}
