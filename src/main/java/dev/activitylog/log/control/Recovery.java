package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.RecoveryReport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Startup recovery, the rules of docs/recovery.md: check the file from the last indexed entry to the end, keep torn
 * or garbage tail bytes aside and cut them, report corrupt entries inside the file without cutting anything after
 * them, and bring the index in line with the file (the file is the truth).
 */
final class Recovery {
    static final String META_CHAIN_SEED = "chain-seed";
    private static final int HEADER_MAX = 4096;
    private static final int INDEX_BATCH = 1_000;
    private static final DateTimeFormatter CUT_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

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
        LineCodec.Header header = null;
        long headerEnd = 0;
        if (size > 0) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, HEADER_MAX));
            channel.readFully(head, 0);
            byte[] b = head.array();
            int lf = indexOf(b, (byte) '\n');
            if (lf >= 0) {
                header = decodeHeader(b, lf);
                headerEnd = lf + 1;
            } else if (size < HEADER_MAX && looksLikeTornHeader(b)) {
                cut(0, size, "torn file header (the log was being created)");
                size = 0;
            } else {
                throw notALog("the first line is not an activity-log header", null);
            }
        }
        if (header == null) {
            header = new LineCodec.Header(LineCodec.truncate(clock.instant()), newSeed());
            byte[] line = LineCodec.encodeHeader(header);
            channel.writeFully(ByteBuffer.wrap(line), 0);
            channel.force();
            syncDirectory(channel.path());
            headerEnd = line.length;
            size = line.length;
            actions.add("created a new log file");
        }

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
        // Rows follow the file's order, so only the last row can point past the end: a clean start reads that one row
        // by its key instead of scanning the table (about 1 s at a million rows).
        IndexRow last = index.last();
        if (last != null && last.end() > size) {
            int beyond = index.deleteBeyond(size);
            rowsRemoved += beyond;
            actions.add(beyond + " index rows pointed past the end of the file: removed");
            last = index.last();
        }

        long start = headerEnd;
        long expected = 1;
        byte[] lastHash = header.chainSeed();
        long claimed = 0;
        if (last != null) {
            LastRow check = LastRow.check(channel, last);
            if (check.stale() == null) {
                lastHash = check.entry().hash();
                start = last.end();
                expected = last.seq() + 1;
            } else {
                // The row does not describe these bytes: the file was edited, shortened in the middle, damaged or
                // replaced while the index stayed. Scanning on from the row's end could append after a byte that is
                // not a line end, or reuse a number: the index is rebuilt from the file instead. What it claimed
                // still counts (below), and its checkpoint copy stays for verify to compare the file with.
                claimed = last.seq();
                rowsRemoved += index.deleteRows();
                actions.add("the last index row (entry " + last.seq() + " at offset " + last.offset() + ", "
                        + last.length() + " bytes) does not match the file (" + check.stale()
                        + "): the index was discarded");
                last = null;
            }
        }
        if (last == null && size > headerEnd) {
            indexRebuilt = true;
        }

        LineScanner scanner = new LineScanner(channel, start, size);
        long scanned = 0;
        long badStart = -1;
        List<long[]> badLines = new ArrayList<>();
        while (scanner.next()) {
            if (badStart < 0 && scanner.terminated() && validCheckpoint(scanner)) {
                continue;  // checkpoints are not entries; the verifier checks what they claim
            }
            LineCodec.Decoded d = scanner.terminated()
                    ? decodeOrNull(scanner.buffer(), scanner.start(), scanner.contentLength()) : null;
            long seq = d == null ? -1 : d.entry().seq();
            if (d != null && seq >= expected) {
                // A higher number than expected right after a good line: lines were removed. Their numbers are
                // reported missing and never given to another entry.
                if (badStart >= 0 || seq > expected) {
                    markCorrupt(expected, seq, badStart >= 0 ? badStart : scanner.offset(), scanner.offset(), badLines);
                    badStart = -1;
                    badLines.clear();
                }
                add(new IndexRow(seq, scanner.offset(), scanner.length(), Times.micros(d.entry().time()),
                        d.entry().actor(), d.entry().action()));
                scanned++;
                expected = seq + 1;
                lastHash = d.hash();
            } else {
                if (badStart < 0) {
                    badStart = scanner.offset();
                }
                badLines.add(new long[]{scanner.offset(), scanner.length()});
            }
        }
        if (badStart >= 0 && claimed >= expected && endsWithLineFeed(size)) {
            // Whole lines where the index had entries: they were written (a row follows its line's write), so
            // this is damage, not a torn write. Kept in place and reported; their numbers are not given again. The
            // chain goes on from the last intact entry (verify cannot check a link across damage anyway).
            markCorrupt(expected, claimed + 1, badStart, size, badLines);
            expected = claimed + 1;
        } else if (badStart >= 0) {
            cut(badStart, size, "torn or unreadable tail after entry " + (expected - 1));
            size = badStart;
        }
        requireLineEnd(size);
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

    /**
     * Bytes between two good entries that do not parse: the entries numbered in between are corrupt. If the bad
     * region splits into exactly as many lines as entries are missing, each gets its own line; otherwise each points
     * at the whole region. Nothing here is cut.
     */
    private void markCorrupt(long firstSeq, long nextGoodSeq, long regionStart, long regionEnd, List<long[]> lines)
            throws SQLException {
        long missing = nextGoodSeq - firstSeq;
        String range = firstSeq + (missing > 1 ? ".." + (nextGoodSeq - 1) : "");
        if (regionStart == regionEnd) {
            for (long s = firstSeq; s < nextGoodSeq; s++) {
                add(new IndexRow(s, regionStart, 0, null, null, null));
                corrupt.add(s);
            }
            actions.add("entries " + range + " are missing from the file (removed before offset " + regionStart
                    + "): reported, their numbers are not reused; later entries are intact");
            return;
        }
        if (missing == 0) {
            actions.add("unreadable bytes at offsets " + regionStart + ".." + regionEnd + " between entries "
                    + (firstSeq - 1) + " and " + nextGoodSeq + ": kept, no entry is missing");
            return;
        }
        for (long s = firstSeq; s < nextGoodSeq; s++) {
            long[] line = lines.size() == missing ? lines.get((int) (s - firstSeq)) : new long[]{regionStart, regionEnd - regionStart};
            add(new IndexRow(s, line[0], (int) Math.min(Integer.MAX_VALUE, line[1]), null, null, null));
            corrupt.add(s);
        }
        actions.add("entries " + range + " are corrupt (offsets "
                + regionStart + ".." + regionEnd + "): kept in place, later entries are intact");
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

    /** Copies [from, to) into a side file next to the log, makes it durable, and only then truncates the log. */
    private void cut(long from, long to, String why) throws IOException {
        Path log = channel.path();
        Path side = log.resolveSibling(log.getFileName() + ".cut-" + CUT_STAMP.format(clock.instant()) + "-at-" + from);
        try (FileChannel out = FileChannel.open(side, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            for (long pos = from; pos < to; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
                channel.readFully(buf, pos);
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                pos += buf.limit();
            }
            out.force(true);
        }
        syncDirectory(side);
        channel.truncate(from);
        channel.force();
        bytesCut += to - from;
        cutFile = side.toString();
        actions.add(why + ": cut " + (to - from) + " bytes at offset " + from + ", kept in " + side.getFileName());
    }

    private LineCodec.Header decodeHeader(byte[] b, int lf) {
        try {
            return LineCodec.decodeHeader(b, 0, lf);
        } catch (LineCodec.UnsupportedVersion e) {
            throw new LogUnavailableException(channel.path().toString(), Reason.UNSUPPORTED_VERSION, e.getMessage(), e);
        } catch (FormatException e) {
            throw notALog(e.getMessage(), e);
        }
    }

    private LogUnavailableException notALog(String why, Exception cause) {
        return new LogUnavailableException(channel.path().toString(), Reason.NOT_A_LOG,
                why + "; the file was left untouched", cause);
    }

    /** A header cut short while the file was being created: a prefix of the magic, or nothing but zeros. */
    private static boolean looksLikeTornHeader(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        boolean zeros = s.chars().allMatch(c -> c == 0);
        return zeros || s.startsWith(LineCodec.MAGIC) || LineCodec.MAGIC.startsWith(s);
    }

    private static boolean validCheckpoint(LineScanner scanner) {
        if (!LineCodec.isCheckpoint(scanner.buffer(), scanner.start(), scanner.contentLength())) {
            return false;
        }
        try {
            LineCodec.decodeCheckpoint(scanner.buffer(), scanner.start(), scanner.contentLength());
            return true;
        } catch (FormatException e) {
            return false;
        }
    }

    private static LineCodec.Decoded decodeOrNull(byte[] b, int off, int len) {
        try {
            return LineCodec.decodeEntry(b, off, len > 0 && b[off + len - 1] == '\n' ? len - 1 : len);
        } catch (FormatException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] newSeed() {
        byte[] seed = new byte[LineCodec.HASH_BYTES];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    /** Makes a new directory entry durable (Linux allows fsync on a directory; elsewhere it is best effort). */
    static void syncDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported on this platform: the file's own fsync is all we can do.
        }
    }
}
