package dev.activitylog.log.control;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An archived segment ({@code <segment>.gz}) read as it is decompressed, never unpacked to disk. The reader's access
 * is a header read at offset 0 and then one forward walk, so the first {@link LogReader#HEADER_MAX} bytes are kept
 * and everything after is read in order; a read elsewhere is refused.
 */
final class GzipSource implements LogSource, AutoCloseable {
    private final Path path;
    private final InputStream in;
    private final byte[] head;
    private long position;

    private GzipSource(Path path) throws IOException {
        this.path = path;
        this.in = new GZIPInputStream(Files.newInputStream(path), 1 << 16);
        this.head = in.readNBytes(LogReader.HEADER_MAX);
        this.position = head.length;
    }

    static GzipSource open(Path path) throws IOException {
        return new GzipSource(path);
    }

    /** The decompressed size: one pass through the archive (its trailer holds the size only modulo 4 GiB). */
    static long size(Path path) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at < head.length) {
            int n = (int) Math.min(dst.remaining(), head.length - at);
            dst.put(head, (int) at, n);
            return n;
        }
        if (at != position) {
            throw new IOException(path + ": an archived segment is read forward only (asked for offset " + at
                    + ", at " + position + ")");
        }
        int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
            dst.position(dst.position() + n);
            position += n;
        }
        return n;
    }

    @Override
    public void readFully(ByteBuffer dst, long at) throws IOException {
        long pos = at;
        while (dst.hasRemaining()) {
            int n = read(dst, pos);
            if (n < 0) {
                throw new EOFException(path + ": end at " + pos);
            }
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
