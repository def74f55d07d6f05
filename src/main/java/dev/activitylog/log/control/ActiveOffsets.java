package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the active segment's entries are, from the first appended since it became active or since the log opened
 * (earlier ones: the index's rows), so that a read of a recent entry needs no index row (docs/index-design.md,
 * "Offsets"). Written by the appender under the write lock, after the entry's bytes are in the file and before its
 * number is published; read without a lock by readers that have seen that number, which makes the slot visible.
 * Bounded by the segment: 8 bytes per entry.
 */
final class ActiveOffsets {
    private static final Logger LOG = Logger.getLogger(ActiveOffsets.class.getName());
    private final long firstSeq;
    /** Offset and length of entry {@code firstSeq + k} at {@code 2k} and {@code 2k + 1}. */
    private volatile int[] pairs = new int[2 * 1024];
    private int count;
    /** Set when an offset no longer fits (a segment past 4 GiB): nothing more is recorded. */
    private boolean full;

    ActiveOffsets(long firstSeq) {
        this.firstSeq = firstSeq;
    }

    /**
     * The active segment's record as a clean close left it in its offset file, when that file covers every entry
     * up to {@code lastSeq}; else a new record from the next entry on. Offsets of written entries never change, so a
     * file is right for the entries it covers; one that covers more (a cut tail) or fewer is not used.
     */
    static ActiveOffsets open(Segments.Segment active, long lastSeq) {
        Path file = OffsetFiles.of(active.path());
        long entries = lastSeq - active.firstSeq() + 1;
        try {
            if (entries > 0 && entries < Integer.MAX_VALUE / 2 && Files.exists(file) && Files.size(file) == 8 * entries) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
                ActiveOffsets loaded = new ActiveOffsets(active.firstSeq());
                int[] p = new int[(int) (2 * entries + 2 * 1024)];
                b.asIntBuffer().get(p, 0, (int) (2 * entries));
                loaded.pairs = p;
                loaded.count = (int) entries;
                return loaded;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "offset file " + file + " not used", e);
        } finally {
            // Read once, then gone: the segment grows from here, and a crash must not find an old record beside it.
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.FINE, "offset file " + file + " not deleted", e);
            }
        }
        return new ActiveOffsets(lastSeq + 1);
    }

    /** Writes the record as {@code segment}'s offset file, if it covers the segment from its first entry. */
    void save(Segments.Segment segment) {
        if (full || firstSeq != segment.firstSeq() || count == 0) {
            return;
        }
        try {
            OffsetFiles.write(OffsetFiles.of(segment.path()), pairs, count);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "offset file of " + segment.path() + " not written; it is built from the index"
                    + " instead", e);
        }
    }

    /** Records the entry just written; called once per entry, in order. */
    void add(long seq, long offset, int length) {
        if (full || seq != firstSeq + count || offset > 0xFFFF_FFFFL) {
            full = true;
            return;
        }
        int[] p = pairs;
        if (2 * count + 2 > p.length) {
            p = Arrays.copyOf(p, p.length + p.length / 2);  // 1.5×: the record is as large as the segment is long
        }
        p[2 * count] = (int) offset;
        p[2 * count + 1] = length;
        pairs = p;  // the volatile write after the slot: a reader of the new array sees it
        count++;
    }

    /** Where published entry {@code seq} is, or null when it was appended before this record began. */
    IndexRow find(long seq) {
        long k = seq - firstSeq;
        int[] p = pairs;
        if (k < 0 || 2 * k + 1 >= p.length) {
            return null;
        }
        int length = p[(int) (2 * k + 1)];
        // 0: not recorded (the slot of an entry past the recorded ones, or after the record stopped).
        return length == 0 ? null : IndexRow.located(seq, Integer.toUnsignedLong(p[(int) (2 * k)]), length);
    }
}
