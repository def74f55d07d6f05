package dev.activitylog.log.control;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one long-lived handle on the log file, shared by the writer and every reader through positional I/O.
 * <p>
 * A thread interrupted during (or entering) I/O on a {@link FileChannel} closes it for every thread. Like H2's
 * {@code FileRetryOnInterrupt}, an operation that finds the channel closed by someone else's interrupt (or its own)
 * reopens it and retries; the interrupt status is cleared for the retry and restored afterwards, so the interrupted
 * caller still sees it. Every operation here is positional, so a retry is idempotent: a retried write puts the same
 * bytes at the same offset.
 */
final class SharedChannel implements Closeable, LogSource {
    private static final int MAX_REOPENS = 8;

    @FunctionalInterface
    private interface Op<T> {
        T apply(FileChannel channel) throws IOException;
    }

    /** How the channel is opened; tests pass one that injects faults. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    private final Path path;
    private final Opener opener;
    private final OpenOption[] reopenOptions;
    private final Object reopenLock = new Object();
    private volatile FileChannel channel;
    private volatile boolean closed;
    private volatile long reopens;

    private SharedChannel(Path path, Opener opener, FileChannel channel, OpenOption... reopenOptions) {
        this.path = path;
        this.opener = opener;
        this.channel = channel;
        // No CREATE on reopen: if the file vanished meanwhile, that is an error to report, not a new empty log.
        this.reopenOptions = reopenOptions;
    }

    /** Opens (creating if absent) the file for reading and writing. */
    static SharedChannel open(Path path, Opener opener) throws IOException {
        return new SharedChannel(path, opener, opener.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE), StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Opens an existing file for reading only (verification of a file that may belong to a running log). */
    static SharedChannel openReadOnly(Path path) throws IOException {
        return new SharedChannel(path, FileChannel::open, FileChannel.open(path, StandardOpenOption.READ),
                StandardOpenOption.READ);
    }

    @Override
    public Path path() {
        return path;
    }

    /** How often the channel was reopened after an interrupt closed it. */
    long reopens() {
        return reopens;
    }

    long size() throws IOException {
        return call(FileChannel::size);
    }

    /** Fills {@code dst} from {@code position}; fails with EOFException if the file ends first. */
    @Override
    public void readFully(ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            long at = pos;
            int n = call(c -> c.read(dst, at));
            if (n < 0) {
                throw new EOFException(path + ": end of file at " + at + " reading " + dst.remaining() + " more bytes");
            }
            pos += n;
        }
    }

    /** Reads what is there, up to {@code dst.remaining()} bytes; returns the count, -1 at end of file. */
    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return call(c -> c.read(dst, position));
    }

    void writeFully(ByteBuffer src, long position) throws IOException {
        long pos = position;
        while (src.hasRemaining()) {
            long at = pos;
            pos += call(c -> c.write(src, at));
        }
    }

    void truncate(long size) throws IOException {
        call(c -> c.truncate(size));
    }

    void force() throws IOException {
        call(c -> {
            c.force(false);
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    private <T> T call(Op<T> op) throws IOException {
        boolean interrupted = false;
        try {
            for (int attempt = 0; ; attempt++) {
                FileChannel c = channel;
                try {
                    return op.apply(c);
                } catch (ClosedChannelException e) {
                    if (closed || attempt == MAX_REOPENS) {
                        throw e;
                    }
                    interrupted |= Thread.interrupted();
                    reopen(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void reopen(FileChannel failed) throws IOException {
        synchronized (reopenLock) {
            if (channel == failed && !closed) {
                channel = opener.open(path, reopenOptions);
                reopens++;
            }
        }
    }

}
