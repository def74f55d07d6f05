package dev.activitylog.log.control;

import dev.activitylog.testing.ForwardingChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** A real FileChannel that can be told to fail like a full disk (a short write, then ENOSPC) or a failing fsync. */
final class FaultyChannel extends ForwardingChannel {
    /** Switches shared by every channel the opener hands out (the log reopens its channel after interrupts). */
    static final class Faults implements SharedChannel.Opener {
        volatile int writeBytesBeforeFailure = -1;
        volatile boolean failForce;
        volatile boolean failTruncate;
        /** While set and not counted down, every fsync waits for it: a disk that hangs. */
        volatile java.util.concurrent.CountDownLatch hangForce;

        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
            return new FaultyChannel(FileChannel.open(path, options), this);
        }

        void heal() {
            writeBytesBeforeFailure = -1;
            failForce = false;
            failTruncate = false;
        }
    }

    private final Faults faults;

    private FaultyChannel(FileChannel delegate, Faults faults) {
        super(delegate);
        this.faults = faults;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int allowed = faults.writeBytesBeforeFailure;
        if (allowed < 0) {
            return delegate.write(src, position);
        }
        if (allowed > 0 && src.remaining() > 0) {
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(allowed, part.remaining()));
            delegate.write(part, position);
        }
        throw new IOException("No space left on device");
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.failForce) {
            throw new IOException("Input/output error");
        }
        java.util.concurrent.CountDownLatch hang = faults.hangForce;
        if (hang != null) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the disk hung", e);
            }
        }
        delegate.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (faults.failTruncate) {
            throw new IOException("Input/output error");
        }
        delegate.truncate(size);
        return this;
    }
}
