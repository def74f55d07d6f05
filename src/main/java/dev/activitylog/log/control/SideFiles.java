package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Durable file moves and copies: recovery never destroys bytes, it keeps them in a side file first. */
final class SideFiles {
    private static final DateTimeFormatter CUT_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private SideFiles() {
    }

    /**
     * Copies {@code [from, to)} of the log into {@code <log>.cut-<UTC time>-at-<from>}, makes the copy and its
     * directory entry durable, and only then truncates the log at {@code from} and fsyncs it. Returns the side file.
     */
    static Path cut(SharedChannel log, long from, long to, Instant now) throws IOException {
        Path file = log.path();
        Path side = file.resolveSibling(file.getFileName() + ".cut-" + CUT_STAMP.format(now) + "-at-" + from);
        try (FileChannel out = FileChannel.open(side, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            for (long pos = from; pos < to; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
                log.readFully(buf, pos);
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                pos += buf.limit();
            }
            out.force(true);
        }
        syncDirectory(side);
        log.truncate(from);
        log.force();
        return side;
    }

    /**
     * Creates {@code dir} and its missing parents, each one's entry made durable in its parent: an archive fsynced
     * into a directory whose own entry power loss can still take is not kept.
     */
    static void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        if (abs.getParent() != null) {
            createDirectories(abs.getParent());
        }
        try {
            Files.createDirectory(abs);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        syncDirectory(abs);
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
