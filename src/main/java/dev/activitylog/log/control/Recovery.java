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
 * Startup recovery, the rules of docs/recovery.md: check the active segment from the last indexed entry to the end,
 * keep torn or garbage tail bytes aside and cut them, report corrupt entries inside it without cutting anything
 * after them, and bring the index in line with the files (they are the truth). Sealed segments are walked only when
 * the index lacks their entries ({@link SealedSegments}). The files are walked by {@link LogReader}; {@link
 * RecoveryScan} decides what each line means for the log.
 */
final class Recovery {
    static final String META_CHAIN_SEED = "chain-seed";

    /** The state the log resumes appending from, and the active segment's header. */
    record Result(RecoveryReport report, long size, long lastSeq, byte[] lastHash, byte[] chainSeed,
                  HeaderLine activeHeader) {
    }

    private final List<Segments.Segment> segments;
    private final SharedChannel channel;
    private final EntryIndex index;
    private final Clock clock;
    private final Startup startup;
    private final List<String> actions = new ArrayList<>();
    private RecoveryScan scan;
    private long rowsRemoved;
    private boolean indexRebuilt;
    private long bytesCut;
    private String cutFile;
    /** What the index claimed as its last entry when recovery found the claim stale (rule 4), or 0. */
    private long claimed;
    /** The first entry the index has no row for, when that is before the active segment; else 0. */
    private long sealedFrom;

    private Recovery(List<Segments.Segment> segments, SharedChannel channel, EntryIndex index, Clock clock,
                     Startup startup) {
        this.segments = segments;
        this.channel = channel;
        this.index = index;
        this.clock = clock;
        this.startup = startup;
    }

    /**
     * @param segments the log's segments, oldest first; {@code active} is the channel of the last one
     * @param notes    findings made before recovery (they open the report)
     * @param startup  where the walks report their progress, and where a close may stop them
     */
    static Result run(List<Segments.Segment> segments, SharedChannel active, EntryIndex index, Clock clock,
                      List<String> notes, Startup startup) throws IOException, SQLException {
        Recovery r = new Recovery(segments, active, index, clock, startup);
        r.actions.addAll(notes);
        return r.run();
    }

    private Result run() throws IOException, SQLException {
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        long sizeBefore = channel.size();
        long size = sizeBefore;
        Segments.Segment active = segments.get(segments.size() - 1);
        HeaderLine header = null;
        long headerEnd = 0;
        LogReader.HeaderRead read = LogReader.header(channel, size);
        if (read instanceof LogReader.ValidHeader v) {
            header = v.header();
            headerEnd = v.end();
        } else if (segments.size() > 1 && !(read instanceof LogReader.NotAHeader)) {
            // A later segment is renamed into place complete with its header (Segments.create): not a crash.
            throw unusable("the active segment has no complete header; it was not written by this log's roll");
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
        if (header.firstSeq() != active.firstSeq()) {
            throw unusable("its header says it starts at entry " + header.firstSeq() + ", its name at "
                    + active.firstSeq());
        }
        scan = new RecoveryScan(index, actions, header.firstSeq(), header.prevHash(), startup);

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
        long oldest = segments.get(0).firstSeq();
        if (oldest > 1 && index.deleteRange(1, oldest) > 0) {
            // Retention removed a segment and the run that deleted its rows was cut short.
            actions.add("index rows of entries before " + oldest + " (removed by retention) deleted");
        }
        startup.step("checking the index against " + channel.path().getFileName());
        long start = resumePoint(header, headerEnd, size);
        startup.addTotal(size - start);
        if (sealedFrom > 0) {
            SealedSegments.index(segments.subList(0, segments.size() - 1), header.firstSeq(), sealedFrom, actions, scan,
                    startup);
            scan.expected = header.firstSeq();
            scan.lastHash = header.prevHash();
            scan.indexedBelow = header.firstSeq();
        }
        scan.begin("reading the active segment " + channel.path().getFileName() + " from offset " + start, start);
        LogReader.walk(channel, start, size, header.version(), scan);
        size = endScan(size);
        scan.flush();
        if (indexRebuilt && scan.scanned > 0) {
            actions.add("index rebuilt from the file: " + scan.scanned + " entries");
        } else if (scan.rowsIndexed > 0) {
            actions.add(scan.rowsIndexed + " entries were in the file but not in the index: indexed");
        }
        if (actions.isEmpty()) {
            actions.add("clean: file and index agree");
        }
        long expected = scan.expected;
        RecoveryReport report = new RecoveryReport(at, (System.nanoTime() - t0) / 1_000_000, sizeBefore, size,
                expected - 1, scan.scanned, scan.rowsIndexed, rowsRemoved, indexRebuilt, bytesCut, cutFile,
                scan.corrupt, actions);
        return new Result(report, size, expected - 1, scan.lastHash, header.chainSeed(), header);
    }

    /**
     * Rules 3 and 4: where the scan of the active segment starts, after the last index row that describes it. Rows
     * of sealed segments are trusted (recovery never rescans them); when the index lacks entries of sealed segments,
     * {@link #sealedFrom} says from which one they are indexed first.
     */
    private long resumePoint(HeaderLine header, long headerEnd, long size) throws IOException, SQLException {
        long first = header.firstSeq();
        // Rows follow the file's order, so only the last row can point past the end: a clean start reads that one row
        // by its key instead of scanning the table (about 1 s at a million rows).
        IndexRow last = index.last();
        if (last != null && last.seq() >= first && last.end() > size) {
            int beyond = index.deleteBeyond(first, size);
            rowsRemoved += beyond;
            actions.add(beyond + " index rows pointed past the end of the file: removed");
            last = index.last();
        }
        if (last != null && last.seq() >= first) {
            try {
                scan.lastHash = LogReader.entryAt(channel, header.version(), last.offset(), last.length(), last.seq(), true).hash();
                scan.expected = last.seq() + 1;
                scan.indexedBelow = scan.expected;
                return last.end();
            } catch (FormatException stale) {
                // The row does not describe these bytes: the file was edited, shortened in the middle, damaged or
                // replaced while the index stayed. Scanning on from the row's end could append after a byte that is
                // not a line end, or reuse a number: the index is rebuilt from the files instead. What it claimed
                // still counts (endScan), and its checkpoint copy stays for verify to compare the file with.
                claimed = last.seq();
                rowsRemoved += index.deleteRows();
                actions.add("the last index row (entry " + last.seq() + " at offset " + last.offset() + ", "
                        + last.length() + " bytes) does not match the file (" + stale.getMessage()
                        + "): the index was discarded");
                last = null;
            }
        }
        if (last == null) {
            indexRebuilt |= size > headerEnd || first > 1;
        }
        long from = Math.max(segments.get(0).firstSeq(), last == null ? 1 : last.seq() + 1);
        sealedFrom = from < first ? from : 0;
        return headerEnd;
    }

    /** A bad region that no good entry ended: kept if the index knew its entries, else cut as a torn tail. */
    private long endScan(long size) throws IOException, SQLException {
        long badStart = scan.badStart();
        if (badStart < 0) {
            requireLineEnd(size);
            return size;
        }
        if (claimed >= scan.expected && endsWithLineFeed(size)) {
            // Whole lines where the index had entries: they were written (a row follows its line's write), so
            // this is damage, not a torn write. Kept in place and reported; their numbers are not given again. The
            // chain goes on from the last intact entry (verify cannot check a link across damage anyway).
            scan.markCorrupt(scan.expected, claimed + 1, badStart, size);
            scan.expected = claimed + 1;
            return size;
        }
        cut(badStart, size, "torn or unreadable tail after entry " + (scan.expected - 1));
        scan.regionCut();
        requireLineEnd(badStart);
        return badStart;
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

    private LogUnavailableException unusable(String why) {
        return new LogUnavailableException(channel.path().toString(), Reason.NOT_A_LOG,
                "segment " + channel.path().getFileName() + ": " + why + "; the file was left untouched", null);
    }

    private static byte[] newSeed() {
        byte[] seed = new byte[LineCodec.HASH_BYTES];
        new SecureRandom().nextBytes(seed);
        return seed;
    }
}
