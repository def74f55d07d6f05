package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * @param directory        where the log file, its lock file and cut-aside tails live
 * @param indexBatch       index rows kept in memory before they are written to the index in one transaction
 * @param embeddedIndex    the embedded H2 database file (without {@code .mv.db}) when the index is the module's own:
 *                         the engine then shuts it down on close and rebuilds it after an unclean shutdown; null
 *                         for an operator's database, which is left alone
 * @param syncInterval     with {@link Durability#INTERVAL}: the longest time written entries wait for an fsync
 * @param threads          makes the index writer thread (in a container: its ManagedThreadFactory)
 */
public record LogConfig(Path directory, String fileName, Durability durability, int indexBatch, Clock clock,
                        Path embeddedIndex, Duration syncInterval, ThreadFactory threads) {
    public static final String DEFAULT_FILE_NAME = "activity.log";
    public static final int DEFAULT_INDEX_BATCH = 1024;

    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    public LogConfig {
        if (indexBatch < 1) {
            throw new IllegalArgumentException("indexBatch must be positive");
        }
        if (syncInterval.isNegative()) {
            throw new IllegalArgumentException("syncInterval must not be negative");
        }
    }

    public static LogConfig defaults(Path directory) {
        return new LogConfig(directory, DEFAULT_FILE_NAME, Durability.NONE, DEFAULT_INDEX_BATCH, Clock.systemUTC(), null,
                DEFAULT_SYNC_INTERVAL, Thread::new);
    }

    public LogConfig withDurability(Durability value) {
        return new LogConfig(directory, fileName, value, indexBatch, clock, embeddedIndex, syncInterval, threads);
    }

    public LogConfig withIndexBatch(int value) {
        return new LogConfig(directory, fileName, durability, value, clock, embeddedIndex, syncInterval, threads);
    }

    public LogConfig withClock(Clock value) {
        return new LogConfig(directory, fileName, durability, indexBatch, value, embeddedIndex, syncInterval, threads);
    }

    public LogConfig withEmbeddedIndex(Path h2File) {
        return new LogConfig(directory, fileName, durability, indexBatch, clock, h2File, syncInterval, threads);
    }

    public LogConfig withSyncInterval(Duration value) {
        return new LogConfig(directory, fileName, durability, indexBatch, clock, embeddedIndex, value, threads);
    }

    public LogConfig withThreads(ThreadFactory value) {
        return new LogConfig(directory, fileName, durability, indexBatch, clock, embeddedIndex, syncInterval, value);
    }

    public Path file() {
        return directory.resolve(fileName);
    }

    Path lockFile() {
        return directory.resolve(fileName + ".lock");
    }
}
