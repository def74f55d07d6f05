package dev.activitylog.log.control;

import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.log.entity.VerifyReport.Problem;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Walks a whole log file and checks what docs/file-format.md promises: the header, every line's CRC, contiguous
 * sequence numbers and the hash chain; and, when given the index, that every row points at its entry. Read-only:
 * it reports, it never repairs. The file is walked by {@link LogReader}; this class judges what each line means.
 */
final class Verifier implements LogReader.Reporter {
    private static final int INDEX_CHUNK = 10_000;

    /** Index rows of a sequence range, keyed by sequence number. */
    @FunctionalInterface
    interface IndexRows {
        Map<Long, IndexRow> range(long from, long to) throws SQLException;
    }

    private final SharedChannel channel;
    private final long size;
    private final IndexRows index;
    private final long indexUpTo;
    private final LongConsumer onCorrupt;
    private final List<Problem> problems = new ArrayList<>();
    private boolean more;
    private long indexRowsChecked;
    private final List<long[]> chunk = new ArrayList<>();
    private final byte[] key;
    private final CheckpointLine recorded;
    private int checkpoints;
    private long lastCheckpoint;
    private boolean recordedSeen;
    private byte[] seed;
    // The walk: the chain head (null after damage: the next link cannot be checked), the next number expected.
    private byte[] previous;
    private long expected = 1;
    private long entries;
    private LogReader.Damage region;

    private Verifier(SharedChannel channel, long size, IndexRows index, long indexUpTo, LongConsumer onCorrupt,
                     byte[] key, CheckpointLine recorded) {
        this.key = key;
        this.recorded = recorded;
        this.channel = channel;
        this.size = size;
        this.index = index;
        this.indexUpTo = indexUpTo;
        this.onCorrupt = onCorrupt;
    }

    /**
     * @param size      how much of the file to check (the committed size of a live log)
     * @param index     null to check the file alone
     * @param indexUpTo the last entry the index should have a row for (a live log goes on appending)
     * @param onCorrupt told the number of every entry whose bytes are damaged
     * @param key       checkpoint HMAC key; null to check checkpoints against the chain only
     * @param recorded  the index's copy of the last checkpoint, or null
     */
    static VerifyReport verify(SharedChannel channel, long size, IndexRows index, long indexUpTo, LongConsumer onCorrupt,
                               byte[] key, CheckpointLine recorded, Clock clock) throws IOException, SQLException {
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        Verifier v = new Verifier(channel, size, index, indexUpTo, onCorrupt, key, recorded);
        long entries = v.run();
        return new VerifyReport(at, (System.nanoTime() - t0) / 1_000_000, channel.path().toString(), size, entries,
                v.indexRowsChecked, v.problems, v.more, v.checkpoints, v.lastCheckpoint, key != null);
    }

    /** Checks a log file on its own: no index, no lock (a live log may be checked). */
    static VerifyReport verifyFile(Path file, byte[] key) throws IOException {
        try (SharedChannel channel = SharedChannel.openReadOnly(file)) {
            return verify(channel, channel.size(), null, 0, seq -> { }, key, null, Clock.systemUTC());
        } catch (SQLException e) {
            throw new IllegalStateException("no index is used here", e);
        }
    }

    private long run() throws IOException, SQLException {
        LogReader.HeaderRead header = LogReader.header(channel, size);
        if (!(header instanceof LogReader.ValidHeader valid)) {
            problem(null, 0, "header: " + (header instanceof LogReader.NotAHeader n ? n.why() : "no complete header line"));
            return 0;
        }
        seed = valid.header().chainSeed();
        previous = seed;
        LogReader.walk(channel, valid.end(), size, this);
        endRegion(-1);
        checkIndex();
        if (recorded != null && !recordedSeen) {
            problem(recorded.seq(), size, "the index database recorded a checkpoint at entry " + recorded.seq()
                    + " but the file ends at entry " + (expected - 1) + ": the log was truncated");
        }
        if (index != null && expected <= indexUpTo) {
            Map<Long, IndexRow> beyond = index.range(expected, indexUpTo);
            for (IndexRow r : beyond.values()) {
                problem(r.seq(), r.offset(), "index row for an entry that is not in the file");
            }
            indexRowsChecked += beyond.size();
        }
        return entries;
    }

    @Override
    public void entry(LogReader.Line line, LineCodec.Decoded d) throws SQLException {
        long seq = d.entry().seq();
        long off = line.offset();
        if (region != null) {
            endRegion(seq);
        } else if (seq != expected) {
            problem(seq, off, "sequence number " + seq + " where " + expected
                    + " was expected: entries were removed, inserted or reordered");
        }
        if (previous != null) {
            byte[] hash = LineCodec.chain(previous, line.buf(), line.start(), d.bodyLength());
            if (!Arrays.equals(hash, d.hash())) {
                problem(seq, off, "hash chain broken: the entry does not follow from the one before it"
                        + " (an entry was edited, removed, inserted or reordered)");
            }
        }
        if (recorded != null && seq == recorded.seq()) {
            recordedSeen = true;
            if (!Arrays.equals(d.hash(), recorded.hash())) {
                problem(seq, off, "the chain differs from the checkpoint the index database recorded at this entry:"
                        + " the file was rewritten up to here");
            }
        }
        previous = d.hash();
        expected = seq + 1;
        entries++;
        chunk.add(new long[]{seq, off, line.length()});
        if (chunk.size() == INDEX_CHUNK) {
            checkIndex();
        }
    }

    @Override
    public void damaged(LogReader.Damage damage) {
        // Which entries it held is known only from the next readable entry's number (a lost line feed joins two
        // entries into one unreadable line, so lines are not entries).
        region = damage;
        previous = null;
    }

    @Override
    public void torn(long offset, long length) {
        endRegion(-1);
        problem(expected, offset, "incomplete last line (" + length + " bytes): a torn write");
    }

    /**
     * Reports the damaged region that ends before the readable entry numbered {@code nextSeq} (-1: none follows):
     * every number from {@code expected} up to it is named damaged.
     */
    private void endRegion(long nextSeq) {
        LogReader.Damage r = region;
        if (r == null) {
            return;
        }
        region = null;
        int lines = r.lines().size();
        String what = "unreadable: " + r.firstError() + " (damaged region at offsets " + r.start() + ".." + r.end()
                + ", " + lines + (lines == 1 ? " line" : " lines");
        if (nextSeq >= 0 && nextSeq <= expected) {
            problem(null, r.start(), what + ", before entry " + nextSeq + " where " + expected
                    + " was expected: no entry number is missing)");
            return;
        }
        long last = nextSeq < 0 ? expected : nextSeq - 1;
        String held = nextSeq < 0 ? ", to the end of the file)"
                : ", where entr" + (last > expected ? "ies " + expected + ".." + last : "y " + expected) + " should be)";
        for (long s = expected; s <= last; s++) {
            problem(s, r.start(), what + held);
            onCorrupt.accept(s);
        }
    }

    @Override
    public void checkpoint(LogReader.Line line, CheckpointLine c) {
        long off = line.offset();
        if (region != null) {
            endRegion(c.seq() + 1);  // a checkpoint names the entry before it
            expected = c.seq() + 1;
        }
        long lastEntry = expected - 1;
        checkpoints++;
        if (c.seq() != lastEntry) {
            problem(c.seq(), off, "checkpoint for entry " + c.seq() + " stands after entry " + lastEntry
                    + ": entries were removed, inserted or reordered");
            return;
        }
        if (previous == null) {
            return;  // right after damage: the chain up to it cannot be checked (the damage is reported)
        }
        if (!Arrays.equals(c.hash(), previous)) {
            problem(c.seq(), off, "checkpoint hash differs from the chain: entries up to " + c.seq() + " were changed");
            return;
        }
        if (key != null) {
            if (c.mac() == null) {
                problem(c.seq(), off, "checkpoint has no MAC although a key is configured");
                return;
            }
            byte[] expectedMac = CheckpointLine.mac(key, seed, c.seq(), c.hash(), c.time());
            if (!java.security.MessageDigest.isEqual(expectedMac, c.mac())) {
                problem(c.seq(), off, "checkpoint MAC is wrong: it was not written with the configured key"
                        + " (the log was rewritten by someone without it, or the key is another one)");
                return;
            }
        }
        lastCheckpoint = c.seq();
    }

    private void checkIndex() throws SQLException {
        if (index == null || chunk.isEmpty()) {
            chunk.clear();
            return;
        }
        long from = chunk.get(0)[0];
        long to = chunk.get(chunk.size() - 1)[0];
        Map<Long, IndexRow> rows = index.range(Math.min(from, to), Math.max(from, to));
        for (long[] e : chunk) {
            IndexRow r = rows.get(e[0]);
            if (r == null) {
                problem(e[0], e[1], "no index row (restart the log to re-index it)");
            } else if (r.offset() != e[1] || r.length() != e[2]) {
                problem(e[0], e[1], "index row points at offset " + r.offset() + " length " + r.length()
                        + ", the entry is at offset " + e[1] + " length " + e[2]);
            }
        }
        indexRowsChecked += rows.size();
        chunk.clear();
    }

    private void problem(Long seq, long offset, String what) {
        if (problems.size() < VerifyReport.MAX_PROBLEMS) {
            problems.add(new Problem(seq, offset, what));
        } else {
            more = true;
        }
    }
}
