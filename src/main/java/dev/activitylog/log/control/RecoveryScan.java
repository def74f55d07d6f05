package dev.activitylog.log.control;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What recovery's walk of a segment finds, line by line (the {@link LogReader.Reporter} of {@link Recovery}): rows
 * for the entries the index lacks, the entries whose bytes are damaged, and the bad region not yet ended by a good
 * entry (at the end of the active segment a torn tail to cut, anywhere else damage to keep and report).
 */
final class RecoveryScan implements LogReader.Reporter {
    private static final int INDEX_BATCH = 1_000;

    private final EntryIndex index;
    private final List<String> actions;
    private final Startup startup;
    final List<Long> corrupt = new ArrayList<>();
    private final List<IndexRow> batch = new ArrayList<>();
    long rowsIndexed;
    long scanned;
    /** The next number expected and the chain head. */
    long expected;
    byte[] lastHash;
    /** Entries below this number already have their rows (a segment walked from its start to reach the rest). */
    long indexedBelow;
    private long badStart = -1;
    private final List<long[]> badLines = new ArrayList<>();
    /** The end of the last line seen in the file being walked (for the start's progress). */
    private long position;

    RecoveryScan(EntryIndex index, List<String> actions, long expected, byte[] lastHash, Startup startup) {
        this.index = index;
        this.actions = actions;
        this.startup = startup;
        this.expected = expected;
        this.lastHash = lastHash;
        this.indexedBelow = expected;
    }

    /** Where the bad region that no good entry ended starts, or -1. */
    long badStart() {
        return badStart;
    }

    /** A walk of a file starts at {@code from}: the start says so, and may stop here (as after each full batch). */
    void begin(String step, long from) {
        position = from;
        startup.walk(step, from);
        startup.checkpoint();
    }

    @Override
    public void entry(LogReader.Line line, LineCodec.Decoded d) throws SQLException {
        position = line.offset() + line.length();
        long seq = d.entry().seq();
        if (seq < expected) {
            bad(line.offset(), line.length());
            return;
        }
        // A higher number than expected right after a good line: lines were removed. Their numbers are reported
        // missing and never given to another entry.
        if (badStart >= 0 || seq > expected) {
            markCorrupt(expected, seq, badStart >= 0 ? badStart : line.offset(), line.offset());
        }
        if (seq >= indexedBelow) {
            add(IndexRow.of(d.entry(), line.offset(), line.length()));
            scanned++;
        }
        expected = seq + 1;
        lastHash = d.hash();
    }

    @Override
    public void checkpoint(LogReader.Line line, CheckpointLine checkpoint) {
        position = line.offset() + line.length();
        if (badStart >= 0) {
            bad(line.offset(), line.length());
        }
        // Otherwise skipped: a checkpoint is not an entry; the verifier checks what it claims.
    }

    @Override
    public void damaged(LogReader.Damage damage) {
        for (LogReader.Line l : damage.lines()) {
            bad(l.offset(), l.length());
        }
    }

    @Override
    public void torn(long offset, long length) {
        bad(offset, length);
    }

    private void bad(long offset, long length) {
        position = offset + length;
        if (badStart < 0) {
            badStart = offset;
        }
        badLines.add(new long[]{offset, length});
    }

    /**
     * Bytes between two good entries that do not parse: the entries numbered in between are corrupt. If the bad
     * region splits into exactly as many lines as entries are missing, each gets its own line; otherwise each points
     * at the whole region. An empty region means the lines were removed. Nothing here is cut.
     */
    void markCorrupt(long firstSeq, long nextGoodSeq, long regionStart, long regionEnd) throws SQLException {
        long missing = nextGoodSeq - firstSeq;
        String range = firstSeq + (missing > 1 ? ".." + (nextGoodSeq - 1) : "");
        if (missing == 0) {
            actions.add("unreadable bytes at offsets " + regionStart + ".." + regionEnd + " between entries "
                    + (firstSeq - 1) + " and " + nextGoodSeq + ": kept, no entry is missing");
        }
        for (long s = firstSeq; s < nextGoodSeq; s++) {
            long[] line = badLines.size() == missing ? badLines.get((int) (s - firstSeq))
                    : new long[]{regionStart, regionEnd - regionStart};
            if (s >= indexedBelow) {
                add(IndexRow.corrupt(s, line[0], (int) Math.min(Integer.MAX_VALUE, line[1])));
            }
            corrupt.add(s);
        }
        if (missing > 0 && regionStart == regionEnd) {
            actions.add("entries " + range + " are missing from the file (removed before offset " + regionStart
                    + "): reported, their numbers are not reused; later entries are intact");
        } else if (missing > 0) {
            actions.add("entries " + range + " are corrupt (offsets " + regionStart + ".." + regionEnd
                    + "): kept in place, later entries are intact");
        }
        badStart = -1;
        badLines.clear();
    }

    /** A bad region cut away: its lines are gone. */
    void regionCut() {
        badStart = -1;
        badLines.clear();
    }

    private void add(IndexRow row) throws SQLException {
        batch.add(row);
        if (batch.size() >= INDEX_BATCH) {
            flush();
            startup.checkpoint();
        }
    }

    /** Writes the batch in one transaction; the start's progress moves on. */
    void flush() throws SQLException {
        index.insert(batch);
        rowsIndexed += batch.size();
        batch.clear();
        startup.reached(position, rowsIndexed);
    }
}
