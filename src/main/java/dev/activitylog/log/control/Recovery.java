package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.RecoveryReport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Startup recovery, the rules of docs/recovery.md: check the file from the last indexed entry to the end, keep torn
 * or garbage tail bytes aside and cut them, report corrupt entries inside the file without cutting anything after
 * them, and bring the index in line with the file (the file is the truth). The file is walked by {@link LogReader};
 * this class decides what each line means for the log.
 */
final class Recovery implements LogReader.Reporter {
    static final String META_CHAIN_SEED = "chain-seed";
    private static final int INDEX_BATCH = 1_000;

    /** The state the log resumes appending from. */
    record Result(RecoveryReport report, long size, long lastSeq, byte[] lastHash, byte[] chainSeed) {
    }

    private final SharedChannel channel;
    private final EntryIndex index;
    private final Clock clock;
    private final List<String> actions = new ArrayList<>();
    private final List<Long> corrupt = new ArrayList<>();
    private final List<IndexRow> batch = new ArrayList<>();
    private long rowsIndexed;
    private long rowsRemoved;
    private boolean indexRebuilt;
    private long bytesCut;
    private String cutFile;

    // The scan: the next number expected, the chain head, and the bad region not yet ended by a good entry.
    private long expected = 1;
    private byte[] lastHash;
    private long scanned;
    private long badStart = -1;
    private final List<long[]> badLines = new ArrayList<>();
    /** What the index claimed as its last entry when recovery found the claim stale (rule 4), or 0. */
    private long claimed;

    private Recovery(SharedChannel channel, EntryIndex index, Clock clock) {
        this.channel = channel;
        this.index = index;
        this.clock = clock;
    }

    /** @param notes findings made before recovery (they open the report) */
    static Result run(SharedChannel channel, EntryIndex index, Clock clock, List<String> notes)
            throws IOException, SQLException {
        Recovery r = new Recovery(channel, index, clock);
        r.actions.addAll(notes);
        return r.run();
    }

    private Result run() throws IOException, SQLException {
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        long sizeBefore = channel.size();
        long size = sizeBefore;
        HeaderLine header = null;
        long headerEnd = 0;
        LogReader.HeaderRead read = LogReader.header(channel, size);
        if (read instanceof LogReader.ValidHeader v) {
            header = v.header();
            headerEnd = v.end();
        } else if (read instanceof LogReader.TornHeader) {
            cut(0, size, "torn file header (the log was being created)");
            size = 0;
        } else if (read instanceof LogReader.NotAHeader n) {
            throw new LogUnavailableException(channel.path().toString(),
                    n.unsupportedVersion() ? Reason.UNSUPPORTED_VERSION : Reason.NOT_A_LOG,
                    n.why() + "; the file was left untouched", null);
        }
        if (header == null) {
            header = new HeaderLine(LineCodec.truncate(clock.instant()), newSeed());
            byte[] line = header.encode();
            channel.writeFully(ByteBuffer.wrap(line), 0);
            channel.force();
            SideFiles.syncDirectory(channel.path());
            headerEnd = line.length;
            size = line.length;
            actions.add("created a new log file");
        }
        lastHash = header.chainSeed();

        String seed = HexFormat.of().formatHex(header.chainSeed());
        String indexSeed = index.meta(META_CHAIN_SEED);
        if (!seed.equals(indexSeed)) {
            if (indexSeed != null) {
                actions.add("the index belonged to another log file (chain seed differs): cleared");
                indexRebuilt = true;
            }
            index.clear();
            index.putMeta(META_CHAIN_SEED, seed);
        }
        long start = resumePoint(headerEnd, size);
        LogReader.walk(channel, start, size, this);
        size = endScan(size);
        flush();
        if (indexRebuilt && scanned > 0) {
            actions.add("index rebuilt from the file: " + scanned + " entries");
        } else if (rowsIndexed > 0) {
            actions.add(rowsIndexed + " entries were in the file but not in the index: indexed");
        }
        if (actions.isEmpty()) {
            actions.add("clean: file and index agree");
        }
        RecoveryReport report = new RecoveryReport(at, (System.nanoTime() - t0) / 1_000_000, sizeBefore, size,
                expected - 1, scanned, rowsIndexed, rowsRemoved, indexRebuilt, bytesCut, cutFile, corrupt, actions);
        return new Result(report, size, expected - 1, lastHash, header.chainSeed());
    }

    /** Rules 3 and 4: where the scan starts, after the last index row that describes the file. */
    private long resumePoint(long headerEnd, long size) throws IOException, SQLException {
        // Rows follow the file's order, so only the last row can point past the end: a clean start reads that one row
        // by its key instead of scanning the table (about 1 s at a million rows).
        IndexRow last = index.last();
        if (last != null && last.end() > size) {
            int beyond = index.deleteBeyond(size);
            rowsRemoved += beyond;
            actions.add(beyond + " index rows pointed past the end of the file: removed");
            last = index.last();
        }
        if (last != null) {
            try {
                lastHash = LogReader.entryAt(channel, last.offset(), last.length(), last.seq(), true).hash();
                expected = last.seq() + 1;
                return last.end();
            } catch (FormatException stale) {
                // The row does not describe these bytes: the file was edited, shortened in the middle, damaged or
                // replaced while the index stayed. Scanning on from the row's end could append after a byte that is
                // not a line end, or reuse a number: the index is rebuilt from the file instead. What it claimed
                // still counts (endScan), and its checkpoint copy stays for verify to compare the file with.
                claimed = last.seq();
                rowsRemoved += index.deleteRows();
                actions.add("the last index row (entry " + last.seq() + " at offset " + last.offset() + ", "
                        + last.length() + " bytes) does not match the file (" + stale.getMessage()
                        + "): the index was discarded");
            }
        }
        if (size > headerEnd) {
            indexRebuilt = true;
        }
        return headerEnd;
    }

    @Override
    public void entry(LogReader.Line line, LineCodec.Decoded d) throws SQLException {
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
        add(new IndexRow(seq, line.offset(), line.length(), Times.micros(d.entry().time()), d.entry().actor(),
                d.entry().action()));
        scanned++;
        expected = seq + 1;
        lastHash = d.hash();
    }

    @Override
    public void checkpoint(LogReader.Line line, CheckpointLine checkpoint) {
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
        if (badStart < 0) {
            badStart = offset;
        }
        badLines.add(new long[]{offset, length});
    }

    /** A bad region that no good entry ended: kept if the index knew its entries, else cut as a torn tail. */
    private long endScan(long size) throws IOException, SQLException {
        if (badStart < 0) {
            requireLineEnd(size);
            return size;
        }
        if (claimed >= expected && endsWithLineFeed(size)) {
            // Whole lines where the index had entries: they were written (a row follows its line's write), so
            // this is damage, not a torn write. Kept in place and reported; their numbers are not given again. The
            // chain goes on from the last intact entry (verify cannot check a link across damage anyway).
            markCorrupt(expected, claimed + 1, badStart, size);
            expected = claimed + 1;
            return size;
        }
        cut(badStart, size, "torn or unreadable tail after entry " + (expected - 1));
        requireLineEnd(badStart);
        return badStart;
    }

    /**
     * Bytes between two good entries that do not parse: the entries numbered in between are corrupt. If the bad
     * region splits into exactly as many lines as entries are missing, each gets its own line; otherwise each points
     * at the whole region. An empty region means the lines were removed. Nothing here is cut.
     */
    private void markCorrupt(long firstSeq, long nextGoodSeq, long regionStart, long regionEnd) throws SQLException {
        long missing = nextGoodSeq - firstSeq;
        String range = firstSeq + (missing > 1 ? ".." + (nextGoodSeq - 1) : "");
        if (missing == 0) {
            actions.add("unreadable bytes at offsets " + regionStart + ".." + regionEnd + " between entries "
                    + (firstSeq - 1) + " and " + nextGoodSeq + ": kept, no entry is missing");
        }
        for (long s = firstSeq; s < nextGoodSeq; s++) {
            long[] line = badLines.size() == missing ? badLines.get((int) (s - firstSeq))
                    : new long[]{regionStart, regionEnd - regionStart};
            add(new IndexRow(s, line[0], (int) Math.min(Integer.MAX_VALUE, line[1]), null, null, null));
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

    private void add(IndexRow row) throws SQLException {
        batch.add(row);
        if (batch.size() >= INDEX_BATCH) {
            flush();
        }
    }

    private void flush() throws SQLException {
        index.insert(batch);
        rowsIndexed += batch.size();
        batch.clear();
    }

    private void cut(long from, long to, String why) throws IOException {
        Path side = SideFiles.cut(channel, from, to, clock.instant());
        bytesCut += to - from;
        cutFile = side.toString();
        actions.add(why + ": cut " + (to - from) + " bytes at offset " + from + ", kept in " + side.getFileName());
    }

    /** An append must follow a line feed (the header's or an entry's): anything else would merge two lines. */
    private void requireLineEnd(long size) throws IOException {
        if (!endsWithLineFeed(size)) {
            throw new LogUnavailableException(channel.path().toString(), Reason.IO_ERROR, "recovery ended at offset "
                    + size + ", which does not follow a line feed; nothing is appended to this file", null);
        }
    }

    private boolean endsWithLineFeed(long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        channel.readFully(b, size - 1);
        return b.get(0) == '\n';
    }

    private static byte[] newSeed() {
        byte[] seed = new byte[LineCodec.HASH_BYTES];
        new SecureRandom().nextBytes(seed);
        return seed;
    }
}
