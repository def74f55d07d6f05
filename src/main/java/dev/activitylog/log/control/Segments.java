package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogWriteException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segment files of a log directory (docs/file-format.md, "Segments"): the first one is named as the log's one
 * file was before segments ({@code activity.log}), every later one by its first sequence number in 20 digits. Which
 * one is active is not written anywhere: it is the one with the highest first number.
 */
final class Segments {
    private static final Pattern NUMBERED = Pattern.compile("(\\d{20})\\.log");
    static final String NEW_SUFFIX = ".new";
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    /** A segment file and the number of its first entry (from its name). */
    record Segment(long firstSeq, Path path) {
    }

    private Segments() {
    }

    static String name(long firstSeq) {
        return String.format("%020d.log", firstSeq);
    }

    /**
     * The segments in the directory of {@code first}, oldest first: {@code first} itself (which may not exist yet:
     * a new log), unless retention removed it. Removes {@code *.log.new} files, which a crash while rolling (or replacing an empty segment's header) left behind
     * before they held any entry.
     */
    static List<Segment> list(Path first) throws IOException {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(first.toAbsolutePath().getParent())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                Matcher m = NUMBERED.matcher(name);
                if (m.matches()) {
                    long firstSeq = Long.parseLong(m.group(1));
                    if (firstSeq < 2) {
                        throw new IOException(p + ": a segment named for entry " + firstSeq + " beside " + first
                                + " (the first segment); move one of them away");
                    }
                    found.add(new Segment(firstSeq, p));
                } else if (name.endsWith(NEW_SUFFIX) && (name.equals(first.getFileName() + NEW_SUFFIX)
                        || NUMBERED.matcher(name.substring(0, name.length() - NEW_SUFFIX.length())).matches())) {
                    Files.delete(p);
                }
            }
        }
        // The first segment exists, or is about to (a new log); after retention removed it, the oldest left is first.
        if (found.isEmpty() || Files.exists(first)) {
            found.add(new Segment(1, first));
        }
        found.sort(Comparator.comparingLong(Segment::firstSeq));
        return found;
    }

    /**
     * The archived segments in {@code archiveDir} ({@code <segment file>.gz}, see Retention), oldest first; the first
     * segment's archive is {@code <firstName>.gz}. Empty when the directory does not exist.
     */
    static List<Segment> archived(Path archiveDir, String firstName) throws IOException {
        List<Segment> found = new ArrayList<>();
        if (archiveDir == null || !Files.isDirectory(archiveDir)) {
            return found;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(archiveDir, "*.log" + Retention.ARCHIVE_SUFFIX)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String segment = name.substring(0, name.length() - Retention.ARCHIVE_SUFFIX.length());
                Matcher m = NUMBERED.matcher(segment);
                if (segment.equals(firstName)) {
                    found.add(new Segment(1, p));
                } else if (m.matches()) {
                    found.add(new Segment(Long.parseLong(m.group(1)), p));
                }
            }
        }
        found.sort(Comparator.comparingLong(Segment::firstSeq));
        return found;
    }

    static boolean isArchive(Segment s) {
        return s.path().getFileName().toString().endsWith(Retention.ARCHIVE_SUFFIX);
    }

    /**
     * Creates the segment that starts at {@code header.firstSeq()}: the header goes to a {@code .new} file, which is
     * fsynced, renamed into place, and the directory fsynced, so that the segment either exists complete or not at
     * all after a crash, and no entry is written into a file whose name could still vanish.
     */
    static Segment create(Path directory, HeaderLine header) throws IOException {
        return new Segment(header.firstSeq(), write(directory.resolve(name(header.firstSeq())), header));
    }

    /**
     * Replaces a segment that holds nothing but its header by one with {@code header} (an older version's, upgraded:
     * docs/file-format.md, "Where version 2 begins"), the same way: a crash leaves the old file or the new one.
     */
    static void replace(Segment segment, HeaderLine header) throws IOException {
        write(segment.path(), header);
    }

    private static Path write(Path target, HeaderLine header) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + NEW_SUFFIX);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(header.encode());
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);  // replaces an existing target (POSIX rename)
        SideFiles.syncDirectory(target);
        return target;
    }

    /** A segment a roll created, open, and its size (its header's). */
    record Started(Segment segment, SharedChannel channel, long size) {
    }

    /**
     * {@link #create}s the next segment and opens it for the writer. A failure refuses the append that rolls, with
     * nothing stored (the sealed segment stays active; the next append tries again).
     */
    static Started start(Path directory, HeaderLine header, SharedChannel.Opener files) {
        Segment next;
        SharedChannel channel;
        try {
            next = create(directory, header);
            channel = SharedChannel.open(next.path(), files);
        } catch (IOException e) {
            throw new LogWriteException("append refused: the next segment could not be created (" + Failures.reason(e)
                    + ": " + e.getMessage() + "); nothing was stored", e);
        }
        try {
            return new Started(next, channel, channel.size());
        } catch (IOException e) {
            LogOpener.closeQuietly(channel);
            throw new LogWriteException("append refused: the new segment " + next.path().getFileName()
                    + " cannot be read (" + e.getMessage() + "); nothing was stored", e);
        }
    }

    /**
     * Whether the active segment holds an entry and is full, old enough, or of an older format version: it is sealed
     * before the next append (docs/file-format.md, "Where version 2 begins"). An older one without an entry cannot
     * be rolled (the next segment would have its name): the append is refused.
     *
     * @param version the active segment's format version
     * @param size    its size in bytes
     * @param created when it was created (its header's time)
     */
    static boolean rollDue(Segment active, int version, long lastSeq, long size, Instant created, LogConfig config,
                           Instant now) {
        boolean older = version < LineCodec.CURRENT;
        if (lastSeq < active.firstSeq()) {
            if (older) {
                throw new LogWriteException("append refused: the active segment " + active.path().getFileName()
                        + " is of format version " + version + " and holds no readable entry, so it can neither take a"
                        + " version " + LineCodec.CURRENT + " entry nor be rolled; move it aside; nothing was stored",
                        null);
            }
            return false;
        }
        return older || size >= config.segmentBytes()
                || config.segmentAge() != null && !created.plus(config.segmentAge()).isAfter(now);
    }

    /** Makes a sealed segment read-only on disk (where the file system has permissions; elsewhere a no-op). */
    static void makeReadOnly(Path sealed) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(sealed);
            if (perms.removeAll(WRITE)) {
                Files.setPosixFilePermissions(sealed, perms);
            }
        } catch (UnsupportedOperationException e) {
            // No POSIX permissions on this file system: sealed by convention only.
        }
    }
}
