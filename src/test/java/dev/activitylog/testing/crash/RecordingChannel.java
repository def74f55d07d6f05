package dev.activitylog.testing.crash;

import dev.activitylog.testing.ForwardingChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A real channel whose writes, truncates and fsyncs are also recorded in a {@link Trace}. A channel on a directory
 * records its fsync as a directory fsync. Memory mapping is refused: its writes could not be recorded.
 */
final class RecordingChannel extends ForwardingChannel {
    private final Trace trace;
    /** The file's inode, or -1 for a directory. */
    private final long inode;
    private final String name;

    private RecordingChannel(FileChannel delegate, Trace trace, long inode, String name) {
        super(delegate);
        this.trace = trace;
        this.inode = inode;
        this.name = name;
    }

    static FileChannel file(FileChannel delegate, Trace trace, long inode) {
        return new RecordingChannel(delegate, trace, inode, null);
    }

    static FileChannel directory(FileChannel delegate, Trace trace, String name) {
        return new RecordingChannel(delegate, trace, -1, name);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        ByteBuffer copy = src.duplicate();
        int n = delegate.write(src, position);
        record(copy, n, position);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        // Recorded under the channel's monitor: the position and the bytes belong together.
        synchronized (this) {
            long position = delegate.position();
            ByteBuffer copy = src.duplicate();
            int n = delegate.write(src);
            record(copy, n, position);
            return n;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    private void record(ByteBuffer copy, int n, long position) {
        if (n > 0) {
            byte[] bytes = new byte[n];
            copy.get(bytes);
            trace.write(inode, position, bytes);
        }
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        trace.truncate(inode, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        delegate.force(metaData);
        if (inode < 0) {
            trace.dirSync(name);
        } else {
            trace.sync(inode);
        }
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("transferFrom is not recorded");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("a mapped file's writes cannot be recorded");
    }
}
