package dev.activitylog.log.control;

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
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Removes expired sealed segments, oldest first (docs/file-format.md, "Retention"), outside every append lock: the
 * segment is archived (gzip, checked by reading it back) or not, the log records the removal in an entry of its own,
 * the segment leaves the handles and the directory, and its index rows are deleted in bounded batches. A crash at any
 * step leaves the segment in place, or removed with its record written: the next run goes on from there.
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
        while (true) {
            List<Segments.Segment> all = log.channels.segments();
            if (all.size() < 2) {
                return done;
            }
            Segments.Segment oldest = all.get(0);
            Segments.Segment next = all.get(1);
            CheckpointLine seal = seal(oldest);
            if (!expired(policy, seal, log, config.clock().instant())) {
                return done;
            }
            String archive = policy.action() == RetentionPolicy.Action.ARCHIVE
                    ? archive(oldest.path(), policy.archiveDir()).toString() : null;
            String detail = "entries=" + oldest.firstSeq() + ".." + seal.seq() + " time=" + time(rows, oldest.firstSeq())
                    + ".." + time(rows, seal.seq()) + " sealed-hash=" + Fields.HEX.formatHex(seal.hash())
                    + " archive=" + (archive == null ? "none" : archive);
            engine.append(NewEntry.of(ACTOR, "retention." + policy.action().name().toLowerCase(java.util.Locale.ROOT),
                    oldest.path().getFileName().toString(), detail));
            log.channels.removeOldest(oldest, Files.size(oldest.path()));
            Files.delete(oldest.path());
            SideFiles.syncDirectory(oldest.path());
            for (long from = oldest.firstSeq(); from < next.firstSeq(); from += ROW_BATCH) {
                index.deleteRange(from, Math.min(next.firstSeq(), from + ROW_BATCH));
            }
            done.add(oldest.path().getFileName() + " " + detail);
        }
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
        Files.createDirectories(archiveDir);
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
