package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second writer (another server, or a second deployment in this JVM) away from the log. The lock lives on a
 * file of its own: a lock on the log's channel would be released whenever an interrupt closes that channel.
 */
final class LogLock implements Closeable {
    private final FileChannel channel;
    private final FileLock lock;

    private LogLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LogLock acquire(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new LogUnavailableException(lockFile.toString(), Reason.IN_USE,
                    "another process or deployment holds the lock on this log", null);
        }
        return new LogLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
