package dev.activitylog.log.control;

import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.log.entity.VerifyReport.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.ObjIntConsumer;

/**
 * Walks a whole log file and checks what docs/file-format.md promises: the header, every line's CRC, contiguous
 * sequence numbers and the hash chain; and, when given the index, that every row points at its entry. Read-only:
 * it reports, it never repairs. The file is walked by {@link LogReader}; this class judges what each line means.
 */
final class Verifier implements LogReader.Reporter {

    /** Index rows of a sequence range, keyed by sequence number. */
    @FunctionalInterface
    interface IndexRows {
        Map<Long, IndexRow> range(long from, long to) throws SQLException;
    }

    private final List<Segments.Segment> segments;
    private final IndexCheck index;
    private final LongConsumer onCorrupt;
    private final List<Problem> problems = new ArrayList<>();
    private boolean more;
    private final byte[] key;
    private final AnchorCheck anchors;
    private int checkpoints;
    private long lastCheckpoint;
    private byte[] seed;
    // The walk: the chain head (null after damage: the next link cannot be checked), the next number expected.
    private byte[] previous;
    private long expected = 1;
    private long entries;
    private LogReader.Damage region;
    private RemovalRecords removals;
    private HeaderLine oldest;
    /** The segment being walked, its size, and the bytes of all segments checked so far. */
    private Segments.Segment segment;
    private long size;
    private long bytes;
    /** Problems by the first entry of the segment they were found in, the limit of the report aside. */
    private final Map<Long, Integer> problemsIn = new HashMap<>();
    private final List<Segments.Segment> walked = new ArrayList<>();

    /** How the walk gets at a segment's channel: the live log's bounded handles, or a file opened for the check. */
    @FunctionalInterface
    interface Access {
        void walk(Segments.Segment segment, Walk walk) throws IOException, SQLException;
    }

    @FunctionalInterface
    interface Walk {
        void apply(SizedChannel channel) throws IOException, SQLException;
    }

    private Verifier(List<Segments.Segment> segments, IndexRows index, long indexUpTo, LongConsumer onCorrupt,
                     byte[] key, List<AnchorCheck.Anchor> anchors) {
        this.key = key;
        this.anchors = new AnchorCheck(anchors, this::problem);
        this.segments = segments;
        this.index = index == null ? null : new IndexCheck(index, indexUpTo, this::problem);
        this.onCorrupt = onCorrupt;
    }

    /** @param checked told each segment walked and how many problems were found in it, once the walk is done */
    static VerifyReport verify(List<Segments.Segment> segments, Access access, IndexRows index, long indexUpTo,
                               LongConsumer onCorrupt, byte[] key, List<AnchorCheck.Anchor> anchors, Clock clock,
                               ObjIntConsumer<Segments.Segment> checked)
            throws IOException, SQLException {
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        Verifier v = new Verifier(segments, index, indexUpTo, onCorrupt, key, anchors);
        long entries = v.run(access);
        for (Segments.Segment s : v.walked) {
            checked.accept(s, v.problemsIn.getOrDefault(s.firstSeq(), 0));
        }
        return new VerifyReport(at, (System.nanoTime() - t0) / 1_000_000, segments.get(0).path().toString(), v.bytes,
                entries, v.index == null ? 0 : v.index.rowsChecked(), v.problems, v.more, v.checkpoints, v.lastCheckpoint, key != null);
    }

    private long run(Access access) throws IOException, SQLException {
        for (Segments.Segment s : segments) {
            segment = s;
            walked.add(s);
            access.walk(s, this::walkSegment);
            if (seed == null) {
                return 0;  // the first segment has no header: nothing can be checked
            }
        }
        endRegion(-1);
        String removed = oldest.firstSeq() > 1 ? removals.uncovered(oldest.prevHash()) : null;
        if (removed != null) {
            segment = segments.get(0);
            problem(1L, 0, removed);
        }
        if (index != null) {
            index.finish(expected);
        }
        anchors.finish(expected - 1, size);
        return entries;
    }

    private void walkSegment(SizedChannel c) throws IOException, SQLException {
        size = c.size();
        bytes += size;
        LogReader.HeaderRead header = LogReader.header(c.channel(), size);
        if (!(header instanceof LogReader.ValidHeader valid)) {
            problem(null, 0, "header: " + (header instanceof LogReader.NotAHeader n ? n.why() : "no complete header line"));
            return;
        }
        HeaderLine h = valid.header();
        if (seed == null) {
            oldest = h;
            removals = new RemovalRecords(h.firstSeq());
            seed = h.chainSeed();
            previous = h.prevHash();
            expected = h.firstSeq();
        } else {
            linkTo(h);
        }
        LogReader.walk(c.channel(), valid.end(), size, h.version(), this);
    }

    /** A later segment's header must continue the log where the one before it ended (docs/file-format.md). */
    private void linkTo(HeaderLine h) {
        endRegion(h.firstSeq());
        if (!Arrays.equals(h.chainSeed(), seed)) {
            problem(h.firstSeq(), 0, "the segment belongs to another log (its chain seed differs)");
        } else if (h.firstSeq() > expected) {
            for (long s = expected; s < h.firstSeq(); s++) {
                if (s - expected < VerifyReport.MAX_PROBLEMS) {
                    problem(s, 0, "missing: the segment holding it was removed (the next segment starts at entry "
                            + h.firstSeq() + ")");
                }
                onCorrupt.accept(s);
            }
        } else if (h.firstSeq() < expected) {
            problem(h.firstSeq(), 0, "the segment starts at entry " + h.firstSeq() + ", which the one before it holds");
        } else if (previous != null && !Arrays.equals(h.prevHash(), previous)) {
            problem(h.firstSeq(), 0, "the segment does not continue the chain: its prev-hash is not the hash of entry "
                    + (expected - 1));
        }
        expected = h.firstSeq();
        previous = h.prevHash();
    }

    /** A segment's channel and how much of it to check. */
    record SizedChannel(LogSource channel, long size) {
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
        anchors.entry(seq, d.hash(), off);
        previous = d.hash();
        expected = seq + 1;
        entries++;
        removals.entry(d.entry());
        if (index != null) {
            index.entry(seq, off, line.length());
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

    private void problem(Long seq, long offset, String what) {
        problemsIn.merge(segment.firstSeq(), 1, Integer::sum);
        if (problems.size() < VerifyReport.MAX_PROBLEMS) {
            // Offsets are within a segment: name it once there is more than one.
            problems.add(new Problem(seq, offset, segments.size() > 1 ? segment.path().getFileName() + ": " + what : what));
        } else {
            more = true;
        }
    }
}
