package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.EntryRemovedException;
import dev.activitylog.log.entity.NewEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Removes expired sealed segments, oldest first (docs/file-format.md, "Retention"), outside every append lock: the
 * segment is archived (gzip, checked by reading it back) or not, the log records the removal in an entry of its own
 * (on disk before anything is removed), the segment leaves the handles and the directory, and its index rows are
 * deleted in bounded batches. A crash at any step leaves the segment in place with or without its record, or removed
 * with it: the next run goes on from there, and a recorded removal is finished without a second record.
 */
final class Retention {
    static final String ACTOR = "activity-log";
    static final String ARCHIVE_SUFFIX = ".gz";
    private static final int ROW_BATCH = 10_000;

    private Retention() {
    }

    /** What retention did in one run, one line per removed segment. */
    static List<String> run(LogEngine engine, LogWriter log, PendingRows rows, EntryIndex index, LogConfig config)
            throws IOException, SQLException {
        RetentionPolicy policy = config.retention();
        List<String> done = new ArrayList<>();
        RemovalRecords.Removal cutShort = null;
        // Only segments sealed before the run: the records it appends, and appends meanwhile, seal more, and a run
        // that chased them would never end under steady appends (or a size limit below a segment's).
        long activeAtStart = log.channels.activeSegment().firstSeq();
        for (boolean first = true; ; first = false) {
            List<Segments.Segment> all = log.channels.segments();
            if (all.size() < 2 || all.get(0).firstSeq() >= activeAtStart) {
                return done;
            }
            Segments.Segment oldest = all.get(0);
            CheckpointLine seal = seal(oldest);
            if (first) {
                // A run cut short after its record and before the segment left: the removal was decided and
                // recorded, so it is finished whatever the policy says now, and recorded once.
                RemovalRecords.Removal newest = newestRecord(engine);
                cutShort = newest != null && newest.names(oldest, seal) ? newest : null;
            }
            String detail;
            if (cutShort != null) {
                if (cutShort.archive() != null) {
                    archive(oldest.path(), oldest.path().getFileSystem().getPath(cutShort.archive()).getParent());
                }
                detail = "finished the removal its record (entry " + cutShort.seq() + ") names";
                cutShort = null;
            } else if (expired(policy, seal, log, config.clock().instant())) {
                String archive = policy.action() == RetentionPolicy.Action.ARCHIVE
                        ? archive(oldest.path(), policy.archiveDir()).toString() : null;
                NewEntry record = record(policy.action(), oldest, seal,
                        time(rows, oldest.firstSeq()) + ".." + time(rows, seal.seq()), archive);
                // On disk before the segment leaves, whatever the durability: else power loss could keep the
                // removal and lose its record, a gap that nothing excuses.
                engine.appendNoWait(record).awaitOnDisk();
                detail = record.detail();
            } else {
                return done;
            }
            remove(log, index, oldest, all.get(1));
            done.add(oldest.path().getFileName() + " " + detail);
        }
    }

    /** The record of a removal: docs/file-format.md, "Retention" ({@code times} is first..last, as written there). */
    static NewEntry record(RetentionPolicy.Action action, Segments.Segment s, CheckpointLine seal, String times,
                           String archive) {
        String detail = "entries=" + s.firstSeq() + ".." + seal.seq() + " time=" + times + " sealed-hash="
                + Fields.HEX.formatHex(seal.hash()) + " archive=" + (archive == null ? "none" : archive);
        return NewEntry.of(ACTOR, "retention." + action.name().toLowerCase(Locale.ROOT),
                s.path().getFileName().toString(), detail);
    }

    /** The segment leaves the handles and the directory (durably), then its index rows go in bounded batches. */
    private static void remove(LogWriter log, EntryIndex index, Segments.Segment oldest, Segments.Segment next)
            throws IOException, SQLException {
        log.channels.removeOldest(oldest, Files.size(oldest.path()));
        Files.delete(oldest.path());
        SideFiles.syncDirectory(oldest.path());
        for (long from = oldest.firstSeq(); from < next.firstSeq(); from += ROW_BATCH) {
            index.deleteRange(from, Math.min(next.firstSeq(), from + ROW_BATCH));
        }
    }

    /** The log's newest record of a removal (either action), or null. */
    private static RemovalRecords.Removal newestRecord(LogEngine engine) {
        RemovalRecords.Removal newest = null;
        for (RetentionPolicy.Action a : RetentionPolicy.Action.values()) {
            EntryQuery q = EntryQuery.newest(1).actor(ACTOR).action("retention." + a.name().toLowerCase(Locale.ROOT));
            for (Entry e : engine.query(q).entries()) {
                RemovalRecords.Removal r = RemovalRecords.Removal.of(e);
                if (r != null && (newest == null || r.seq() > newest.seq())) {
                    newest = r;
                }
            }
        }
        return newest;
    }

    /** The entry removed as EntryRemovedException, naming the archived segment that holds it if there is one. */
    static EntryRemovedException removed(LogConfig config, long seq) {
        RetentionPolicy p = config.retention();
        if (p == null || p.action() != RetentionPolicy.Action.ARCHIVE) {
            return new EntryRemovedException(seq, null);
        }
        try {
            Path holder = null;
            for (Segments.Segment a : Segments.archived(p.archiveDir(), config.fileName())) {
                if (a.firstSeq() <= seq) {
                    holder = a.path();
                }
            }
            return new EntryRemovedException(seq, holder == null ? null : holder.toString());
        } catch (IOException e) {
            return new EntryRemovedException(seq, p.archiveDir() + " (unreadable: " + e.getMessage() + ")");
        }
    }

    private static boolean expired(RetentionPolicy p, CheckpointLine seal, LogWriter log, Instant now) {
        return p.maxAge() != null && seal.time().plus(p.maxAge()).isBefore(now)
                || p.maxBytes() > 0 && log.channels.sealedBytes() + log.size() > p.maxBytes();
    }

    /** A sealed segment's last line: the checkpoint that sealed it. */
    static CheckpointLine seal(Segments.Segment s) throws IOException {
        try (FileChannel c = FileChannel.open(s.path(), StandardOpenOption.READ)) {
            int n = (int) Math.min(c.size(), 4096);
            ByteBuffer b = ByteBuffer.allocate(n);
            c.read(b, c.size() - n);
            byte[] tail = b.array();
            int end = tail.length - 1;
            int start = end - 1;
            while (start >= 0 && tail[start] != '\n') {
                start--;
            }
            if (end < 0 || tail[end] != '\n' || !CheckpointLine.isCheckpoint(tail, start + 1, end - start - 1)) {
                throw new IOException(s.path() + " does not end with its sealing checkpoint");
            }
            return CheckpointLine.decode(tail, start + 1, end - start - 1);
        } catch (FormatException e) {
            throw new IOException(s.path() + ": its sealing checkpoint does not parse: " + e.getMessage(), e);
        }
    }

    private static String time(PendingRows rows, long seq) throws SQLException {
        IndexRow r = rows.find(seq);
        return r == null || r.tsMicros() == null ? "unknown" : Fields.formatTime(Times.ofMicros(r.tsMicros()));
    }

    /**
     * {@code <archiveDir>/<segment>.gz}, written through a temporary file, fsynced, renamed, and read back: kept
     * only if it decompresses to exactly the segment's bytes. An archive left by an earlier run that crashed
     * before the removal is checked the same way and kept.
     */
    static Path archive(Path segment, Path archiveDir) throws IOException {
        SideFiles.createDirectories(archiveDir);
        Path target = archiveDir.resolve(segment.getFileName() + ARCHIVE_SUFFIX);
        byte[] original;
        if (Files.exists(target)) {
            original = digestOf(Files.newInputStream(segment), false);
        } else {
            Path temp = archiveDir.resolve(target.getFileName() + Segments.NEW_SUFFIX);
            MessageDigest sha = LineCodec.newSha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(segment), sha);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING);
                 GZIPOutputStream gz = new GZIPOutputStream(Channels.newOutputStream(out), 1 << 16)) {
                in.transferTo(gz);  // the segment is read once: compressed and digested together
                gz.finish();
                out.force(true);
            }
            original = sha.digest();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            SideFiles.syncDirectory(target);
        }
        if (!Arrays.equals(original, digestOf(Files.newInputStream(target), true))) {
            throw new IOException(target + " does not hold exactly the bytes of " + segment + "; the segment is kept");
        }
        return target;
    }

    private static byte[] digestOf(InputStream raw, boolean gzipped) throws IOException {
        MessageDigest sha = LineCodec.newSha256();
        try (InputStream in = new DigestInputStream(gzipped ? new GZIPInputStream(raw, 1 << 16) : raw, sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return sha.digest();
    }
}
