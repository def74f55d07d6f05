package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sealed segments' offset files (docs/index-design.md, "Offsets"): {@code <segment>.idx}, the byte offset and
 * length of each of the segment's entries, 8 bytes per entry, so a read by number needs no index lookup. Derived and
 * disposable like the index: built from the index's rows once a sealed segment's rows are all committed, mapped into
 * memory (a mapping holds no file descriptor), and checked by every read (the line at the offset must be the entry
 * asked for, as for an index row); a file that is the wrong size or points at the wrong line is deleted, and the
 * index's row answers instead.
 */
final class OffsetFiles {
    static final String SUFFIX = ".idx";
    private static final Logger LOG = Logger.getLogger(OffsetFiles.class.getName());
    /** Index rows read at once while a file is built (the file itself, 8 bytes per entry, is held until written). */
    private static final int CHUNK = 10_000;

    /** One segment's mapped file: entries {@code firstSeq .. firstSeq + count - 1}. */
    private record Mapped(Path file, long firstSeq, long count, MappedByteBuffer map) {
        IndexRow row(long seq) {
            int at = (int) ((seq - firstSeq) * 8);  // absolute reads: safe for concurrent readers
            long offset = Integer.toUnsignedLong(map.getInt(at));
            return IndexRow.located(seq, offset, map.getInt(at + 4));
        }
    }

    private final ConcurrentSkipListMap<Long, Mapped> mapped = new ConcurrentSkipListMap<>();
    /**
     * Segments whose index rows name damaged or missing entries: not tried again, or every tick would read all their
     * rows once more; the next open (whose recovery may re-index them) tries again.
     */
    private final Set<Long> unbuildable = ConcurrentHashMap.newKeySet();

    static Path of(Path segment) {
        return segment.resolveSibling(segment.getFileName() + SUFFIX);
    }

    /** Where entry {@code seq} is, from its segment's offset file; null when it has none (then the index knows). */
    IndexRow find(long seq) {
        Map.Entry<Long, Mapped> e = mapped.floorEntry(seq);
        return e == null || seq >= e.getValue().firstSeq() + e.getValue().count() ? null : e.getValue().row(seq);
    }

    /** The offset file that gave {@code row} pointed elsewhere than the entry: it goes, the index answers. */
    void discard(IndexRow row) {
        Map.Entry<Long, Mapped> e = mapped.floorEntry(row.seq());
        if (e != null && mapped.remove(e.getKey(), e.getValue())) {
            LOG.warning(() -> e.getValue().file() + " gives entry " + row.seq() + " an offset that does not hold it:"
                    + " deleted, the index's rows answer for its segment until it is built again");
            deleteQuietly(e.getValue().file());
        }
    }

    /**
     * Maps the sealed segments' offset files that exist, builds the first one missing whose rows are all committed
     * (one per call: the maintenance timer calls it, outside every lock), and drops those of removed segments.
     */
    void maintain(LogWriter l, PendingRows pending, EntryIndex index) throws IOException, SQLException {
        List<Segments.Segment> segments = l.channels.segments();
        mapped.headMap(segments.get(0).firstSeq()).forEach((first, m) -> {
            mapped.remove(first);
            deleteQuietly(m.file());
        });
        unbuildable.removeIf(first -> first < segments.get(0).firstSeq());
        boolean tried = false;
        for (int i = 0; i + 1 < segments.size(); i++) {  // the last is the active segment
            Segments.Segment s = segments.get(i);
            long count = segments.get(i + 1).firstSeq() - s.firstSeq();
            if (mapped.containsKey(s.firstSeq()) || unbuildable.contains(s.firstSeq())) {
                continue;
            }
            Path file = of(s.path());
            if (!Files.exists(file) && !tried && pending.indexedUpTo() >= s.firstSeq() + count - 1) {
                tried = true;
                if (!build(file, s.firstSeq(), count, index)) {
                    unbuildable.add(s.firstSeq());
                }
            }
            map(file, s.firstSeq(), count);
        }
    }

    /**
     * After a roll: maps the offset file that the roll wrote for the segment it sealed (from the writer's record of
     * it), so that reads of that segment need no index lookup until the next tick. Never fails the append: without
     * the mapping, the index answers and the timer maps the file.
     */
    void sealed(LogWriter l) {
        List<Segments.Segment> segments = l.channels.segments();
        if (segments.size() < 2) {
            return;
        }
        Segments.Segment s = segments.get(segments.size() - 2);
        try {
            map(of(s.path()), s.firstSeq(), segments.get(segments.size() - 1).firstSeq() - s.firstSeq());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "offset file of " + s.path() + " not mapped at its seal; the timer maps it", e);
        }
    }

    private void map(Path file, long firstSeq, long count) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        if (Files.size(file) != count * 8) {
            LOG.warning(() -> file + " is not 8 bytes for each of its segment's " + count + " entries: deleted");
            deleteQuietly(file);
            return;
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            mapped.put(firstSeq, new Mapped(file, firstSeq, count, c.map(FileChannel.MapMode.READ_ONLY, 0, count * 8)));
        }
    }

    /** Writes {@code count} (offset, length) pairs as {@code file}: to {@code .new}, fsync, rename, directory fsync. */
    static void write(Path file, int[] pairs, int count) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + Segments.NEW_SUFFIX);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(2 * count * Integer.BYTES);
            buf.asIntBuffer().put(pairs, 0, 2 * count);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SideFiles.syncDirectory(file);
    }

    /** Writes the file from the index's rows (read in chunks); false when a row is missing or damaged. */
    private static boolean build(Path file, long firstSeq, long count, EntryIndex index) throws IOException, SQLException {
        if (count > Integer.MAX_VALUE / 2) {
            return false;
        }
        int[] pairs = new int[(int) (2 * count)];
        int k = 0;
        for (long from = firstSeq; from < firstSeq + count; from += CHUNK) {
            long to = Math.min(from + CHUNK, firstSeq + count) - 1;
            List<IndexRow> rows = index.range(from, to);
            if (rows.size() != to - from + 1
                    || rows.stream().anyMatch(r -> r.corrupt() || r.offset() > 0xFFFF_FFFFL)) {
                // Damaged or missing entries (or a segment past 4 GiB): reads of this segment stay with the index,
                // which names them.
                return false;
            }
            for (IndexRow r : rows) {
                pairs[k++] = (int) r.offset();
                pairs[k++] = r.length();
            }
        }
        write(file, pairs, (int) count);
        return true;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + file, e);
        }
    }
}
