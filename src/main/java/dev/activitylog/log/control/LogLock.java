package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Keeps a second writer (another server, or a second deployment in this JVM) away from the log. The lock lives on a
 * file of its own: a lock on the log's channel would be released whenever an interrupt closes that channel.
 * <p>
 * The file lock only keeps other processes out. Inside one process a second open of the lock file must never
 * happen: on Linux closing <em>any</em> descriptor of a file drops every POSIX lock the process holds on it, so a
 * refused second try would hand the lock to the next process while the first holder still writes. A JVM-wide
 * registry is consulted first. It lives in the system properties because two deployments (or a redeployment whose
 * old instance has not closed yet) have class loaders of their own, and a static field would not be shared by them.
 */
final class LogLock implements Closeable {
    private static final String REGISTRY_PREFIX = "dev.activitylog.lock-held:";

    private final String key;
    private final String holder;
    private final FileChannel channel;
    private final FileLock lock;
    /** Held with the file lock, released before it: the node's lease on a shared index, or null. */
    private NodeLease lease;

    private LogLock(String key, String holder, FileChannel channel, FileLock lock) {
        this.key = key;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /** @param lockFile in a directory that exists */
    static LogLock acquire(Path lockFile) throws IOException {
        String key = REGISTRY_PREFIX + lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        String holder = "held by this JVM since " + Instant.now() + " (" + Thread.currentThread().getName() + ")";
        Object earlier = System.getProperties().putIfAbsent(key, holder);
        if (earlier != null) {
            throw inUse(lockFile, "another engine in this JVM holds the log (" + earlier + ")");
        }
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                // An OverlappingFileLockException cannot happen here (the registry is consulted first): fail loudly.
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();  // safe: no lock of this process is on the file (the registry says so)
                throw inUse(lockFile, "another process holds the lock on this log");
            }
            return new LogLock(key, holder, channel, lock);
        } catch (IOException | RuntimeException e) {
            System.getProperties().remove(key, holder);
            throw e;
        }
    }

    /** Holds {@code lease} as long as this lock, and releases it first. */
    void attach(NodeLease lease) {
        this.lease = lease;
    }

    /** Whether this node still holds its id on a shared index ({@link NodeLease#stillHeld}); true without one. */
    boolean leaseHeld() {
        NodeLease l = lease;
        return l == null || l.stillHeld();
    }

    private static LogUnavailableException inUse(Path lockFile, String why) {
        return new LogUnavailableException(lockFile.toString(), Reason.IN_USE, why, null);
    }

    @Override
    public void close() throws IOException {
        try {
            LogOpener.closeQuietly(lease);
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                System.getProperties().remove(key, holder);
            }
        }
    }
}
